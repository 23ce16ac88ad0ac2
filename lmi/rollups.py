"""The rollups: one set-based statement per measure, `INSERT INTO <new table> SELECT ... GROUP
BY` over the other apps' tables, then the new table swapped in for `lmi_fact` by a rename in one
short transaction (readers never see half a rebuild). Nothing row by row goes through Python.

Each measure's SELECT yields the columns of `lmi.models.Fact` in this order:
month, governorate, activity, occupation, nationality, breakdown, value, contributors, top_two.

Dates are counted in the month of Muscat's clock. Stocks (employees, establishments, open
vacancies, skills held) are counted as they stand, in the current month; flows (applied, issued,
terminated...) in the month they happened.

Fees: `fees_assessed` is what permits were charged (permits.Permit.fee_amount), in the month
applied for. `fees_collected` is read from the payments app's invoices (lmi sits above payments
in the layers, so it reads payments' tables like any other app's): every fee paid (permit fees,
late fines, violation fines, Sanad counter fees; the fee in `breakdown`), in the month the
payment was received, by the governorate, activity and nationality the invoice copied when it
was raised (the nationality of the invoice's permit when the invoice has none) and the
occupation of its permit. It is gross: an invoice later refunded still counts in the month it
was paid. `fees_refunded` shows the refunds separately, in the month the gateway completed
them, with the refunded invoice's dimensions; net revenue is collected less refunded (the
permits and revenue dashboard shows all three).

Departures: a departure reported by the passport directorate ends the worker's held permit
with the reason "departure <reference> <date>" (employment.services.departures); `departures`
counts those permits in the month of the departure date, with the permit's dimensions. A
departure of a worker the portal holds no permit for ends only an employee record and is not
counted.

Training: `training_completions` counts enrolments completed, in the month of `completed_on`,
by the programme's governorate and its establishment's activity.

Sex is not recorded anywhere in the portal (the civil registry's answer carries no sex, nor do
the employee and jobseeker records), so no rollup has a sex dimension (lmi.models.Fact).
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from employers.models import EconomicActivity, Employee, Establishment
from employment.models import AbscondingReport, Contract, Resignation, Termination, Violation
from employment.rule_models import ViolationType
from jobseekers.models import (
    Application,
    JobseekerProfile,
    ProfileSkill,
    Recommendation,
    RecommendationRun,
    TrainingEnrolment,
    TrainingProgramme,
    Vacancy,
    VacancySkill,
)
from payments.models import BAISAS_PER_RIAL, Invoice, Payment, Refund
from permits.models import Permit

logger = logging.getLogger(__name__)

FACT_COLUMNS = (
    "measure",
    "month",
    "governorate",
    "activity",
    "occupation",
    "nationality",
    "breakdown",
    "value",
    "contributors",
    "top_two",
)
STAGING = "lmi_fact_next"
ANALYSED = ("measure", "month", "governorate", "activity", "occupation", "nationality", "breakdown")


@dataclass(frozen=True)
class Measure:
    code: str
    label: str | Promise
    money: bool = False
    # How the measure's breakdown column reads: "" (none), "reason", "type", "skill".
    breakdown: str = ""


def _t(model: type) -> str:
    return str(model._meta.db_table)  # type: ignore[attr-defined]


def _month(column: str) -> str:
    return f"date_trunc('month', {column} AT TIME ZONE '{settings.TIME_ZONE}')::date"


def _day_month(column: str) -> str:
    """The month of a date column (a date has no time zone)."""
    return f"date_trunc('month', {column})::date"


def _est_join(alias: str = "x") -> str:
    """The establishment and its activity, joined to `alias`.establishment_id."""
    return (
        f" JOIN {_t(Establishment)} e ON e.id = {alias}.establishment_id"
        f" JOIN {_t(EconomicActivity)} a ON a.id = e.activity_id"
    )


def _count(
    month: str,
    source: str,
    *,
    where: str = "TRUE",
    governorate: str = "e.governorate",
    activity: str = "a.code",
    occupation: str = "left(x.occupation_code, 2)",
    nationality: str = "x.nationality",
    breakdown: str = "''",
    value: str = "count(*)",
) -> str:
    return (
        f"SELECT {month}, {governorate}, {activity}, {occupation}, {nationality}, {breakdown},"  # nosec B608 # identifiers and constants from code
        f" {value}, 0, 0 FROM {source} WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6"
    )


def _money(
    month: str,
    source: str,
    *,
    amount: str,
    where: str,
    breakdown: str = "''",
    occupation: str = "left(x.occupation_code, 2)",
    nationality: str = "x.nationality",
    activity: str = "a.code",
    governorate: str = "e.governorate",
    contributor: str = "x.establishment_id",
) -> str:
    """A money total per cell with its number of establishments and the sum of its two largest
    establishments' contributions (for the dominance rule): two GROUP BYs, no row in Python."""
    return (
        "SELECT m, g, act, occ, nat, b, sum(s), count(*),"  # nosec B608 # identifiers and constants from code
        " sum(s) FILTER (WHERE r <= 2) FROM ("
        " SELECT m, g, act, occ, nat, b, s,"
        " row_number() OVER (PARTITION BY m, g, act, occ, nat, b ORDER BY s DESC) AS r FROM ("
        f" SELECT {month} AS m, {governorate} AS g, {activity} AS act,"
        f" {occupation} AS occ, {nationality} AS nat,"
        f" {breakdown} AS b, {contributor} AS est, sum({amount}) AS s"
        f" FROM {source} WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6, 7) per_establishment"
        ") ranked GROUP BY 1, 2, 3, 4, 5, 6"
    )


def _first_failed_check() -> str:
    return (
        "coalesce((SELECT c->>'code' FROM jsonb_array_elements("
        "CASE WHEN jsonb_typeof(x.checks) = 'array' THEN x.checks ELSE '[]'::jsonb END) c"
        " WHERE c->>'outcome' = 'failed' LIMIT 1), 'decision')"
    )


def _statements() -> list[tuple[Measure, str]]:
    """Every measure and its SELECT. `%(this_month)s` is the first day of the current month."""
    this_month = "%(this_month)s::date"
    permits = f"{_t(Permit)} x" + _est_join()
    employees = f"{_t(Employee)} x" + _est_join()
    contracts = f"{_t(Contract)} x" + _est_join()
    employee_of = lambda table: (  # noqa: E731 - a case of the employee's dimensions
        f"{table} x JOIN {_t(Employee)} w ON w.id = x.employee_id" + _est_join()
    )
    vacancies = f"{_t(Vacancy)} x" + _est_join()
    applications = f"{_t(Application)} p JOIN {_t(Vacancy)} x ON x.id = p.vacancy_id" + _est_join()
    violations = (
        f"{_t(Violation)} x JOIN {_t(ViolationType)} t ON t.id = x.violation_type_id" + _est_join()
    )
    no_occ = {"occupation": "''", "nationality": "''"}
    # An invoice (x), its payment (pay) and its permit (p), when it has them.
    invoices = (
        f"{_t(Invoice)} x LEFT JOIN {_t(Payment)} pay ON pay.id = x.payment_id"
        f" LEFT JOIN {_t(Permit)} p ON p.id = x.permit_id"
    )
    invoice_dims = {
        "governorate": "x.governorate",
        "activity": "x.activity_code",
        "occupation": "coalesce(left(p.occupation_code, 2), '')",
        "nationality": "coalesce(nullif(x.nationality, ''), p.nationality, '')",
        # the payer: the establishment, or the person billed at a Sanad counter
        "contributor": "coalesce('e' || x.establishment_id, 'p' || x.person_id)",
    }
    profile_dims = {"governorate": "x.governorate", "activity": "''", **no_occ}
    # A vacancy is counted where it is offered (its own governorate), by its establishment's
    # activity and its occupation; a vacancy has no nationality.
    vacancy_dims = {"governorate": "x.governorate", "nationality": "''"}
    # A vacancy filled after it was published, in the month it was filled: counted by
    # `vacancies_filled` and summed in days by `vacancy_fill_days` (the same vacancies).
    filled = {
        "month": _month("x.updated_at"),
        "source": vacancies,
        "where": "x.status = 'filled' AND x.published_at IS NOT NULL",
        **vacancy_dims,
    }
    latest_run = (
        f"(SELECT id FROM {_t(RecommendationRun)} WHERE status = 'succeeded'"  # nosec B608 # identifiers and constants from code
        " ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT 1)"
    )
    return [
        (
            Measure("establishments", _("Establishments")),
            _count(
                this_month,
                f"{_t(Establishment)} e JOIN {_t(EconomicActivity)} a ON a.id = e.activity_id",
                **no_occ,
            ),
        ),
        (
            Measure("employees", _("Employees")),
            _count(this_month, employees),
        ),
        (
            Measure("permits_applied", _("Work permits applied for")),
            _count(_month("x.created_at"), permits),
        ),
        (
            Measure("permits_issued", _("Work permits issued")),
            _count(_month("x.issued_at"), permits, where="x.issued_at IS NOT NULL"),
        ),
        (
            Measure("permits_refused", _("Work permits refused"), breakdown="reason"),
            _count(
                _month("coalesce(x.decided_at, x.status_changed_at)"),
                permits,
                where="x.status = 'rejected'",
                breakdown=_first_failed_check(),
            ),
        ),
        (
            Measure("permits_renewed", _("Work permits renewed")),
            _count(
                _month("x.issued_at"),
                permits,
                where="x.kind = 'renewal' AND x.issued_at IS NOT NULL",
            ),
        ),
        (
            Measure("permits_cancelled", _("Work permits cancelled")),
            _count(_month("x.status_changed_at"), permits, where="x.status = 'cancelled'"),
        ),
        (
            Measure("permits_transferred", _("Work permits transferred")),
            _count(
                _month("x.issued_at"),
                permits,
                where="x.kind = 'transfer' AND x.issued_at IS NOT NULL",
            ),
        ),
        (
            Measure("fees_assessed", _("Permit fees assessed (RO)"), money=True),
            _money(
                _month("x.created_at"),
                permits,
                amount="x.fee_amount",
                where="x.status NOT IN ('withdrawn')",
            ),
        ),
        (
            Measure("contracts", _("Contracts registered")),
            _count(_month("x.created_at"), contracts, where="x.status IN ('active', 'ended')"),
        ),
        (
            Measure("terminations", _("Terminations"), breakdown="reason"),
            _count(
                _month("x.created_at"),
                employee_of(_t(Termination)),
                occupation="left(w.occupation_code, 2)",
                nationality="w.nationality",
                breakdown="x.reason_code",
            ),
        ),
        (
            Measure("resignations", _("Resignations")),
            _count(
                _month("x.created_at"),
                employee_of(_t(Resignation)),
                occupation="left(w.occupation_code, 2)",
                nationality="w.nationality",
            ),
        ),
        (
            Measure("absconding", _("Absconding reports")),
            _count(
                _month("x.created_at"),
                employee_of(_t(AbscondingReport)),
                occupation="left(w.occupation_code, 2)",
                nationality="w.nationality",
            ),
        ),
        (
            Measure("violations", _("Violations"), breakdown="type"),
            _count(
                _day_month("x.observed_on"),
                violations,
                where="x.status <> 'cancelled'",
                breakdown="t.code",
                **no_occ,
            ),
        ),
        (
            Measure("fines", _("Fines (RO)"), money=True, breakdown="type"),
            _money(
                _day_month("x.observed_on"),
                violations,
                amount="x.fine",
                where="x.status <> 'cancelled'",
                breakdown="t.code",
                occupation="''",
                nationality="''",
            ),
        ),
        (
            Measure("fees_collected", _("Fees collected (RO)"), money=True, breakdown="fee"),
            _money(
                _month("coalesce(pay.received_at, x.paid_at)"),
                invoices,
                amount=f"x.amount_baisas::numeric / {BAISAS_PER_RIAL}",
                where="x.status IN ('paid', 'refunded') AND x.paid_at IS NOT NULL",
                breakdown="x.fee_type",
                **invoice_dims,
            ),
        ),
        (
            Measure("fees_refunded", _("Fees refunded (RO)"), money=True, breakdown="fee"),
            _money(
                _month("r.completed_at"),
                f"{_t(Refund)} r JOIN {invoices} ON x.id = r.invoice_id",
                amount=f"r.amount_baisas::numeric / {BAISAS_PER_RIAL}",
                where="r.status = 'completed' AND r.completed_at IS NOT NULL",
                breakdown="x.fee_type",
                **invoice_dims,
            ),
        ),
        (
            Measure("departures", _("Departures from Oman (permits ended)")),
            _count(
                _day_month("substring(x.ended_reason from '(\\d{4}-\\d{2}-\\d{2})$')::date"),
                permits,
                # the service's reason: "departure <reference> <date>"
                where=(
                    "x.status = 'cancelled'"
                    " AND x.ended_reason ~ '^departure .* \\d{4}-\\d{2}-\\d{2}$'"
                ),
            ),
        ),
        # The money totals of the open datasets, by governorate and month only: dominance is
        # judged on the establishments of the published cell itself.
        (
            Measure("open_fees_assessed", _("Permit fees assessed (RO)"), money=True),
            _money(
                _month("x.created_at"),
                permits,
                amount="x.fee_amount",
                where="x.status NOT IN ('withdrawn')",
                occupation="''",
                nationality="''",
                activity="''",
            ),
        ),
        (
            Measure("open_fines", _("Fines (RO)"), money=True),
            _money(
                _day_month("x.observed_on"),
                violations,
                amount="x.fine",
                where="x.status <> 'cancelled'",
                occupation="''",
                nationality="''",
                activity="''",
            ),
        ),
        (
            Measure("vacancies_posted", _("Vacancies published")),
            _count(
                _month("x.published_at"),
                vacancies,
                where="x.published_at IS NOT NULL",
                value="sum(x.openings)",
                **vacancy_dims,
            ),
        ),
        (
            Measure("vacancies_open", _("Vacancies open")),
            _count(
                this_month,
                vacancies,
                where="x.status = 'open'",
                value="sum(x.openings)",
                **vacancy_dims,
            ),
        ),
        (
            Measure("vacancies_filled", _("Vacancies filled")),
            _count(**filled),
        ),
        (
            Measure("vacancy_fill_days", _("Days from publication to filling (sum)")),
            _count(**filled, value="sum(GREATEST(0, (x.updated_at::date - x.published_at::date)))"),
        ),
        (
            Measure("applications", _("Applications")),
            _count(_month("p.created_at"), applications, **vacancy_dims),
        ),
        (
            Measure("placements", _("Placements (hired)")),
            _count(
                _month("p.status_changed_at"),
                applications,
                where="p.status = 'hired'",
                **vacancy_dims,
            ),
        ),
        (
            Measure("jobseekers_registered", _("Jobseekers registered")),
            _count(_month("x.created_at"), f"{_t(JobseekerProfile)} x", **profile_dims),
        ),
        (
            Measure("jobseekers_searching", _("Jobseekers looking for work")),
            _count(
                this_month,
                f"{_t(JobseekerProfile)} x",
                where="x.is_searching",
                **profile_dims,
            ),
        ),
        (
            Measure("jobseekers_placed", _("Jobseekers placed")),
            _count(
                _month("p.status_changed_at"),
                f"{_t(Application)} p JOIN {_t(JobseekerProfile)} x ON x.id = p.profile_id",
                where="p.status = 'hired'",
                value="count(DISTINCT p.profile_id)",
                **profile_dims,
            ),
        ),
        (
            Measure("training_places", _("On-the-job training places")),
            _count(
                _day_month("x.starts_on"),
                f"{_t(TrainingProgramme)} x" + _est_join(),
                governorate="x.governorate",
                value="sum(x.places)",
                **no_occ,
            ),
        ),
        (
            Measure("training_completions", _("On-the-job training completed")),
            _count(
                _day_month("c.completed_on"),
                f"{_t(TrainingEnrolment)} c JOIN {_t(TrainingProgramme)} x"
                " ON x.id = c.programme_id" + _est_join(),
                where="c.status = 'completed' AND c.completed_on IS NOT NULL",
                governorate="x.governorate",
                **no_occ,
            ),
        ),
        (
            Measure("skills_demanded", _("Skills asked for by open vacancies"), breakdown="skill"),
            _count(
                this_month,
                f"{_t(VacancySkill)} s JOIN {_t(Vacancy)} x ON x.id = s.vacancy_id" + _est_join(),
                where="x.status = 'open' AND s.required",
                breakdown="s.skill_code",
                value="sum(x.openings)",
                **vacancy_dims,
            ),
        ),
        (
            Measure(
                "skills_held", _("Skills held by jobseekers looking for work"), breakdown="skill"
            ),
            _count(
                this_month,
                f"{_t(ProfileSkill)} s JOIN {_t(JobseekerProfile)} x ON x.id = s.profile_id",
                where="x.is_searching",
                breakdown="s.skill_code",
                **profile_dims,
            ),
        ),
        (
            Measure(
                "skills_missing",
                _("Missing skills that cost recommended jobseekers a match"),
                breakdown="skill",
            ),
            (
                f"SELECT {this_month}, x.governorate, a.code, left(x.occupation_code, 2), '',"  # nosec B608 # identifiers and constants from code
                " m.skill, count(*), 0, 0"
                f" FROM {_t(Recommendation)} r JOIN {_t(Vacancy)} x ON x.id = r.vacancy_id"
                + _est_join()
                + " CROSS JOIN LATERAL jsonb_array_elements(r.explanation->'factors') f"
                " CROSS JOIN LATERAL jsonb_array_elements_text(f->'facts'->'missing') m(skill)"
                f" WHERE r.run_id = {latest_run} AND f->>'name' = 'required_skills'"
                " GROUP BY 1, 2, 3, 4, 5, 6"
            ),
        ),
    ]


def statements() -> list[tuple[Measure, str]]:
    return _statements()


def measures() -> dict[str, Measure]:
    return {m.code: m for m, _sql in statements()}


@dataclass(frozen=True)
class BuildResult:
    rows: int
    seconds: float
    per_measure: dict[str, int]


def rollup_build(
    *, today: datetime.date, progress: Callable[[int, int], None] | None = None
) -> BuildResult:
    """Rebuild every rollup set-based and swap it in. `progress(done, total)` is called after
    each measure.

    The rows go into a fresh table, written once, whose key and index are built after the
    load; a short transaction then drops the old table and renames the new one (with the
    names Django's migrations know), so readers see the previous rollups or these, never half,
    and wait only for the rename."""
    from lmi.models import Fact

    started = time.perf_counter()
    found = statements()
    params = {"this_month": today.replace(day=1)}
    columns = ", ".join(FACT_COLUMNS)
    per_measure: dict[str, int] = {}
    index = Fact._meta.indexes[0]
    index_columns = ", ".join(index.fields)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(
            f"CREATE TABLE {STAGING} (LIKE lmi_fact INCLUDING DEFAULTS INCLUDING IDENTITY"
            " INCLUDING CONSTRAINTS)"
        )
        for done, (measure, select) in enumerate(found, start=1):
            cursor.execute(
                f"INSERT INTO {STAGING} ({columns})"  # nosec B608 # identifiers and constants from code
                f" SELECT '{measure.code}', q.* FROM ({select}) q",
                params,
            )
            per_measure[measure.code] = cursor.rowcount
            if progress is not None:
                progress(done, len(found))
        cursor.execute(f"ALTER TABLE {STAGING} ADD CONSTRAINT {STAGING}_pkey PRIMARY KEY (id)")
        cursor.execute(f"CREATE INDEX {STAGING}_idx ON {STAGING} ({index_columns})")
        # statistics of the columns the dashboards and datasets filter and group on (the
        # figures themselves are only summed)
        cursor.execute(f"ANALYZE {STAGING} ({', '.join(ANALYSED)})")
        # each INSERT's row count is exact: no second pass over the table to count it
        rows = sum(per_measure.values())
        with transaction.atomic():
            cursor.execute("DROP TABLE lmi_fact")
            cursor.execute(f"ALTER TABLE {STAGING} RENAME TO lmi_fact")
            cursor.execute(
                f"ALTER TABLE lmi_fact RENAME CONSTRAINT {STAGING}_pkey TO lmi_fact_pkey"
            )
            cursor.execute(f'ALTER INDEX {STAGING}_idx RENAME TO "{index.name}"')
            cursor.execute("SELECT pg_get_serial_sequence('lmi_fact', 'id')")
            sequence = cursor.fetchone()[0]
            if sequence and sequence != "public.lmi_fact_id_seq":
                cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO lmi_fact_id_seq")
    return BuildResult(rows=rows, seconds=time.perf_counter() - started, per_measure=per_measure)
