"""An employer's data change of a valid permit: a new occupation, job level or salary.

Under a payment rule set that says fees are payable after approval the change waits for its
data-change invoice (raised by payments, `permits.questions.data_change_waits_for_payment`) and
applies when it is paid (`permit_data_change_apply_paid`); otherwise it applies at once.

A new job is a permit's job: before anything is written the change passes the checks an
application runs (`permits.checks.run_checks`, and the chamber membership of
`employers.access.chamber_refusal`) against the rule set in force, for the new occupation, level
and salary. A data change has no officer to review a failed check, so any failed check of
DATA_CHANGE_CHECKS refuses it with that check's reason. Left out: the passport's validity (the
worker's, not the job's, and checked again at renewal) and the annual Omanization plan (it gates
new permits); the labour-market test only when the occupation changes (the same job at a new
salary or level is not a new vacancy).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from core.workflow import advance
from employers.access import chamber_refusal, employer_act
from employers.locks import establishment_lock
from employers.models import Establishment, Service
from permits.checks import FAILED, run_checks
from permits.models import Permit, PermitDataChange
from permits.presentation import check_reason
from permits.questions import data_change_waits_for_payment
from permits.services.applications import (
    WorkerAndJob,
    application_validate,
    checks_failing_at_payment,
    rule_set_required,
)
from permits.services.lifecycle import PermitError, employer_told_of_hold

FIELDS = ("occupation_code", "job_level", "monthly_salary")

# The application's checks a data change must pass (permits.checks.CHECK_CODES).
DATA_CHANGE_CHECKS = frozenset(
    {
        "establishment_active",
        "not_barred",
        "omanization",
        "occupation_not_reserved",
        "labor_market_test",
    }
)


@employer_act(Service.PERMITS, actor="requested_by")
def permit_data_change_request(
    *,
    establishment: Establishment,
    requested_by: User,
    permit: Permit,
    occupation_code: str,
    job_level: int,
    monthly_salary: Decimal,
) -> PermitDataChange:
    """Amend the job of one of the establishment's valid permits. Raises PermitError (nothing
    written) for another establishment's permit, a permit that is not valid, a change already
    waiting for its fee, no change at all, or a new job the permit checks refuse (the check's
    translated reason: an occupation reserved for Omanis, an establishment suspended, barred,
    short of its Omanization target or without a valid chamber membership...);
    ValidationError for a new job that is not valid."""
    if permit.establishment_id != establishment.pk:
        raise PermitError(_("No valid permit of this establishment matches."))
    today = timezone.localdate()
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
            requested_start=today,
        ),
        on=today,
    )
    new = {
        "occupation_code": str(cleaned["occupation_code"]),
        "job_level": int(cleaned["job_level"]),  # type: ignore[call-overload]
        "monthly_salary": cleaned["monthly_salary"],
    }
    with transaction.atomic():
        # the establishment first, as an application takes it (the Omanization count)
        employer = establishment_lock(establishment_id=establishment.pk)
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.status not in Permit.VALID:
            raise PermitError(_("Only a valid permit's data can be changed."))
        if locked.data_changes.filter(status=PermitDataChange.Status.AWAITING_PAYMENT).exists():
            raise PermitError(_("A data change of this permit is already waiting for its fee."))
        before = {name: getattr(locked, name) for name in FIELDS}
        if all(before[name] == new[name] for name in FIELDS):
            raise PermitError(_("Nothing would change."))
        _refuse_failing_checks(establishment=employer, permit=locked, new=new, on=today)
        change = PermitDataChange.objects.create(
            permit=locked,
            requested_by=requested_by,
            before={name: str(value) for name, value in before.items()},
            **new,
        )
        audit_record(
            actor=requested_by,
            action="permits.data_change_requested",
            obj=locked,
            before={name: str(value) for name, value in before.items()},
            after={"change": change.pk, **{name: str(value) for name, value in new.items()}},
        )
        if not data_change_waits_for_payment.ask(change=change):
            _apply(change=change, permit=locked, actor=requested_by)
    return change


def _refuse_failing_checks(
    *,
    establishment: Establishment,
    permit: Permit,
    new: dict[str, object],
    on: datetime.date,
) -> None:
    """PermitError with the reason of the first check the new job fails (the caller holds the
    establishment's lock, as run_checks asks)."""
    refusal = chamber_refusal(establishment=establishment, service=Service.PERMITS, on=on)
    if refusal is not None:
        raise PermitError(refusal)
    checks = run_checks(
        establishment=establishment,
        rule_set=rule_set_required(on=on),
        occupation_code=str(new["occupation_code"]),
        job_level=int(new["job_level"]),  # type: ignore[call-overload]
        monthly_salary=new["monthly_salary"],  # type: ignore[arg-type]
        passport_expiry=permit.passport_expiry,
        starts_on=on,
        adds_worker=False,  # the worker is already the establishment's
    )
    asked = set(DATA_CHANGE_CHECKS)
    if new["occupation_code"] == permit.occupation_code:
        asked.discard("labor_market_test")
    for check in checks:
        if check["code"] in asked and check["outcome"] == FAILED:
            raise PermitError(
                _("This change cannot be made: %(reason)s") % {"reason": check_reason(check)}
            )


def permit_data_change_apply_paid(
    *, change_id: int, payer_id: int | None = None, notify_employer: bool = True
) -> PermitDataChange:
    """Apply a data change whose fee was just paid (called by payments, in the payment's
    transaction, and by its nightly sweep of paid changes held). A change no longer waiting is
    returned as it is (a repeated confirmation changes nothing); one whose permit stopped
    being valid is cancelled.

    The checks run again first, under the establishment's lock, as for a permit paid after
    approval (`checks_failing_at_payment`): time has passed since the change was asked for. A
    check failing now holds it: not applied, with `apply_held_at` and the failing checks,
    audited once (`permits.data_change_held`), the employer's contacts and `payer_id` told
    why by SMS. The fee is kept; the change applies when the checks pass again."""
    with transaction.atomic():
        change = PermitDataChange.objects.select_for_update().get(pk=change_id)
        if change.status != PermitDataChange.Status.AWAITING_PAYMENT:
            return change
        permit = Permit.objects.get(pk=change.permit_id)
        # the establishment first, then the rows (the order of an application and a request)
        employer = establishment_lock(establishment_id=permit.establishment_id)
        permit = Permit.objects.select_for_update().get(pk=change.permit_id)
        if permit.status not in Permit.VALID:
            advance(change, PermitDataChange.Status.CANCELLED)
            change.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=None,
                actor_label="automatic",
                action="permits.data_change_cancelled",
                obj=permit,
                after={"change": change.pk, "permit_status": permit.status},
            )
            return change
        failing = checks_failing_at_payment(
            establishment=employer,
            fallback_rule_set=permit.rule_set,
            occupation_code=change.occupation_code,
            job_level=change.job_level,
            monthly_salary=change.monthly_salary,
            passport_expiry=permit.passport_expiry,
            starts_on=timezone.localdate(),
        )
        if failing:
            _hold(
                change=change,
                permit=permit,
                failing=failing,
                payer_id=payer_id,
                notify_employer=notify_employer,
            )
            return change
        if change.apply_held_at is not None:
            change.apply_held_at = None
            change.apply_held_checks = []
        _apply(change=change, permit=permit, actor=None)
    return change


def _hold(
    *,
    change: PermitDataChange,
    permit: Permit,
    failing: list[dict[str, object]],
    payer_id: int | None,
    notify_employer: bool,
) -> None:
    """Keep the paid change waiting with the checks that hold it; audit and tell the employer
    (and the payer) only when the reasons are new (the nightly sweep asks again)."""
    codes = [str(check["code"]) for check in failing]
    if (
        change.apply_held_at is not None
        and [str(check.get("code")) for check in change.apply_held_checks] == codes
    ):
        return
    change.apply_held_at = change.apply_held_at or timezone.now()
    change.apply_held_checks = failing
    change.save(update_fields=["apply_held_at", "apply_held_checks", "updated_at"])
    event = audit_record(
        actor=None,
        actor_label="automatic",
        action="permits.data_change_held",
        obj=permit,
        after={"change": change.pk, "failed": codes, "checks": failing},
    )
    if not notify_employer:
        return
    employer_told_of_hold(
        permit=permit,
        failing=failing,
        payer_id=payer_id,
        event_id=event.pk,
        decision=lambda reasons: (
            _(
                "data change paid, not applied: %(reasons)s It will be applied once this is "
                "resolved; the fee is kept for it."
            )
            % {"reasons": reasons}
        ),
    )


def _apply(*, change: PermitDataChange, permit: Permit, actor: User | None) -> None:
    """The permit takes the change's values (the caller holds both rows' locks)."""
    for name in FIELDS:
        setattr(permit, name, getattr(change, name))
    permit.save(update_fields=[*FIELDS, "updated_at"])
    advance(change, PermitDataChange.Status.APPLIED)
    change.applied_at = timezone.now()
    change.save(
        update_fields=["status", "applied_at", "apply_held_at", "apply_held_checks", "updated_at"]
    )
    audit_record(
        actor=actor,
        actor_label="" if actor else "automatic",
        action="permits.data_change_applied",
        obj=permit,
        after={"change": change.pk, **{name: str(getattr(change, name)) for name in FIELDS}},
    )
