"""Reads of wage protection: an establishment's monthly results and lines (employer pages, scoped
by establishment), a worker's own lines (by the proven civil or resident number), and the
ministry's rates, worklist, runs and disputes (cross-establishment by design)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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


# The contract a month's salary is due under: the worker's contract in force in the month (the
# latest to start of those that started by its due date and had not ended before it began),
# else the one in force now, else the latest. A raise since does not change what was due in a
# month: the check (employment.services.wage_protection) and the lines read here agree.
def month_contract_sql(*, due_on: str, month: str) -> tuple[str, str]:
    """For contract alias `c` and the SQL expressions of the month's due date and first day:
    (the condition "in force in the month", the ORDER BY putting the contract the month's
    salary is due under first)."""
    in_month = (
        f"(c.status IN ('active', 'ended') AND c.starts_on <= {due_on} "
        f"AND (c.ends_on IS NULL OR c.ends_on >= {month}))"
    )
    return in_month, f"{in_month} DESC, (c.status = 'active') DESC, c.starts_on DESC, c.id DESC"


_IN_MONTH, _MONTH_ORDER = month_contract_sql(due_on="r.due_on", month="r.month")
_MONTH_CONTRACT = f"""
    LEFT JOIN LATERAL (
        SELECT c.civil_id, c.monthly_salary, c.status, {_IN_MONTH} AS in_month
        FROM employment_contract c
        WHERE c.employee_id = e.id AND c.civil_id <> ''
        ORDER BY {_MONTH_ORDER} LIMIT 1
    ) c ON true
"""  # noqa: S608  # nosec B608 # SQL from code

# The lines of workers paid in full and on time: the check keeps no line for them (only for the
# workers not paid as due, employment.services.wage_protection), so they are the central
# bank's own lines of the months checked (a result exists), for a worker of the register in the
# month (as the check matched them: the register's or the contract's number; the salary due
# under the month's contract, else the register's), where no line is kept. `{scope}` picks the
# workers, `{where}` the results; the columns are those of `_KEPT_SQL`.
_FILE_PAID_SQL = f"""
SELECT DISTINCT ON (r.establishment_id, r.month, w.civil_id)
       NULL::bigint AS id, s.id AS file_line_id, r.establishment_id, r.month, w.employee_id,
       w.civil_id, w.salary_due, s.salary_paid, s.paid_on, s.file_reference,
       'paid'::varchar AS outcome
FROM employment_wageprotectionresult r
JOIN employers_establishment est ON est.id = r.establishment_id
JOIN LATERAL (
    SELECT e.id AS employee_id, COALESCE(NULLIF(e.civil_id, ''), c.civil_id) AS civil_id,
           CASE WHEN c.in_month OR c.status = 'active' THEN c.monthly_salary
                ELSE e.monthly_salary END AS salary_due
    FROM employers_employee e
    {_MONTH_CONTRACT}
    WHERE e.establishment_id = r.establishment_id AND {{scope}}
      AND e.contract_start <= r.due_on AND (e.contract_end IS NULL OR e.contract_end >= r.month)
) w ON w.civil_id IS NOT NULL
JOIN integrations_salaryfileline s
    ON s.cr_number = est.cr_number AND s.civil_id = w.civil_id AND s.month = r.month
WHERE true {{where}}
  AND NOT EXISTS (
      SELECT 1 FROM employment_wageprotectionline l
      WHERE l.establishment_id = r.establishment_id AND l.month = r.month
        AND l.civil_id = w.civil_id
  )
ORDER BY r.establishment_id, r.month, w.civil_id, w.employee_id
"""  # noqa: S608  # nosec B608 # SQL from code

# The lines the check kept (workers not paid as due, or paid by a later file), in the columns
# of `_FILE_PAID_SQL`.
_KEPT_SQL = """
SELECT l.id, NULL::bigint AS file_line_id, l.establishment_id, l.month, l.employee_id,
       l.civil_id, l.salary_due, l.salary_paid, l.paid_on, l.file_reference, l.outcome
FROM employment_wageprotectionline l
WHERE l.establishment_id = %(establishment)s AND l.month = %(month)s
"""


def _line(row: tuple[Any, ...]) -> WageProtectionLine:
    """A row of `_KEPT_SQL` or `_FILE_PAID_SQL` as a line (unsaved, no `pk`, for a file's line;
    `file_line_id` names the file's line)."""
    pk, file_line_id, establishment_id, month, employee_id, civil_id, due, paid, paid_on, ref, outcome = row  # fmt: skip  # noqa: E501
    line = WageProtectionLine(
        pk=pk,
        establishment_id=establishment_id,
        month=month,
        employee_id=employee_id,
        civil_id=civil_id,
        salary_due=due,
        salary_paid=paid,
        paid_on=paid_on,
        file_reference=ref,
        outcome=outcome,
    )
    line.file_line_id = file_line_id  # type: ignore[attr-defined]
    return line


def _file_paid_lines(*, scope: str, where: str, params: dict[str, Any]) -> list[WageProtectionLine]:
    """The lines paid as due that the check did not keep, read from the central bank's file."""
    with connection.cursor() as cursor:
        cursor.execute(_FILE_PAID_SQL.format(scope=scope, where=where), params)
        return [_line(row) for row in cursor.fetchall()]


class ResultLines:
    """The worker lines of one establishment-month, those not paid as due first (then by
    number), read a page at a time (an establishment may have thousands of workers): the lines
    the check kept, and the workers paid as due from the central bank's file. A Paginator
    counts it (`count`) and slices it; iterating reads every line."""

    def __init__(self, result: WageProtectionResult) -> None:
        self.result = result
        self.params: dict[str, Any] = {
            "establishment": result.establishment_id,
            "month": result.month,
            "result": result.pk,
        }
        paid = _FILE_PAID_SQL.format(scope="true", where="AND r.id = %(result)s")
        self.union = f"({_KEPT_SQL}) UNION ALL ({paid})"

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({self.union}) x", self.params)  # noqa: S608  # nosec B608 # SQL from code
            return int(cursor.fetchone()[0])

    def __len__(self) -> int:
        return self.count()

    def _read(self, offset: int, limit: int | None) -> list[WageProtectionLine]:
        sql = (
            f"SELECT * FROM ({self.union}) x "  # noqa: S608  # nosec B608 # SQL from code
            "ORDER BY x.outcome = 'paid', x.outcome, x.civil_id LIMIT %(limit)s OFFSET %(offset)s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, {**self.params, "limit": limit, "offset": offset})
            lines = [_line(row) for row in cursor.fetchall()]
        employees = Employee.objects.in_bulk({line.employee_id for line in lines})
        for line in lines:
            line.employee = employees.get(line.employee_id)
        return lines

    def __getitem__(self, index: slice) -> list[WageProtectionLine]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("ResultLines reads pages: slice it")
        start = index.start or 0
        limit = None if index.stop is None else max(index.stop - start, 0)
        return self._read(start, limit)

    def __iter__(self) -> Iterator[WageProtectionLine]:
        return iter(self._read(0, None))


def wage_lines_of_result(*, result: WageProtectionResult) -> ResultLines:
    """The worker lines of one establishment-month, read a page at a time (`ResultLines`)."""
    return ResultLines(result)


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
    _in_month, order = month_contract_sql(due_on="%(due_on)s", month="%(month)s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.civil_id, s.salary_paid, s.paid_on, s.file_reference
            FROM integrations_salaryfileline s
            JOIN employers_establishment est ON est.cr_number = s.cr_number
            WHERE est.id = %(establishment)s AND s.month = %(month)s
              AND NOT EXISTS (
                  SELECT 1 FROM employment_wageprotectionline k
                  WHERE k.establishment_id = est.id AND k.month = s.month
                    AND k.civil_id = s.civil_id
              )
              AND NOT EXISTS (
                  -- a worker of the register in the month (the register's or the contract's
                  -- number), as the check matched them
                  SELECT 1 FROM employers_employee e
                  WHERE e.establishment_id = est.id
                    AND e.contract_start <= %(due_on)s
                    AND (e.contract_end IS NULL OR e.contract_end >= %(month)s)
                    AND s.civil_id = COALESCE(NULLIF(e.civil_id, ''), (
                        SELECT c.civil_id FROM employment_contract c
                        WHERE c.employee_id = e.id AND c.civil_id <> ''
                        ORDER BY {order} LIMIT 1
                    ))
              )
            ORDER BY s.civil_id
            LIMIT 500
            """,  # noqa: S608  # nosec B608 # SQL from code
            {
                "establishment": result.establishment_id,
                "month": result.month,
                "due_on": result.due_on,
            },
        )
        return [UnknownLine(*row) for row in cursor.fetchall()]


def wage_lines_for_worker(*, civil_id: str) -> list[WageProtectionLine]:
    """A worker's own salary lines at every employer, newest month first (the caller has
    checked that `civil_id` is the signed-in person's proven number): the lines the check kept
    (with their disputes) and the months paid as due from the central bank's file (unsaved
    lines, `file_line_id` naming the file's line)."""
    if not civil_id:
        return []
    kept = list(
        WageProtectionLine.objects.filter(civil_id=civil_id)
        .select_related("establishment")
        .prefetch_related("disputes")
    )
    paid = _file_paid_lines(
        scope=(
            # by the register's number or a contract's, each through its index
            "e.id IN (SELECT n.id FROM employers_employee n WHERE n.civil_id = %(civil_id)s "
            "UNION SELECT k.employee_id FROM employment_contract k "
            "WHERE k.civil_id = %(civil_id)s)"
        ),
        where=(
            "AND w.civil_id = %(civil_id)s AND r.establishment_id IN ("
            "SELECT n.establishment_id FROM employers_employee n WHERE n.civil_id = %(civil_id)s "
            "UNION SELECT k.establishment_id FROM employment_contract k "
            "WHERE k.civil_id = %(civil_id)s)"
        ),
        params={"civil_id": civil_id},
    )
    establishments = Establishment.objects.in_bulk([line.establishment_id for line in paid])
    for line in paid:
        line.establishment = establishments[line.establishment_id]
    return sorted(kept + paid, key=lambda line: (-line.month.toordinal(), line.establishment_id))


def wage_file_line_get_for_worker(*, civil_id: str, file_line_id: int) -> WageProtectionLine | None:
    """One of the worker's months paid as due (not kept by the check), by the file's line."""
    return next(
        (
            line
            for line in wage_lines_for_worker(civil_id=civil_id)
            if line.pk is None and getattr(line, "file_line_id", None) == file_line_id
        ),
        None,
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
    """One of the worker's kept lines (proven number), with its disputes."""
    if not civil_id:
        return None
    return (
        WageProtectionLine.objects.filter(civil_id=civil_id, pk=line_id)
        .select_related("establishment")
        .prefetch_related("disputes")
        .first()
    )


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
