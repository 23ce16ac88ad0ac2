"""Transfer of a worker's permit to a new employer, with the worker's consent by SMS link."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from employers.models import Establishment
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue
from permits.models import Permit, PermitTransfer
from permits.services.applications import WorkerAndJob, permit_apply
from permits.services.lifecycle import PermitError

TRANSFER_CONSENT_DAYS = 7


def _consent_url(token: str) -> str:
    with translation.override("ar"):
        path = reverse("permits:transfer-consent", args=[token])
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


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
    gets an SMS with a link to agree or decline within 7 days."""
    from permits.services.applications import application_validate

    not_found = PermitError(_("No valid permit matches this permit number and passport number."))
    permit = (
        Permit.objects.filter(
            number=(permit_number or "").strip().upper(),
            passport_number=(passport_number or "").strip().upper(),
            status__in=Permit.VALID,
        )
        .select_related("establishment")
        .first()
    )
    if permit is None:
        raise not_found
    if permit.establishment_id == to_establishment.pk:
        raise PermitError(_("The worker already works for this establishment."))
    if not permit.worker_mobile:
        raise PermitError(
            _(
                "The worker has no mobile number on record, so their consent cannot be asked: "
                "the current employer must add it first."
            )
        )
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
    with transaction.atomic():
        Permit.objects.select_for_update().get(pk=permit.pk)
        if PermitTransfer.objects.filter(
            permit=permit, status=PermitTransfer.Status.AWAITING_CONSENT
        ).exists():
            raise PermitError(_("A transfer of this permit is already waiting for consent."))
        # A worker still bound by a contract moves only with the employer's no-objection record.
        from employment.selectors.resignations import transfer_clearance

        clearance = transfer_clearance(permit=permit)
        if not clearance.allowed:
            raise PermitError(clearance.reason)
        transfer = PermitTransfer.objects.create(
            permit=permit,
            to_establishment=to_establishment,
            requested_by=requested_by,
            occupation_code=str(cleaned["occupation_code"]),
            job_level=int(cleaned["job_level"]),  # type: ignore[call-overload]
            monthly_salary=cleaned["monthly_salary"],  # type: ignore[misc]
            expires_at=timezone.now() + datetime.timedelta(days=TRANSFER_CONSENT_DAYS),
        )
        audit_record(
            actor=requested_by,
            action="permits.transfer_requested",
            obj=permit,
            after={"to": to_establishment.cr_number, "transfer": transfer.pk},
        )
        if clearance.noc is not None:
            from employment.services.resignations import resignation_noc_use

            resignation_noc_use(resignation=clearance.noc, transfer=transfer)
        try:
            sms_enqueue(
                template_code="permit_transfer_consent",
                context={
                    "employer": to_establishment.name_en
                    if permit.worker_language == "en"
                    else to_establishment.name_ar,
                    "permit_number": permit.number,
                    "link": _consent_url(transfer.consent_token),
                },
                idempotency_key=f"permit-transfer:{transfer.pk}:consent",
                to_number=permit.worker_mobile,
                language=permit.worker_language or "en",
            )
        except InvalidPhoneNumberError:
            raise PermitError(
                _("The worker's mobile number on record cannot receive text messages.")
            ) from None
    return transfer


def permit_transfer_answer(*, token: str, agree: bool) -> PermitTransfer:
    """The worker agrees or declines. Agreement files a transfer permit for the new employer
    (same checks as a new application, flat transfer fee); the old permit ends as TRANSFERRED
    when the new one is issued. Raises PermitError for an unknown, answered or expired link, or
    when the permit is no longer valid (the request is then closed, and stays closed)."""
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
            transfer.status = closed
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
        transfer.answered_at = timezone.now()
        if not agree:
            transfer.status = PermitTransfer.Status.DECLINED
            transfer.save(update_fields=["status", "answered_at", "updated_at"])
            audit_record(
                actor=None,
                actor_label="worker",
                action="permits.transfer_declined",
                obj=transfer.permit,
                after={"transfer": transfer.pk},
            )
            return transfer
        old = transfer.permit
        audit_record(
            actor=None,
            actor_label="worker",
            action="permits.transfer_consented",
            obj=old,
            after={"transfer": transfer.pk, "to": transfer.to_establishment.cr_number},
        )
        new_permit = permit_apply(
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
            ),
            applied_by=transfer.requested_by,
            kind=Permit.Kind.TRANSFER,
            previous_permit=old,
        )
        transfer.status = PermitTransfer.Status.COMPLETED
        transfer.new_permit = new_permit
        transfer.save(update_fields=["status", "answered_at", "new_permit", "updated_at"])
    return transfer
