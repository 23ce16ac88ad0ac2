"""How a worker proves who they are on a page reached by a link (no account needed): a code
sent on request to the worker's consent number (accounts.contact.consent_number_for: the civil
registry's mobile, else the worker's own proven account's), or a national identity sign-in in
this browser (accounts.proofs). A right code is remembered as a fresh proof of that number for
the next few minutes, as a sign-in would be.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.contact import consent_number_for, masked
from accounts.models import SmsCode
from accounts.proofs import ACTS, proof_record
from accounts.registry import RegistryUnavailableError
from accounts.sms_codes import SmsCodeError, sms_code_issue, sms_code_verify
from employment.proofs import WorkerProof, method_for_source, session_proof

CODE_KEY = "_worker_code"


@dataclass(frozen=True)
class Outcome:
    """What a proof step gives the page: the proof, or a sentence for the person."""

    proof: WorkerProof | None = None
    info: str = ""
    error: str = ""


def identity_sign_in_url(request: HttpRequest) -> str:
    """The national identity sign-in, back to this page."""
    return f"{reverse('accounts:national-id')}?{urlencode({'next': request.get_full_path()})}"


def code_send(request: HttpRequest, *, civil_id: str, act: str, scope: str) -> Outcome:
    """Send a confirmation code for `act` (one of accounts.proofs.ACTS) to the consent number of
    `civil_id`, remembered in the session for `scope` (the page's case)."""
    if not civil_id:
        return Outcome(error=_("The ministry holds no civil or resident number for you here."))
    try:
        number = consent_number_for(civil_id=civil_id)
    except RegistryUnavailableError as error:
        return Outcome(error=error.message)
    if number is None:
        return Outcome(
            error=_(
                "The civil registry holds no mobile for you: sign in with the national digital "
                "identity instead, or visit a Sanad centre."
            )
        )
    try:
        code = sms_code_issue(
            phone=number.number,
            purpose=SmsCode.Purpose.STEP_UP,
            user=number.account,
            civil_id=civil_id,
            context={"act": ACTS().get(act, act)},
        )
    except SmsCodeError as error:
        return Outcome(error=error.message)
    request.session[CODE_KEY] = {"id": code.pk, "source": number.source, "scope": scope}
    return Outcome(
        info=_("A code was sent to your registered mobile %(number)s.")
        % {"number": masked(number.number)}
    )


def code_pending(request: HttpRequest, *, scope: str) -> bool:
    pending = request.session.get(CODE_KEY)
    return isinstance(pending, dict) and pending.get("scope") == scope


def proof_for(request: HttpRequest, *, civil_id: str, scope: str, code: str) -> Outcome:
    """The fresh proof of `civil_id`: this browser's (a sign-in or an earlier code), else the
    `code` sent for `scope`, checked now (a wrong code counts against it)."""
    proof = session_proof(request, civil_id=civil_id)
    if proof is not None:
        return Outcome(proof=proof)
    pending = request.session.get(CODE_KEY)
    code = (code or "").strip()
    if not civil_id or not code or not code_pending(request, scope=scope):
        return Outcome(
            error=_(
                "Prove that you are the worker first: ask for a code to your registered mobile, "
                "or sign in with the national digital identity. Nothing was changed."
            )
        )
    assert isinstance(pending, dict)
    try:
        sms_code_verify(
            code_id=int(pending["id"]),
            token=code,
            purpose=SmsCode.Purpose.STEP_UP,
            civil_id=civil_id,
        )
    except SmsCodeError as error:
        return Outcome(error=error.message)
    request.session.pop(CODE_KEY, None)
    method = method_for_source(str(pending.get("source", "")))
    proof_record(request, method=method, civil_id=civil_id)
    return Outcome(proof=WorkerProof(method=method, civil_id=civil_id))
