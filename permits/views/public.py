"""Pages anyone may open without signing in: the check of a permit certificate (its QR code),
and the worker's consent to a transfer (the link in their SMS).

Both are reached by an unguessable token in the address. They show only what the reader needs,
are never cached or indexed, and send no referrer, so the token does not leak to other sites.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import ProofMethod, User
from accounts.proofs import fresh_proof, step_up_url
from core.http import private_page
from core.worker_languages import worker_page
from permits.models import PermitTransfer
from permits.selectors import (
    permit_get_by_token_all_establishments,
    today,
    transfer_get_by_token,
)
from permits.services import PermitError, TransferProofError, permit_transfer_answer
from permits.verification import public_state
from taxonomy.selectors import occupation_titles

MAX_TOKEN = 64


def _occupation_title(code: str) -> str:
    occupation = occupation_titles(codes={code}).get(code)
    return occupation.title if occupation else ""


@require_http_methods(["GET", "HEAD"])
def verify_permit_view(request: HttpRequest, token: str) -> HttpResponse:
    """Whether the permit behind a certificate is valid today, with the worker's name, the
    occupation, the employer, the number and the dates: nothing else (no passport, nationality,
    birth date, salary or registration number)."""
    permit = permit_get_by_token_all_establishments(token=token[: MAX_TOKEN + 1])
    if permit is None:
        return private_page(
            render(request, "permits/public/verify.html", {"permit": None}, status=404)
        )
    valid, statement = public_state(permit, today())
    context = {
        "permit": permit,
        "valid": valid,
        "statement": statement,
        "occupation_title": _occupation_title(permit.occupation_code),
        "employer_name": permit.establishment.name,
    }
    return private_page(render(request, "permits/public/verify.html", context))


CODE = re.compile(r"\d{6}")


def _transfer_proof(request: HttpRequest, transfer: PermitTransfer) -> str | None:
    """The method of a fresh proof, in this session, of the worker whose consent is asked."""
    if not transfer.worker_civil_id:
        return None
    return fresh_proof(request, civil_id=transfer.worker_civil_id)


def _worker_account(request: HttpRequest, transfer: PermitTransfer) -> User | None:
    """The signed-in account, when it is of the worker whose consent is asked."""
    user = request.user
    if isinstance(user, User) and user.civil_id and user.civil_id == transfer.worker_civil_id:
        return user
    return None


@worker_page("permits/public/transfer_consent.html")
@require_http_methods(["GET", "HEAD", "POST"])
def transfer_consent_view(request: HttpRequest, token: str) -> HttpResponse:
    """The worker agrees to or declines a new employer's request to take over their permit.

    GET shows the request (or its outcome once answered); POST records the answer and comes
    back here. The answer needs proof at the time it is given: the 6-digit code sent with the
    link to the worker's verified number, or a fresh proof of the worker's own number in this
    session (signed in through the national identity, or a code to the registry's mobile).
    An unknown link is 404; an expired or answered one, or an answer without proof, says so
    and changes nothing.
    """
    transfer = transfer_get_by_token(token=token[: MAX_TOKEN + 1])
    if transfer is None:
        return private_page(
            render(request, "permits/public/transfer_consent.html", {"transfer": None}, status=404)
        )
    error = ""
    status = 200
    proven_by = _transfer_proof(request, transfer)
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        code = request.POST.get("code", "").strip()
        if answer not in {"agree", "decline"}:
            error, status = _("Choose Agree or Decline."), 400
        elif proven_by is None and not CODE.fullmatch(code):
            error, status = _("Enter the 6-digit code from the text message."), 400
        else:
            # the worker's own account, when they answer signed in with the proof
            try:
                permit_transfer_answer(
                    token=transfer.consent_token,
                    agree=answer == "agree",
                    code="" if proven_by else code,
                    proven_by=proven_by or "",
                    actor=_worker_account(request, transfer) if proven_by else None,
                )
            except TransferProofError as exc:
                error, status = exc.message, 403
            except PermitError as exc:
                error, status = exc.message, 409
            except ValidationError as exc:
                error, status = " ".join(exc.messages), 409
            else:
                return private_page(redirect(request.path))
            transfer.refresh_from_db()
    expired = (
        transfer.status == PermitTransfer.Status.AWAITING_CONSENT
        and transfer.expires_at <= timezone.now()
    )
    context = {
        "transfer": transfer,
        "error": error,
        "expired": expired or transfer.status == PermitTransfer.Status.EXPIRED,
        "awaiting": transfer.status == PermitTransfer.Status.AWAITING_CONSENT and not expired,
        "permit_number": transfer.permit.number,
        "current_employer": transfer.permit.establishment.name,
        "new_employer": transfer.to_establishment.name,
        "occupation_title": _occupation_title(transfer.occupation_code),
        "new_permit": transfer.new_permit,
        "proven_by": ProofMethod(proven_by).label if proven_by else "",
        # the worker may prove who they are in the portal instead (sign-in, then proof)
        "prove_url": step_up_url(request.path, act="transfer")
        if proven_by is None
        and transfer.worker_civil_id
        and (not request.user.is_authenticated or _worker_account(request, transfer) is not None)
        else "",
    }
    return private_page(
        render(request, "permits/public/transfer_consent.html", context, status=status)
    )
