"""Reads of wage protection: an establishment's monthly results and lines (employer pages, scoped
by establishment), a worker's own lines (by the proven civil or resident number), and the
ministry's rates, worklist, runs and disputes (cross-establishment by design)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet

from employers.models import Employee, Establishment
from employment.models import (
    SalaryLineDispute,
    WageProtectionLine,
    WageProtectionResult,
    WageProtectionRun,
)


def wage_results_for_establishment(
    *, establishment: Establishment
) -> QuerySet[WageProtectionResult]:
    """The establishment's monthly results, newest month first."""
    return WageProtectionResult.objects.filter(establishment=establishment).order_by("-month")


def wage_result_get_for_establishment(
    *, establishment: Establishment, result_id: int
) -> WageProtectionResult | None:
    return wage_results_for_establishment(establishment=establishment).filter(pk=result_id).first()


def wage_lines_of_result(*, result: WageProtectionResult) -> QuerySet[WageProtectionLine]:
    """The worker lines of one establishment-month, those not paid as due first."""
    return (
        WageProtectionLine.objects.filter(
            establishment_id=result.establishment_id, month=result.month
        )
        .select_related("employee")
        .order_by("outcome", "civil_id")
    )


@dataclass(frozen=True)
class UnknownLine:
    civil_id: str
    salary_paid: Decimal
    paid_on: datetime.date | None
    file_reference: str


def wage_unknown_lines_of_result(*, result: WageProtectionResult) -> list[UnknownLine]:
    """The month's file lines of the establishment for people not on its register (refused:
    they pay nobody). Plain SQL on the synced table: integrations is above employment."""
    if not result.unknown_lines:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.civil_id, s.salary_paid, s.paid_on, s.file_reference
            FROM integrations_salaryfileline s
            JOIN employers_establishment est ON est.cr_number = s.cr_number
            WHERE est.id = %(establishment)s AND s.month = %(month)s
              AND NOT EXISTS (
                  SELECT 1 FROM employment_wageprotectionline k
                  WHERE k.establishment_id = est.id AND k.month = s.month
                    AND k.civil_id = s.civil_id
              )
            ORDER BY s.civil_id
            LIMIT 500
            """,
            {"establishment": result.establishment_id, "month": result.month},
        )
        return [UnknownLine(*row) for row in cursor.fetchall()]


def wage_lines_for_worker(*, civil_id: str) -> QuerySet[WageProtectionLine]:
    """A worker's own salary lines at every employer, newest month first (the caller has
    checked that `civil_id` is the signed-in person's proven number)."""
    if not civil_id:
        return WageProtectionLine.objects.none()
    return (
        WageProtectionLine.objects.filter(civil_id=civil_id)
        .select_related("establishment")
        .prefetch_related("disputes")
        .order_by("-month", "establishment_id")
    )


def salary_months_unpaid(
    *, employee: Employee, up_to: datetime.date, months: int = 12
) -> list[datetime.date]:
    """The salary months of `employee` at their establishment, from `months` months before
    `up_to` to the month of `up_to`, that the salary file shows unpaid or paid short (the
    wage-protection lines): what an absconding report's "salary paid up to" is checked
    against. Lines the check found paid late still count as paid."""
    first = (up_to.replace(day=1) - datetime.timedelta(days=months * 31)).replace(day=1)
    by_worker = Q(employee=employee)
    if employee.civil_id:
        by_worker |= Q(civil_id=employee.civil_id)
    return list(
        WageProtectionLine.objects.filter(
            by_worker,
            establishment_id=employee.establishment_id,
            month__gte=first,
            month__lte=up_to,
            outcome__in=[WageProtectionLine.Outcome.UNPAID, WageProtectionLine.Outcome.UNDERPAID],
        )
        .order_by("month")
        .values_list("month", flat=True)
        .distinct()
    )


def wage_line_get_for_worker(*, civil_id: str, line_id: int) -> WageProtectionLine | None:
    return wage_lines_for_worker(civil_id=civil_id).filter(pk=line_id).first()


def wage_months_all_establishments() -> list[datetime.date]:
    """The months checked, newest first."""
    return list(
        WageProtectionResult.objects.order_by("-month").values_list("month", flat=True).distinct()
    )


def wage_results_all_establishments(
    *, month: datetime.date | None, stage: str = "", missed_only: bool = False
) -> QuerySet[WageProtectionResult]:
    """The ministry's worklist of one month: lowest compliance rate first (then most workers
    missed), optionally of one stage or only the establishments that missed."""
    results = WageProtectionResult.objects.select_related("establishment", "violation")
    if month is not None:
        results = results.filter(month=month)
    if stage:
        results = results.filter(stage=stage)
    if missed_only:
        results = results.filter(Q(late__gt=0) | Q(underpaid__gt=0) | Q(unpaid__gt=0))
    return results.order_by("compliance_rate", "-workers_due", "establishment_id")


def wage_month_summary(*, month: datetime.date) -> dict[str, object]:
    """The month's national figures: establishments, workers, paid, and the overall rate."""
    from django.db.models import Count, Sum

    figures = WageProtectionResult.objects.filter(month=month).aggregate(
        establishments=Count("id"),
        workers=Sum("workers_due"),
        paid=Sum("paid"),
        warned=Count("id", filter=Q(stage=WageProtectionResult.Stage.WARNED)),
        violations=Count("id", filter=Q(stage=WageProtectionResult.Stage.VIOLATION)),
    )
    workers = figures["workers"] or 0
    figures["rate"] = round(100 * (figures["paid"] or 0) / workers, 2) if workers else None
    return figures


def wage_runs_all() -> QuerySet[WageProtectionRun]:
    return WageProtectionRun.objects.select_related("requested_by").order_by("-created_at", "-id")


def wage_run_get(*, run_id: int) -> WageProtectionRun | None:
    return wage_runs_all().filter(pk=run_id).first()


def salary_disputes_all(*, status: str = "") -> QuerySet[SalaryLineDispute]:
    disputes = SalaryLineDispute.objects.select_related("line", "line__establishment", "raised_by")
    if status:
        disputes = disputes.filter(status=status)
    return disputes.order_by("status", "created_at", "id")


def salary_dispute_get(*, dispute_id: int) -> SalaryLineDispute | None:
    return salary_disputes_all().filter(pk=dispute_id).first()
