"""A permit once issued: cancellation, suspension and reinstatement, renewal (one or in bulk),
expiry, transfer to another employer with the worker's consent, and visas recorded by the
passport and residence directorate."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.services import audit_record
from employers.models import Establishment
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue
from permits.models import BulkRenewal, Permit, PermitTransfer, PermitVisa
from permits.selectors import permit_rule_set_in_force
from permits.services.applications import WorkerAndJob, permit_apply
from permits.services.lifecycle import PermitError, permit_transition

TRANSFER_CONSENT_DAYS = 7
BULK_RENEWAL_MAX = 5000
BULK_PROGRESS_EVERY = 25


def permit_cancel(*, permit: Permit, cancelled_by: User, reason: str) -> Permit:
    """End an issued permit early (the employer's or the ministry's decision)."""
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the cancellation."))
    return permit_transition(
        permit=permit,
        to=Permit.Status.CANCELLED,
        actor=cancelled_by,
        note=reason,
        changes={"ended_reason": reason},
    )


def _require_approver(user: User) -> None:
    if user.role != User.Role.APPROVER or not user.is_active:
        raise PermitError(_("Only approvers suspend or reinstate permits."))


def permit_suspend(*, permit: Permit, suspended_by: User, reason: str) -> Permit:
    """Suspend a held permit (for example for a wage-protection violation); approvers only."""
    _require_approver(suspended_by)
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the suspension."))
    return permit_transition(
        permit=permit, to=Permit.Status.SUSPENDED, actor=suspended_by, note=reason
    )


def permit_reinstate(*, permit: Permit, reinstated_by: User, reason: str) -> Permit:
    """Lift a suspension while the permit is still within its dates; approvers only."""
    _require_approver(reinstated_by)
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the reinstatement."))
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.valid_until and locked.valid_until < timezone.localdate():
            raise PermitError(_("The permit has passed its end date: it cannot be reinstated."))
        return permit_transition(
            permit=locked, to=Permit.Status.ACTIVE, actor=reinstated_by, note=reason
        )


# --- renewal --------------------------------------------------------------------------------


def renewal_window_opens(permit: Permit) -> datetime.date | None:
    rule_set = permit_rule_set_in_force(on=timezone.localdate())
    weeks = rule_set.renewal_window_weeks if rule_set else 12
    if permit.valid_until is None:
        return None
    return permit.valid_until - datetime.timedelta(weeks=weeks)


def permit_renew(*, permit: Permit, requested_by: User, notify_employer: bool = True) -> Permit:
    """File the renewal of a valid permit inside its renewal window. The renewal passes the same
    checks as an application (the establishment must still be allowed permits); where they pass
    it is issued at once to start the day after the current one ends, and the current permit
    becomes RENEWED. Returns the renewal permit."""
    current = Permit.objects.select_related("establishment").get(pk=permit.pk)
    if current.status not in Permit.VALID:
        raise PermitError(
            _("Permit %(number)s is %(status)s: only a valid permit can be renewed.")
            % {"number": current.number, "status": current.get_status_display()}
        )
    opens = renewal_window_opens(current)
    if opens is not None and timezone.localdate() < opens:
        raise PermitError(
            _("Permit %(number)s can be renewed from %(date)s.")
            % {"number": current.number, "date": opens.isoformat()}
        )
    starts = max(
        (current.valid_until or timezone.localdate()) + datetime.timedelta(days=1),
        timezone.localdate(),
    )
    return permit_apply(
        establishment=current.establishment,
        data=WorkerAndJob(
            worker_name_ar=current.worker_name_ar,
            worker_name_en=current.worker_name_en,
            nationality=current.nationality,
            passport_number=current.passport_number,
            passport_expiry=current.passport_expiry,
            date_of_birth=current.date_of_birth,
            occupation_code=current.occupation_code,
            job_level=current.job_level,
            monthly_salary=current.monthly_salary,
            requested_start=starts,
            worker_mobile=current.worker_mobile,
            worker_language=current.worker_language,
        ),
        applied_by=requested_by,
        kind=Permit.Kind.RENEWAL,
        previous_permit=current,
        notify_employer=notify_employer,
    )


def bulk_renewal_create(
    *, establishment: Establishment, requested_by: User, permit_ids: list[int], language: str
) -> BulkRenewal:
    """Queue the renewal of the chosen permits of `establishment` as a background job.

    Ids of other establishments' permits are refused with the same message as unknown ones.
    """
    ids = sorted(set(permit_ids))
    if not ids:
        raise PermitError(_("Choose at least one permit to renew."))
    if len(ids) > BULK_RENEWAL_MAX:
        raise PermitError(_("Renew at most 5,000 permits at a time."))
    own = set(
        Permit.objects.filter(establishment=establishment, pk__in=ids).values_list("pk", flat=True)
    )
    if own != set(ids):
        raise PermitError(_("Some of the chosen permits are not this establishment's."))
    with transaction.atomic():
        bulk = BulkRenewal.objects.create(
            establishment=establishment,
            requested_by=requested_by,
            permit_ids=ids,
            total=len(ids),
            language=language,
        )
        audit_record(
            actor=requested_by,
            action="permits.bulk_renewal_requested",
            obj=bulk,
            after={"permits": len(ids), "establishment": establishment.cr_number},
        )
        from permits.tasks import bulk_renewal_process_task

        transaction.on_commit(lambda: bulk_renewal_process_task.delay(bulk.pk))
    return bulk


@dataclass(frozen=True)
class _Outcome:
    outcome: str
    reason: str
    new_number: str


def _renew_one(permit_id: int, user: User) -> _Outcome:
    permit = Permit.objects.get(pk=permit_id)
    try:
        # the employer hears once, when the whole job is done; each worker hears at once
        renewal = permit_renew(permit=permit, requested_by=user, notify_employer=False)
    except ApplicationError as error:
        return _Outcome("refused", error.message, "")
    except ValidationError as error:  # e.g. the passport on record has expired
        return _Outcome("refused", "; ".join(error.messages), "")
    if renewal.status == Permit.Status.ACTIVE:
        return _Outcome(
            "renewed",
            _("Renewed until %(date)s.") % {"date": renewal.valid_until},
            renewal.number,
        )
    from permits.presentation import failed_reasons

    failed = failed_reasons(renewal)
    return _Outcome("review", failed or _("Sent to an officer."), renewal.number)


def bulk_renewal_process(*, bulk_id: int) -> BulkRenewal:
    """Renew each permit of the job in its own transaction and record its outcome. Resumable:
    a restarted job continues after the last permit it recorded."""
    with transaction.atomic():
        bulk = BulkRenewal.objects.select_for_update().get(pk=bulk_id)
        if bulk.is_finished:
            return bulk
        bulk.status = BulkRenewal.Status.RUNNING
        bulk.started_at = bulk.started_at or timezone.now()
        bulk.save(update_fields=["status", "started_at", "updated_at"])
    user = bulk.requested_by
    outcomes = list(bulk.outcomes)
    counts = {
        "renewed": bulk.renewed_count,
        "review": bulk.review_count,
        "refused": bulk.refused_count,
    }
    done = {row["permit_id"] for row in outcomes}

    def save_progress(final: bool) -> None:
        BulkRenewal.objects.filter(pk=bulk.pk).update(
            processed=len(outcomes),
            outcomes=outcomes,
            renewed_count=counts["renewed"],
            review_count=counts["review"],
            refused_count=counts["refused"],
            updated_at=timezone.now(),
            **(
                {"status": BulkRenewal.Status.FINISHED, "finished_at": timezone.now()}
                if final
                else {}
            ),
        )

    with translation.override(bulk.language):
        numbers = dict(Permit.objects.filter(pk__in=bulk.permit_ids).values_list("pk", "number"))
        for index, permit_id in enumerate(bulk.permit_ids):
            if permit_id in done:
                continue
            result = _renew_one(permit_id, user)
            outcomes.append(
                {
                    "permit_id": permit_id,
                    "number": numbers.get(permit_id, ""),
                    "outcome": result.outcome,
                    "reason": result.reason,
                    "new_number": result.new_number,
                }
            )
            counts[result.outcome] += 1
            if index % BULK_PROGRESS_EVERY == 0:
                save_progress(final=False)
        with transaction.atomic():
            save_progress(final=True)
            _notify_bulk_done(bulk=bulk, counts=counts)
    bulk.refresh_from_db()
    return bulk


def _notify_bulk_done(*, bulk: BulkRenewal, counts: dict[str, int]) -> None:
    user = bulk.requested_by
    if not user.mobile:
        return
    sms_enqueue(
        template_code="permit_bulk_renewal_done",
        context={
            "renewed": counts["renewed"],
            "review": counts["review"],
            "refused": counts["refused"],
        },
        idempotency_key=f"bulk-renewal:{bulk.pk}:done",
        recipient=user,
    )


def bulk_renewal_fail(*, bulk_id: int, reason: str) -> None:
    BulkRenewal.objects.filter(pk=bulk_id).exclude(status=BulkRenewal.Status.FINISHED).update(
        status=BulkRenewal.Status.FAILED, failure_reason=reason[:500], finished_at=timezone.now()
    )


# --- expiry ---------------------------------------------------------------------------------


def permit_expiry_sweep(*, on: datetime.date | None = None, batch: int = 500) -> dict[str, int]:
    """Daily: valid permits entering the renewal window become EXPIRING; permits past their end
    date become EXPIRED. Each change takes the one transition path (locked, audited, SMS)."""
    on = on or timezone.localdate()
    rule_set = permit_rule_set_in_force(on=on)
    weeks = rule_set.renewal_window_weeks if rule_set else 12
    counts = {"expiring": 0, "expired": 0}
    expired_ids = list(
        Permit.objects.filter(status__in=Permit.HELD, valid_until__lt=on).values_list(
            "pk", flat=True
        )[:batch]
    )
    for permit_id in expired_ids:
        try:
            permit_transition(
                permit=Permit(pk=permit_id),
                to=Permit.Status.EXPIRED,
                actor=None,
                actor_label="expiry",
            )
            counts["expired"] += 1
        except PermitError:
            continue  # changed meanwhile (renewed, cancelled)
    expiring_ids = list(
        Permit.objects.filter(
            status=Permit.Status.ACTIVE,
            valid_until__gte=on,
            valid_until__lte=on + datetime.timedelta(weeks=weeks),
        ).values_list("pk", flat=True)[:batch]
    )
    for permit_id in expiring_ids:
        try:
            permit_transition(
                permit=Permit(pk=permit_id),
                to=Permit.Status.EXPIRING,
                actor=None,
                actor_label="expiry",
            )
            counts["expiring"] += 1
        except PermitError:
            continue
    return counts


# --- transfer -------------------------------------------------------------------------------


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


# --- visas (passport and residence directorate) ---------------------------------------------


@dataclass(frozen=True)
class VisaRecorded:
    visa: PermitVisa
    created: bool


def permit_visa_record(
    *,
    permit: Permit,
    recorded_by: User,
    visa_number: str,
    issued_on: datetime.date,
    expires_on: datetime.date,
    entry_status: str = "issued",
    entered_on: datetime.date | None = None,
) -> VisaRecorded:
    """Record (or update) a visa against an approved or valid permit. Sending the same visa
    again changes nothing; a visa number already recorded for another permit is refused."""
    visa_number = (visa_number or "").strip().upper()
    if not visa_number:
        raise PermitError(_("Enter the visa number."))
    if expires_on < issued_on:
        raise PermitError(_("The visa's expiry date is before its issue date."))
    if entry_status not in {"issued", "entered", "cancelled"}:
        raise PermitError(_("Unknown entry status."))
    if entry_status == "entered" and entered_on is None:
        raise PermitError(_("Give the date of entry."))
    if entered_on is not None and entered_on < issued_on:
        raise PermitError(_("The date of entry is before the visa was issued."))
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.status not in Permit.HELD | {Permit.Status.APPROVED}:
            raise PermitError(
                _("Permit %(number)s is %(status)s: no visa can be recorded against it.")
                % {"number": locked.number, "status": locked.get_status_display()}
            )
        existing = PermitVisa.objects.select_for_update().filter(visa_number=visa_number).first()
        values = {
            "issued_on": issued_on,
            "expires_on": expires_on,
            "entry_status": entry_status,
            "entered_on": entered_on,
        }
        if existing is not None:
            if existing.permit_id != locked.pk:
                raise PermitError(_("This visa number is recorded against another permit."))
            if all(getattr(existing, k) == v for k, v in values.items()):
                return VisaRecorded(existing, False)
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save(update_fields=[*values, "updated_at"])
            visa, created = existing, False
        else:
            visa = PermitVisa.objects.create(
                permit=locked, visa_number=visa_number, recorded_by=recorded_by, **values
            )
            created = True
        audit_record(
            actor=recorded_by,
            action="permits.visa_recorded",
            obj=locked,
            after={"visa_number": visa_number, **values},
        )
    return VisaRecorded(visa, created)
