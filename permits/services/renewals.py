"""Renewing permits inside their renewal window, one at a time or in bulk (a background job
with a progress bar and each permit's outcome)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.runs import run_fail, run_progress, run_start, run_succeed
from core.services import audit_record
from employers.access import employer_act
from employers.locks import establishment_lock
from employers.models import Establishment, Service
from notifications.services import sms_enqueue
from permits.models import BulkRenewal, Permit
from permits.questions import termination_open_for_worker
from permits.selectors import permit_rule_set_in_force
from permits.services.applications import WorkerAndJob, permit_apply
from permits.services.lifecycle import PermitError

BULK_RENEWAL_MAX = 5000
BULK_PROGRESS_EVERY = 25


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
    # A worker whose contract is being terminated is not renewed. The check runs under the
    # establishment lock, which termination_file takes first too: the two never both pass.
    with transaction.atomic():
        establishment_lock(establishment_id=current.establishment_id)
        if termination_open_for_worker.ask(
            establishment_id=current.establishment_id,
            nationality=current.nationality,
            passport_number=current.passport_number,
        ):
            raise PermitError(
                _("Permit %(number)s cannot be renewed: the worker's contract is being ended.")
                % {"number": current.number}
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
                worker_civil_id=current.worker_number,
            ),
            applied_by=requested_by,
            kind=Permit.Kind.RENEWAL,
            previous_permit=current,
            notify_employer=notify_employer,
        )


@employer_act(Service.PERMITS, actor="requested_by")
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
    if renewal.status == Permit.Status.APPROVED:
        return _Outcome("review", _("Approved: renewed when its fee is paid."), renewal.number)
    from permits.presentation import failed_reasons

    failed = failed_reasons(renewal)
    return _Outcome("review", failed or _("Sent to an officer."), renewal.number)


def bulk_renewal_process(*, bulk_id: int) -> BulkRenewal:
    """Renew each permit of the job in its own transaction and record its outcome. Resumable:
    a restarted job continues after the last permit it recorded."""
    started = run_start(BulkRenewal, bulk_id)  # a restarted job carries on
    if started is None:
        return BulkRenewal.objects.get(pk=bulk_id)
    bulk = started
    user = bulk.requested_by
    outcomes = list(bulk.outcomes)
    counts = {
        "renewed": bulk.renewed_count,
        "review": bulk.review_count,
        "refused": bulk.refused_count,
    }
    done = {row["permit_id"] for row in outcomes}

    def save_progress(final: bool) -> None:
        figures: dict[str, Any] = {
            "processed": len(outcomes),
            "outcomes": outcomes,
            "renewed_count": counts["renewed"],
            "review_count": counts["review"],
            "refused_count": counts["refused"],
        }
        if final:
            run_succeed(BulkRenewal, bulk.pk, **figures)
        else:
            run_progress(BulkRenewal, bulk.pk, **figures)

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
    run_fail(BulkRenewal, bulk_id, reason)
