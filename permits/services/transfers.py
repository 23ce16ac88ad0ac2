"""Transfer of a worker's permit to a new employer, with the worker's proven consent.

The worker is asked only through a verified number of their civil or resident card number
(`accounts.contact.consent_number_for`: the civil registry's mobile, else their own proven
account's), never through the number an employer typed. The SMS carries a link and a 6-digit
code; agreeing and declining each need that code, or a fresh proof of who the worker is in the
portal (`accounts.proofs.fresh_proof`), and the transfer records which (`proof_method`). The
code is kept only as an HMAC keyed by SECRET_KEY and bound to the link's token, compared in
constant time; after MAX_CODE_FAILURES wrong codes only a fresh proof can answer.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.contact import consent_number_for
from accounts.models import ProofMethod, User
from accounts.registry import RegistryUnavailableError
from core.services import audit_record
from core.workflow import advance
from employers.access import chamber_refusal, employer_act
from employers.models import Establishment, Service
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue
from permits.models import Permit, PermitTransfer
from permits.questions import transfer_clearance
from permits.services.applications import WorkerAndJob, permit_file
from permits.services.lifecycle import PermitError

TRANSFER_CONSENT_DAYS = 7
MAX_CODE_FAILURES = 5


class TransferProofError(PermitError):
    """The answer was not proven: no code, a wrong code, or no more codes accepted."""


def _consent_url(token: str) -> str:
    with translation.override("ar"):
        path = reverse("permits:transfer-consent", args=[token])
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def _code_hash(token: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"permit-transfer:{token}:{code}".encode(), hashlib.sha256).hexdigest()


def _cannot_be_asked() -> PermitError:
    return PermitError(
        _(
            "The worker cannot be asked: the portal knows no verified mobile number for them "
            "(the civil registry holds none for their civil or resident card number, and they "
            "have no portal account with a proven identity). Nothing was sent."
        )
    )


@employer_act(Service.PERMITS, actor="requested_by", establishment="to_establishment")
def permit_transfer_request(
    *,
    to_establishment: Establishment,
    requested_by: User,
    permit_number: str,
    passport_number: str,
    occupation_code: str,
    job_level: int,
    monthly_salary: Decimal,
) -> PermitTransfer:
    """A new employer asks to take over a worker's valid permit. The permit is found only by its
    number and the worker's passport number together (one wrong answer for both); the worker
    gets an SMS with a link and a code, to agree or decline within 7 days, at the verified
    number of their civil or resident card number only.

    Raises PermitError (nothing written, nothing sent) when no valid permit matches, when the
    worker's civil or resident card number is not on record or has no verified number, when
    the civil registry cannot be reached, or when the move is not allowed; ValidationError for
    a new job that is not valid.
    """
    from permits.services.applications import application_validate

    not_found = PermitError(_("No valid permit matches this permit number and passport number."))
    permit = (
        Permit.objects.filter(
            number=(permit_number or "").strip().upper(),
            passport_number=(passport_number or "").strip().upper(),
            status__in=Permit.VALID,
        )
        .select_related("establishment", "employee")
        .first()
    )
    if permit is None:
        raise not_found
    if permit.establishment_id == to_establishment.pk:
        raise PermitError(_("The worker already works for this establishment."))
    refusal = chamber_refusal(establishment=to_establishment, service=Service.PERMITS)
    if refusal is not None:
        raise PermitError(refusal)
    # the new job must itself be valid
    cleaned = application_validate(
        WorkerAndJob(
            worker_name_ar=permit.worker_name_ar,
            worker_name_en=permit.worker_name_en,
            nationality=permit.nationality,
            passport_number=permit.passport_number,
            passport_expiry=permit.passport_expiry,
            date_of_birth=permit.date_of_birth,
            occupation_code=occupation_code,
            job_level=job_level,
            monthly_salary=str(monthly_salary),
            requested_start=timezone.localdate(),
        ),
        on=timezone.localdate(),
    )
    # A worker still bound by a contract moves only with the employer's no-objection record
    # (asked again under the lock below; asked here first so the registry is not asked for
    # a move that is refused anyway).
    if not (clearance := transfer_clearance.ask(permit=permit)).allowed:
        raise PermitError(clearance.reason)
    civil_id = permit.worker_number
    if not civil_id:
        raise PermitError(
            _(
                "The worker cannot be asked: their civil or resident card number is not on "
                "record with this permit. Nothing was sent."
            )
        )
    # Asked before any row is locked: the registry is another system, on the network.
    try:
        number = consent_number_for(civil_id=civil_id)
    except RegistryUnavailableError as error:
        raise PermitError(error.message) from None
    if number is None:
        raise _cannot_be_asked()
    sent_via = ProofMethod.REGISTRY_SMS if number.source == "registry" else ProofMethod.ACCOUNT_SMS
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        Permit.objects.select_for_update().get(pk=permit.pk)
        if PermitTransfer.objects.filter(
            permit=permit, status=PermitTransfer.Status.AWAITING_CONSENT
        ).exists():
            raise PermitError(_("A transfer of this permit is already waiting for consent."))
        clearance = transfer_clearance.ask(permit=permit)
        if not clearance.allowed:
            raise PermitError(clearance.reason)
        transfer = PermitTransfer(
            permit=permit,
            to_establishment=to_establishment,
            requested_by=requested_by,
            occupation_code=str(cleaned["occupation_code"]),
            job_level=int(cleaned["job_level"]),  # type: ignore[call-overload]
            monthly_salary=cleaned["monthly_salary"],  # type: ignore[misc]
            expires_at=timezone.now() + datetime.timedelta(days=TRANSFER_CONSENT_DAYS),
            worker_civil_id=civil_id,
            consent_sent_via=sent_via,
        )
        transfer.consent_code_hash = _code_hash(transfer.consent_token, code)
        transfer.save()
        audit_record(
            actor=requested_by,
            action="permits.transfer_requested",
            obj=permit,
            after={
                "to": to_establishment.cr_number,
                "transfer": transfer.pk,
                "consent_sent_via": sent_via,
            },
        )
        if clearance.record_use is not None:
            clearance.record_use(transfer)
        language = (
            number.account.preferred_language
            if number.account is not None and number.account.preferred_language
            else permit.worker_language or "en"
        )
        try:
            sms_enqueue(
                template_code="permit_transfer_consent",
                context={
                    "employer": to_establishment.name_en
                    if language == "en"
                    else to_establishment.name_ar,
                    "permit_number": permit.number,
                    "link": _consent_url(transfer.consent_token),
                    "code": code,
                },
                idempotency_key=f"permit-transfer:{transfer.pk}:consent",
                recipient=number.account,
                to_number=number.number,
                language=language,
            )
        except InvalidPhoneNumberError:
            raise _cannot_be_asked() from None
    return transfer


def permit_transfer_answer(
    *,
    token: str,
    agree: bool,
    code: str = "",
    proven_by: str = "",
    actor: User | None = None,
) -> PermitTransfer:
    """The worker agrees or declines, proven at the time of the answer: by the `code` sent with
    the link, or by `proven_by`, the method of a fresh proof of the transfer's worker number
    the caller found in the worker's session (`accounts.proofs.fresh_proof`). `actor` is the
    worker's portal account when they answer signed in.

    Agreement files a transfer permit for the new employer (same checks as a new application,
    flat transfer fee); the old permit ends as TRANSFERRED when the new one is issued. Raises
    TransferProofError for a missing or wrong code (a wrong code is counted; after
    MAX_CODE_FAILURES only a fresh proof answers), and PermitError for an unknown, answered or
    expired link, or when the permit is no longer valid (the request is then closed, and stays
    closed). A refused answer changes nothing else.
    """
    if proven_by and proven_by not in ProofMethod.values:
        raise ValueError(f"unknown proof method {proven_by!r}")
    closed: str | None = None
    with transaction.atomic():
        transfer = (
            PermitTransfer.objects.select_for_update()
            .filter(consent_token=token)
            .select_related("permit", "to_establishment")
            .first()
        )
        if transfer is None:
            raise PermitError(_("This link is not valid."))
        if transfer.status != PermitTransfer.Status.AWAITING_CONSENT:
            raise PermitError(_("This request was already answered."))
        old_status = Permit.objects.select_for_update().get(pk=transfer.permit_id).status
        if transfer.expires_at <= timezone.now():
            closed = PermitTransfer.Status.EXPIRED
        elif old_status not in Permit.VALID:
            closed = PermitTransfer.Status.CANCELLED
        if closed is not None:
            advance(transfer, closed)
            transfer.save(update_fields=["status", "updated_at"])
    if closed == PermitTransfer.Status.EXPIRED:
        raise PermitError(_("This request has expired: ask the employer to send a new one."))
    if closed == PermitTransfer.Status.CANCELLED:
        raise PermitError(
            _("The permit is no longer valid, so it cannot be transferred: ask the employer.")
        )
    with transaction.atomic():
        transfer = (
            PermitTransfer.objects.select_for_update()
            .select_related("permit", "to_establishment")
            .get(pk=transfer.pk)
        )
        if transfer.status != PermitTransfer.Status.AWAITING_CONSENT:
            raise PermitError(_("This request was already answered."))
        if Permit.objects.select_for_update().get(pk=transfer.permit_id).status not in Permit.VALID:
            raise PermitError(
                _("The permit is no longer valid, so it cannot be transferred: ask the employer.")
            )
        method = proven_by or _code_proof(transfer, code)
        if method is not None:
            return _answer(transfer, agree=agree, method=method, actor=actor)
        # the wrong code is counted (committed), then the answer is refused
        refusal = _count_wrong_code(transfer, code)
    raise refusal


def _code_proof(transfer: PermitTransfer, code: str) -> str | None:
    """The method a right `code` proves (where it was sent), or None."""
    code = (code or "").strip()
    if (
        not code
        or not transfer.consent_code_hash
        or not transfer.consent_sent_via
        or transfer.consent_code_failures >= MAX_CODE_FAILURES
    ):
        return None
    if not hmac.compare_digest(
        transfer.consent_code_hash, _code_hash(transfer.consent_token, code)
    ):
        return None
    return transfer.consent_sent_via


def _count_wrong_code(transfer: PermitTransfer, code: str) -> TransferProofError:
    """Record a wrong code (the caller holds the row lock) and say why the answer is refused."""
    prove_instead = _(
        "You can still answer after signing in to the portal and proving who you are."
    )
    if transfer.consent_code_failures >= MAX_CODE_FAILURES or not transfer.consent_code_hash:
        return TransferProofError(
            _("This request can no longer be answered with a code.") + " " + prove_instead
        )
    if not (code or "").strip():
        return TransferProofError(_("Enter the 6-digit code from the text message."))
    transfer.consent_code_failures += 1
    transfer.save(update_fields=["consent_code_failures", "updated_at"])
    audit_record(
        actor=None,
        actor_label="worker",
        action="permits.transfer_code_failed",
        obj=transfer.permit,
        after={"transfer": transfer.pk, "failures": transfer.consent_code_failures},
    )
    left = MAX_CODE_FAILURES - transfer.consent_code_failures
    if left <= 0:
        return TransferProofError(
            _("Too many wrong codes: this request can no longer be answered with a code.")
            + " "
            + prove_instead
        )
    return TransferProofError(_("That code is not right. Check the text message and try again."))


def _answer(
    transfer: PermitTransfer, *, agree: bool, method: str, actor: User | None
) -> PermitTransfer:
    """Record the proven answer (the caller holds the transfer's and the permit's locks)."""
    transfer.answered_at = timezone.now()
    transfer.proof_method = method
    label = "" if actor is not None else "worker"
    if not agree:
        advance(transfer, PermitTransfer.Status.DECLINED)
        transfer.save(update_fields=["status", "answered_at", "proof_method", "updated_at"])
        audit_record(
            actor=actor,
            actor_label=label,
            action="permits.transfer_declined",
            obj=transfer.permit,
            after={"transfer": transfer.pk, "proof_method": method},
        )
        return transfer
    old = transfer.permit
    audit_record(
        actor=actor,
        actor_label=label,
        action="permits.transfer_consented",
        obj=old,
        after={
            "transfer": transfer.pk,
            "to": transfer.to_establishment.cr_number,
            "proof_method": method,
        },
    )
    new_permit = permit_file(
        establishment=transfer.to_establishment,
        data=WorkerAndJob(
            worker_name_ar=old.worker_name_ar,
            worker_name_en=old.worker_name_en,
            nationality=old.nationality,
            passport_number=old.passport_number,
            passport_expiry=old.passport_expiry,
            date_of_birth=old.date_of_birth,
            occupation_code=transfer.occupation_code,
            job_level=transfer.job_level,
            monthly_salary=transfer.monthly_salary,
            requested_start=timezone.localdate(),
            worker_mobile=old.worker_mobile,
            worker_language=old.worker_language,
            worker_civil_id=transfer.worker_civil_id or old.worker_number,
        ),
        applied_by=transfer.requested_by,
        kind=Permit.Kind.TRANSFER,
        previous_permit=old,
    )
    advance(transfer, PermitTransfer.Status.COMPLETED)
    transfer.new_permit = new_permit
    transfer.save(
        update_fields=["status", "answered_at", "proof_method", "new_permit", "updated_at"]
    )
    return transfer
