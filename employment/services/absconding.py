"""Absconding reports: refused before the minimum absence or without the salary evidence; too
many a month or a year flag the employer for investigation."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_record
from employers.locks import establishment_lock
from employers.models import Employee, Establishment
from employment.deadlines import MUSCAT
from employment.models import (
    AbscondingReport,
    InvestigationFlag,
    LifecycleRuleSet,
)
from employment.selectors.cases import (
    absconding_report_open_for_employee,
    worker_held_permit,
)
from employment.selectors.wage_protection import salary_months_unpaid
from employment.services.cases import (
    CaseError,
    _rule_set_required,
    _tell_worker,
    worker_link,
)

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def _flag_if_over_limit(
    *, establishment: Establishment, rule_set: LifecycleRuleSet, today: datetime.date
) -> list[InvestigationFlag]:
    """Flag the establishment once per period when its reports this calendar month (year) pass
    the monthly (yearly) limit. Runs under the establishment lock, so counts are exact."""
    month_start = datetime.datetime(today.year, today.month, 1, tzinfo=MUSCAT)
    year_start = datetime.datetime(today.year, 1, 1, tzinfo=MUSCAT)
    reports = AbscondingReport.objects.filter(establishment=establishment)
    periods = [
        (
            "absconding_monthly",
            f"{today:%Y-%m}",
            reports.filter(created_at__gte=month_start).count(),
            rule_set.absconding_monthly_limit,
        ),
        (
            "absconding_yearly",
            f"{today:%Y}",
            reports.filter(created_at__gte=year_start).count(),
            rule_set.absconding_yearly_limit,
        ),
    ]
    flags = []
    for reason_code, period, count, limit in periods:
        if count <= limit:
            continue
        flag, created = InvestigationFlag.objects.get_or_create(
            establishment=establishment,
            reason_code=reason_code,
            period=period,
            defaults={"count": count},
        )
        if created:
            audit_record(
                actor=None,
                actor_label="rules",
                action="employment.investigation_flagged",
                obj=flag,
                after={"reason_code": reason_code, "period": period, "count": count},
            )
        else:
            InvestigationFlag.objects.filter(pk=flag.pk).update(
                count=count, updated_at=timezone.now()
            )
        flags.append(flag)
    return flags


@transaction.atomic
def absconding_report_file(
    *,
    employee: Employee,
    filed_by: User,
    last_seen_on: datetime.date,
    salary_paid_until: datetime.date,
    salary_evidence: str,
    details: str = "",
) -> AbscondingReport:
    """Report a foreign worker absent from work.

    Days of absence are counted as `today - last_seen_on` (Muscat dates): with the law's 7, a
    worker last seen on the 1st may be reported from the 8th. The salary must have been paid up
    to at least `salary_paid_within_days` before `last_seen_on`, with the wage protection file
    reference as evidence; the salary file is consulted, and months up to `salary_paid_until`
    it shows unpaid or paid short flag the report for the officer. The worker is told by SMS
    (`absconding_notice`) at every verified number (none: the notice says so and no window
    runs). Past the monthly or yearly limit of reports the establishment is flagged for
    investigation (once per period).

    Raises CaseError (nothing written) when a rule refuses the report.
    """
    today = timezone.localdate()
    establishment_lock(establishment_id=employee.establishment_id)
    employee = Employee.objects.select_related("establishment").get(pk=employee.pk)
    rule_set = _rule_set_required(today)
    if employee.nationality == Employee.OMANI:
        raise CaseError(_("Absconding reports concern foreign workers only."))
    days = (today - last_seen_on).days
    if days < rule_set.absconding_min_days:
        raise CaseError(
            _(
                "A worker can be reported absent only after %(min)s days of absence: "
                "%(days)s days have passed since %(date)s."
            )
            % {"min": rule_set.absconding_min_days, "days": max(days, 0), "date": last_seen_on}
        )
    paid_by = last_seen_on - datetime.timedelta(days=rule_set.salary_paid_within_days)
    if salary_paid_until < paid_by:
        raise CaseError(
            _(
                "The salary must be paid up to at least %(date)s (within %(days)s days of the "
                "last day at work) before a worker can be reported absent."
            )
            % {"date": paid_by.isoformat(), "days": rule_set.salary_paid_within_days}
        )
    salary_evidence = (salary_evidence or "").strip()
    if not salary_evidence:
        raise CaseError(
            _("Give the wage protection file reference that shows the salary was paid.")
        )
    if absconding_report_open_for_employee(employee=employee) is not None:
        raise CaseError(_("This worker already has an absconding report in progress."))
    permit = worker_held_permit(employee=employee)
    unpaid_months = salary_months_unpaid(employee=employee, up_to=salary_paid_until)
    report = AbscondingReport(
        establishment=employee.establishment,
        employee=employee,
        permit=permit,
        rule_set=rule_set,
        last_seen_on=last_seen_on,
        salary_paid_until=salary_paid_until,
        salary_evidence=salary_evidence,
        salary_unpaid_months=unpaid_months,
        details=details.strip(),
        status=AbscondingReport.Status.FILED,
        filed_by=filed_by,
    )
    report.full_clean(exclude=["notice", "decided_by", "permit"])
    report.save()
    establishment = employee.establishment
    report.notice = _tell_worker(
        employee=employee,
        template_code="absconding_notice",
        key=f"absconding:{report.pk}:notice",
        context_for={
            "employer": lambda: establishment.name,
            "last_seen": last_seen_on.isoformat(),
            "days": rule_set.absconding_objection_days,
            "link": lambda: worker_link("worker-objection", report.objection_token),
        },
    )
    report.save(update_fields=["notice", "updated_at"])
    audit_record(
        actor=filed_by,
        action="employment.absconding_filed",
        obj=report,
        after={
            "last_seen_on": last_seen_on,
            "salary_paid_until": salary_paid_until,
            "salary_unpaid_months": [month.isoformat() for month in unpaid_months],
            "permit": permit.number if permit else None,
            "notice": report.notice.status if report.notice else None,
        },
    )
    _flag_if_over_limit(establishment=establishment, rule_set=rule_set, today=today)
    return report


INVESTIGATORS = frozenset({"officer", "approver", "inspector"})


@transaction.atomic
def investigation_flag_close(
    *, flag: InvestigationFlag, closed_by: User, outcome: str
) -> InvestigationFlag:
    """Close an investigation flag with the investigation's outcome, audited. A new excess in a
    later period raises a new flag; the same period stays closed.

    Raises PermissionDeniedError for a role that does not investigate, CaseError for an empty
    outcome or a flag already closed: nothing is written.
    """
    from core.exceptions import PermissionDeniedError

    if closed_by.role not in INVESTIGATORS:
        raise PermissionDeniedError(_("Only ministry officers and inspectors close a flag."))
    outcome = (outcome or "").strip()
    if not outcome:
        raise CaseError(_("Write the outcome of the investigation."))
    locked = InvestigationFlag.objects.select_for_update().get(pk=flag.pk)
    if locked.closed_at is not None:
        raise CaseError(_("This flag is already closed."))
    locked.closed_at = timezone.now()
    locked.closed_by = closed_by
    locked.outcome = outcome[:4000]
    locked.save(update_fields=["closed_at", "closed_by", "outcome", "updated_at"])
    audit_record(
        actor=closed_by,
        action="employment.investigation_closed",
        obj=locked,
        after={"outcome": locked.outcome, "note": locked.outcome},
    )
    return locked
