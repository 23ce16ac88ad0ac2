"""An employer terminates a contract: the law's reasons, the notice, the improvement period of
an Omani dismissed for performance, economic dismissals to the committee; the register and the
worker's pending renewal follow at once."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.services import audit_record
from employers.locks import establishment_lock
from employers.models import Employee
from employers.services import employee_end_contract
from employment.models import (
    LifecycleRuleSet,
    Termination,
)
from employment.selectors.cases import (
    termination_open_for_employee,
)
from employment.services.cases import (
    CaseError,
    _reason_text,
    _rule_set_required,
    _tell_worker,
    worker_link,
)
from permits.models import Permit
from permits.services.lifecycle import permit_transition

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# How far ahead of filing an employer may date a notice (a project choice, not the law's).
NOTICE_MAX_DAYS_AHEAD = 30


def _validate_termination(
    *,
    employee: Employee,
    rule_set: LifecycleRuleSet,
    reason_code: str,
    details: str,
    notice_days: int,
    notice_given_on: datetime.date,
    improvement_started_on: datetime.date | None,
    today: datetime.date,
) -> tuple[dict[str, str], datetime.date]:
    """The law's reason and the last working day, or ValidationError keyed by field."""
    errors: dict[str, str] = {}
    reason = rule_set.reason(reason_code)
    if reason is None:
        errors["reason_code"] = _("Choose a reason from the law's list.")
    if not details.strip():
        errors["details"] = _("Describe the facts behind the reason.")
    if notice_days < rule_set.min_notice_days:
        errors["notice_days"] = _("The notice period must be at least %(days)s days.") % {
            "days": rule_set.min_notice_days
        }
    if notice_given_on > today + datetime.timedelta(days=NOTICE_MAX_DAYS_AHEAD):
        errors["notice_given_on"] = _(
            "The notice cannot be dated more than %(days)s days from today."
        ) % {"days": NOTICE_MAX_DAYS_AHEAD}
    elif notice_given_on < employee.contract_start:
        errors["notice_given_on"] = _(
            "The notice (%(notice)s) cannot be given before the contract starts (%(start)s)."
        ) % {"notice": notice_given_on.isoformat(), "start": employee.contract_start.isoformat()}
    last_working_day = notice_given_on + datetime.timedelta(days=max(notice_days, 0))
    if "notice_given_on" not in errors and "notice_days" not in errors:
        if last_working_day < today:
            errors["notice_given_on"] = _(
                "The last working day (%(date)s) has passed: a contract cannot be ended "
                "retroactively."
            ) % {"date": last_working_day.isoformat()}
        elif employee.contract_end is not None and employee.contract_end < last_working_day:
            errors["notice_days"] = _(
                "The contract already ends on %(date)s, before the notice period would."
            ) % {"date": employee.contract_end.isoformat()}
    if improvement_started_on is not None and improvement_started_on > notice_given_on:
        errors["improvement_started_on"] = _(
            "The improvement period cannot start after the notice is given."
        )
    elif (
        reason is not None
        and reason.get("kind") == "performance"
        and employee.nationality == Employee.OMANI
    ):
        months = rule_set.performance_improvement_months
        latest_start = notice_given_on - relativedelta(months=months)
        if improvement_started_on is None:
            errors["improvement_started_on"] = _(
                "Dismissing an Omani for performance needs the recorded improvement period "
                "of %(months)s months: give the date it started."
            ) % {"months": months}
        elif improvement_started_on > latest_start:
            errors["improvement_started_on"] = _(
                "The improvement period must have started by %(date)s (%(months)s months "
                "before the notice)."
            ) % {"date": latest_start.isoformat(), "months": months}
    if errors:
        raise ValidationError(errors)
    assert reason is not None
    return reason, last_working_day


def _stop_renewals(*, employee: Employee, actor: User) -> list[str]:
    """Withdraw the worker's renewal applications in the queue and cancel an issued renewal
    that has not started yet: the contract ends before it would. Returns the permit numbers.

    An APPROVED renewal (waiting for issue) cannot be withdrawn by the permit state machine and
    is left alone; the renewal refusal in `permit_renew` keeps new ones from being filed.
    """
    if not employee.passport_number or employee.nationality == Employee.OMANI:
        return []
    today = timezone.localdate()
    renewals = Permit.objects.filter(
        establishment_id=employee.establishment_id,
        nationality=employee.nationality,
        passport_number=employee.passport_number,
        kind=Permit.Kind.RENEWAL,
    )
    touched: list[str] = []
    note = _("The worker's contract is being terminated.")
    for permit in renewals.filter(status__in=Permit.PENDING - {Permit.Status.APPROVED}).order_by(
        "id"
    ):
        permit_transition(permit=permit, to=Permit.Status.WITHDRAWN, actor=actor, note=note)
        touched.append(permit.number)
    for permit in renewals.filter(status__in=Permit.VALID, valid_from__gt=today).order_by("id"):
        permit_transition(
            permit=permit,
            to=Permit.Status.CANCELLED,
            actor=actor,
            note=note,
            changes={"ended_reason": note},
        )
        touched.append(permit.number)
    return touched


@transaction.atomic
def termination_file(
    *,
    employee: Employee,
    filed_by: User,
    reason_code: str,
    details: str,
    notice_days: int,
    notice_given_on: datetime.date,
    improvement_started_on: datetime.date | None = None,
) -> Termination:
    """File the termination of `employee`'s contract with a reason from the law's list.

    Economic reasons wait for the ministry committee (COMMITTEE); others are NOTIFIED and the
    worker is told by SMS (`termination_notice`) at every verified number; without one (or
    while the civil registry is down) the notice says so and the objection window does not
    start (employment.services.notices). The employee's contract end becomes the last
    working day at once (the Omanization register reflects the departure), the worker's pending
    permit renewal is withdrawn (an issued one not yet started is cancelled), and a dismissed
    Omani counts in `omani_replacements_owed` until an Omani is hired.

    Raises ValidationError keyed by field for bad input, CaseError when the employee already
    has an open termination or no rules are in force: nothing is written.
    """
    today = timezone.localdate()
    establishment_lock(establishment_id=employee.establishment_id)
    employee = Employee.objects.select_related("establishment").get(pk=employee.pk)
    rule_set = _rule_set_required(today)
    if termination_open_for_employee(employee=employee) is not None:
        raise CaseError(_("This employee already has a termination in progress."))
    reason, last_working_day = _validate_termination(
        employee=employee,
        rule_set=rule_set,
        reason_code=reason_code,
        details=details,
        notice_days=notice_days,
        notice_given_on=notice_given_on,
        improvement_started_on=improvement_started_on,
        today=today,
    )
    kind = reason.get("kind", "other")
    status = Termination.Status.COMMITTEE if kind == "economic" else Termination.Status.NOTIFIED
    termination = Termination(
        establishment=employee.establishment,
        employee=employee,
        rule_set=rule_set,
        reason_code=reason_code,
        reason_kind=kind,
        details=details.strip(),
        notice_days=notice_days,
        notice_given_on=notice_given_on,
        last_working_day=last_working_day,
        improvement_started_on=improvement_started_on,
        status=status,
        filed_by=filed_by,
    )
    termination.full_clean(exclude=["notice", "decided_by"])
    termination.save()
    previous_contract_end = employee.contract_end
    termination.previous_contract_end = previous_contract_end
    termination.save(update_fields=["previous_contract_end", "updated_at"])
    employee_end_contract(employee=employee, contract_end=last_working_day, actor=filed_by)
    stopped = _stop_renewals(employee=employee, actor=filed_by)
    if status == Termination.Status.NOTIFIED:
        establishment = employee.establishment
        termination.notice = _tell_worker(
            employee=employee,
            template_code="termination_notice",
            key=f"termination:{termination.pk}:notice",
            context_for={
                "employer": lambda: establishment.name,
                "last_day": last_working_day.isoformat(),
                "reason": lambda: _reason_text(reason, translation.get_language() or "ar"),
                "days": rule_set.termination_objection_days,
                "link": lambda: worker_link("worker-objection", termination.objection_token),
            },
        )
        termination.save(update_fields=["notice", "updated_at"])
    audit_record(
        actor=filed_by,
        action="employment.termination_filed",
        obj=termination,
        after={
            "status": status,
            "reason_code": reason_code,
            "notice_days": notice_days,
            "notice_given_on": notice_given_on,
            "last_working_day": last_working_day,
            # kept so that overturning restores the contract end the employee had before
            "previous_contract_end": previous_contract_end,
            "renewals_stopped": stopped,
            "notice": termination.notice.status if termination.notice else None,
        },
    )
    return termination
