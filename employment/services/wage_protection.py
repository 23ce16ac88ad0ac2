"""Wage protection: each salary month, every establishment's salary file (the central bank's
lines, synced into integrations.SalaryFileLine) is checked against its workforce register and
contracts, and what it finds runs by itself: a warning, then a violation and a suspension, lifted
when the money and the fine are paid.

The rules (DOMAIN.md sections 4 and 9; figures from the lifecycle rule set in force on the due
date, so a new rule set changes the months due from its effective date only):

- A salary month is the calendar month; its salary is due on the month's last day
  (`due_on`) and must reach the file by `due_on + salary_paid_within_days` (`pay_by`).
- Every worker on the register during the month (contract start on or before its last day, no
  end before its first day) is due the contract salary: the salary of the worker's contract in
  force, else the register's. A worker with neither a civil nor a resident number (register or
  contract) cannot be matched with the file and is not checked.
- Each such worker is PAID (in full, on time), LATE (in full after `pay_by`), UNDERPAID (more
  than `wage_shortfall_tolerance_percent` below the contract salary) or UNPAID (no line, no
  payment date, nothing paid). The compliance rate is the share PAID, in percent.
- The first month with a worker not PAID is a warning: an SMS to the establishment's
  representatives, and to each such worker at the worker's verified numbers only (straight
  into the ledger when they are kept, else a WorkerNotice sent once the registry answers;
  never a number an employer typed). A second month in a row is a violation
  raised by the portal itself (`violation_raise_by_system`, type `wages_unpaid` of the fine
  schedule: RO 50 per worker not paid as due), and the establishment is barred from new work
  permits and renewals with the source `wage_protection`; each worker not paid is told again.
- The bar lifts (`wage_protection_lift_if_due`) once every violation month's lines are paid (a
  later file; the months of an open violation are checked again with every run) and every
  wage-protection violation's fine is paid (`violation_fine_settle`, the payments hook) or the
  violation was cancelled.

The salary lines are read from the synced table `integrations_salaryfileline` by name in the
SQL below: integrations sits above employment in the layers (.importlinter), so no Python import
of it is allowed here, and the read is plain SQL. A line of the file for a person who is not on
the register is refused: it pays nobody, and the month counts it as `unknown_lines` (listed on
the employer's month page with the reason).

The check is set-based: per range of establishments, one statement joins the register to the
file once, writes each establishment's result with its stage from one aggregate over those rows
(as the benchmark's floor computes it), and keeps a worker line only for the workers not paid as
due (late, underpaid, unpaid), updating the lines already kept when a later file pays them. A
worker paid in full and on time keeps no line: the central bank's line is theirs, and the
selectors show it (ADR 0026). Only the results that just moved get messages and violations.
Re-running a month writes nothing new: kept lines and results are only written when they
change, a result's stage moves once, and messages and violations carry idempotency keys.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError, PermissionDeniedError
from core.runs import run_fail, run_progress, run_start, run_succeed
from core.services import audit_record, audit_record_select
from core.transitions import transition_locked
from employers.locks import establishment_lock
from employers.models import Establishment, Membership
from employers.services import establishment_bar_lift
from employment.deadlines import lifecycle_rule_set_in_force
from employment.models import (
    Contract,
    LifecycleRuleSet,
    SalaryLineDispute,
    Violation,
    ViolationType,
    WageProtectionLine,
    WageProtectionResult,
    WageProtectionRun,
    WorkerNotice,
)
from employment.selectors.wage_protection import month_contract_sql
from employment.services.notices import (
    worker_messages_enqueue_kept,
    worker_number_kept_sql,
    worker_template_set_based,
)
from employment.services.violations import violations_raise_by_system_select
from notifications.models import SmsTemplate
from notifications.services import sms_enqueue_select, sms_template_category, sms_texts

logger = logging.getLogger(__name__)

BAR_SOURCE = "wage_protection"
OWED = Q(underpaid__gt=0) | Q(unpaid__gt=0)  # a result whose workers are still owed money
VIOLATION_CODE = "wages_unpaid"  # "Wages not paid through the wage protection system"
CHUNK_ESTABLISHMENTS = 20_000
RUNNERS = frozenset({User.Role.OFFICER, User.Role.APPROVER})
DISPUTE_DECIDERS = frozenset({User.Role.OFFICER, User.Role.APPROVER, User.Role.INSPECTOR})


class WageProtectionError(ApplicationError):
    """The check cannot run as asked (no rule set for the month, a month not yet due)."""


@dataclass(frozen=True)
class MonthRules:
    month: datetime.date
    rule_set: LifecycleRuleSet
    due_on: datetime.date
    pay_by: datetime.date
    paid_share: Decimal  # a payment at or above this share of the contract salary is in full

    @property
    def month_end(self) -> datetime.date:
        return self.due_on


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return first_of_month(first_of_month(month) - datetime.timedelta(days=1))


def month_rules(*, month: datetime.date) -> MonthRules:
    """The due date, the pay-by date and the tolerance of a salary month, from the lifecycle
    rule set in force on its due date (the month's last day).

    Raises WageProtectionError when no rule set is in force on that day."""
    month = first_of_month(month)
    due_on = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    rule_set = lifecycle_rule_set_in_force(on=due_on)
    if rule_set is None:
        raise WageProtectionError(
            _("No employment rules are in force on %(date)s.") % {"date": due_on.isoformat()}
        )
    tolerance = rule_set.wage_shortfall_tolerance_percent or Decimal(0)
    return MonthRules(
        month=month,
        rule_set=rule_set,
        due_on=due_on,
        pay_by=due_on + datetime.timedelta(days=rule_set.salary_paid_within_days),
        paid_share=(Decimal(100) - tolerance) / Decimal(100),
    )


# --- the set-based check --------------------------------------------------------------------

# Every worker due a salary, checked against the file: one row per worker of the register in
# the month (as `due`), with the file's line when there is one, plus (FULL JOIN) the file's lines
# of the range's establishments for nobody on the register (`employee_id` NULL: unknown lines).
_IN_MONTH, _MONTH_ORDER = month_contract_sql(due_on="%(month_end)s", month="%(month)s")
_CHECKED_CTE = f"""
contracted AS MATERIALIZED (
    -- each worker's contract the month's salary is due under (`month_contract_sql`: the one
    -- in force in the month, else the one in force now, else the latest; one pass, hashed)
    SELECT DISTINCT ON (c.employee_id) c.employee_id, c.civil_id, c.monthly_salary, c.status,
           {_IN_MONTH} AS in_month
    FROM employment_contract c
    WHERE c.civil_id <> '' AND c.employee_id IN (
        SELECT w.id FROM employers_employee w
        WHERE w.establishment_id BETWEEN %(lo)s AND %(hi)s
    )
    ORDER BY c.employee_id, {_MONTH_ORDER}
),
numbered AS MATERIALIZED (
    -- the few workers of the month with no number on the register, numbered by their contract:
    -- the only ones who may share a number with another worker of the establishment (the
    -- register's numbers are unique per establishment), the first by id counts (no sort of
    -- the whole register to find them)
    SELECT e.establishment_id, e.id AS employee_id, c.civil_id
    FROM employers_employee e
    JOIN contracted c ON c.employee_id = e.id
    WHERE e.establishment_id BETWEEN %(lo)s AND %(hi)s
      AND NULLIF(e.civil_id, '') IS NULL
      AND e.contract_start <= %(month_end)s
      AND (e.contract_end IS NULL OR e.contract_end >= %(month)s)
),
dropped AS MATERIALIZED (
    -- the workers sharing a number with another of the establishment with a smaller id: a
    -- worker of the register after a worker numbered by contract, and a worker numbered by
    -- contract after anyone (a small set, looked up by the register's unique number)
    SELECT e.id AS employee_id
    FROM numbered n
    JOIN employers_employee e
        ON e.establishment_id = n.establishment_id AND e.civil_id = n.civil_id
       AND e.id > n.employee_id
    UNION
    SELECT n.employee_id FROM numbered n
    WHERE EXISTS (
        SELECT 1 FROM numbered m
        WHERE m.establishment_id = n.establishment_id AND m.civil_id = n.civil_id
          AND m.employee_id < n.employee_id
    ) OR EXISTS (
        SELECT 1 FROM employers_employee o
        WHERE o.establishment_id = n.establishment_id AND o.civil_id = n.civil_id
          AND o.id < n.employee_id AND o.contract_start <= %(month_end)s
          AND (o.contract_end IS NULL OR o.contract_end >= %(month)s)
    )
),
due AS (
    SELECT e.establishment_id,
        e.id AS employee_id,
        est.cr_number,
        COALESCE(NULLIF(e.civil_id, ''), c.civil_id) AS civil_id,
        CASE WHEN c.in_month OR c.status = 'active' THEN c.monthly_salary
             ELSE e.monthly_salary END
            AS salary_due
    FROM employers_employee e
    JOIN employers_establishment est ON est.id = e.establishment_id
    LEFT JOIN contracted c ON c.employee_id = e.id
    WHERE e.establishment_id BETWEEN %(lo)s AND %(hi)s
      AND (%(only)s::bigint[] IS NULL OR e.establishment_id = ANY(%(only)s::bigint[]))
      AND est.status <> 'closed'
      AND e.contract_start <= %(month_end)s
      AND (e.contract_end IS NULL OR e.contract_end >= %(month)s)
      AND COALESCE(NULLIF(e.civil_id, ''), c.civil_id) IS NOT NULL
      -- one row per worker and number: the first by id (see `dropped`)
      AND e.id NOT IN (SELECT d.employee_id FROM dropped d)
),
filed AS (
    SELECT s.id, s.cr_number, s.civil_id, s.salary_paid, s.paid_on, s.file_reference,
           est.id AS establishment_id
    FROM integrations_salaryfileline s
    JOIN employers_establishment est ON est.cr_number = s.cr_number
    WHERE s.month = %(month)s AND est.id BETWEEN %(lo)s AND %(hi)s
      AND (%(only)s::bigint[] IS NULL OR est.id = ANY(%(only)s::bigint[]))
),
checked AS MATERIALIZED (
    SELECT COALESCE(d.establishment_id, s.establishment_id) AS establishment_id,
           d.employee_id, d.civil_id, d.salary_due, s.id AS file_line_id,
           COALESCE(s.salary_paid, 0) AS salary_paid, s.paid_on,
           COALESCE(s.file_reference, '') AS file_reference,
           CASE
               WHEN s.id IS NULL OR s.paid_on IS NULL OR s.salary_paid <= 0 THEN 'unpaid'
               WHEN s.salary_paid < d.salary_due * %(paid_share)s THEN 'underpaid'
               WHEN s.paid_on > %(pay_by)s THEN 'late'
               ELSE 'paid'
           END AS outcome
    FROM due d
    FULL JOIN filed s ON s.cr_number = d.cr_number AND s.civil_id = d.civil_id
)
"""  # noqa: S608  # nosec B608 # SQL from code

# The worker lines kept: a line for each worker not paid as due (late, underpaid, unpaid); a
# worker paid in full and on time is the central bank's own line (integrations.SalaryFileLine),
# shown from it (employment.selectors.wage_protection). The first check of a month only inserts
# (nothing is kept yet: a plain INSERT, no upsert).
_ADD_LINES_CTE = """
added AS (
    INSERT INTO employment_wageprotectionline (
        created_at, updated_at, establishment_id, month, employee_id, civil_id,
        salary_due, salary_paid, paid_on, file_reference, outcome
    )
    SELECT now(), now(), c.establishment_id, %(month)s, c.employee_id, c.civil_id,
           c.salary_due, c.salary_paid, c.paid_on, c.file_reference, c.outcome
    FROM checked c
    WHERE c.employee_id IS NOT NULL AND c.outcome <> 'paid' {not_kept}
)
"""

# A later check of the month: a line kept (missed before, or disputed) follows the file (a later
# file pays it: its history, its disputes and the lifting read it), and a worker missed for the
# first time gets a line; a line unchanged is not written (a re-run writes nothing).
_KEPT_CTES = """
kept AS (
    SELECT l.establishment_id, l.civil_id FROM employment_wageprotectionline l
    WHERE l.month = %(month)s AND l.establishment_id BETWEEN %(lo)s AND %(hi)s
      AND (%(only)s::bigint[] IS NULL OR l.establishment_id = ANY(%(only)s::bigint[]))
),
changed AS (
    UPDATE employment_wageprotectionline l SET
        updated_at = now(),
        employee_id = c.employee_id,
        salary_due = c.salary_due,
        salary_paid = c.salary_paid,
        paid_on = c.paid_on,
        file_reference = c.file_reference,
        outcome = c.outcome
    FROM checked c
    WHERE l.month = %(month)s AND l.establishment_id BETWEEN %(lo)s AND %(hi)s
      AND c.employee_id IS NOT NULL
      AND l.establishment_id = c.establishment_id AND l.civil_id = c.civil_id
      AND (l.employee_id, l.salary_due, l.salary_paid, l.paid_on, l.file_reference, l.outcome)
          IS DISTINCT FROM (c.employee_id, c.salary_due, c.salary_paid, c.paid_on,
                            c.file_reference, c.outcome)
),
"""

_NOT_KEPT = """
      AND NOT EXISTS (
          SELECT 1 FROM kept k
          WHERE k.establishment_id = c.establishment_id AND k.civil_id = c.civil_id
      )"""

# The establishments' results, from the same rows in the same statement (one aggregate over the
# register joined to the file, as the benchmark's floor), each with its stage: a result that
# missed moves once from COMPLIANT, to VIOLATION when the month before missed too, else to
# WARNED; a stage never moves back (the warning was sent, the violation stands), and a recheck
# of a month owed (`move` false) moves none. The statement returns the ids of the results that
# just moved (their messages and violations are owed).
# The results' statement, in pieces: the month before's misses and the counts per
# establishment; their INSERT (`{upsert}`: nothing on the month's first check of a range, else
# the upsert below); the results as they were before the statement (a later check only).
_RESULTS_COUNTED_CTES = """
missed_before AS (
    SELECT p.establishment_id FROM employment_wageprotectionresult p
    WHERE p.month = %(previous)s AND p.establishment_id BETWEEN %(lo)s AND %(hi)s
      AND p.late + p.underpaid + p.unpaid > 0
),
counted AS (
    SELECT c.establishment_id,
           count(c.employee_id) AS workers_due,
           count(*) FILTER (WHERE c.employee_id IS NOT NULL AND c.outcome = 'paid') AS paid,
           count(*) FILTER (WHERE c.employee_id IS NOT NULL AND c.outcome = 'late') AS late,
           count(*) FILTER (WHERE c.employee_id IS NOT NULL AND c.outcome = 'underpaid')
               AS underpaid,
           count(*) FILTER (WHERE c.employee_id IS NOT NULL AND c.outcome = 'unpaid') AS unpaid,
           count(*) FILTER (WHERE c.employee_id IS NULL) AS unknown_lines
    FROM checked c
    GROUP BY c.establishment_id
    HAVING count(c.employee_id) > 0
),
"""

_RESULTS_WRITTEN_CTE = """
written AS (
    INSERT INTO employment_wageprotectionresult AS r (
        created_at, updated_at, establishment_id, month, rule_set_id, due_on, pay_by,
        workers_due, paid, late, underpaid, unpaid, compliance_rate, unknown_lines, stage
    )
    SELECT
        now(), now(), n.establishment_id, %(month)s, %(rule_set)s, %(due_on)s, %(pay_by)s,
        n.workers_due, n.paid, n.late, n.underpaid, n.unpaid,
        round(100.0 * n.paid / n.workers_due, 2), n.unknown_lines,
        CASE WHEN NOT %(move)s OR n.late + n.underpaid + n.unpaid = 0 THEN 'compliant'
             WHEN b.establishment_id IS NOT NULL THEN 'violation'
             ELSE 'warned' END
    FROM counted n
    LEFT JOIN missed_before b ON b.establishment_id = n.establishment_id
{upsert}    RETURNING r.id, r.establishment_id, r.stage
)
"""

# A later check: a result moves only when a value or the stage does.
_RESULTS_UPSERT = """
    ON CONFLICT (establishment_id, month) DO UPDATE SET
        updated_at = now(),
        rule_set_id = EXCLUDED.rule_set_id,
        due_on = EXCLUDED.due_on,
        pay_by = EXCLUDED.pay_by,
        workers_due = EXCLUDED.workers_due,
        paid = EXCLUDED.paid,
        late = EXCLUDED.late,
        underpaid = EXCLUDED.underpaid,
        unpaid = EXCLUDED.unpaid,
        compliance_rate = EXCLUDED.compliance_rate,
        unknown_lines = EXCLUDED.unknown_lines,
        stage = CASE WHEN r.stage = 'compliant' THEN EXCLUDED.stage ELSE r.stage END
    WHERE (r.rule_set_id, r.due_on, r.pay_by, r.workers_due, r.paid, r.late, r.underpaid,
           r.unpaid, r.unknown_lines)
        IS DISTINCT FROM (EXCLUDED.rule_set_id, EXCLUDED.due_on, EXCLUDED.pay_by,
                          EXCLUDED.workers_due, EXCLUDED.paid, EXCLUDED.late,
                          EXCLUDED.underpaid, EXCLUDED.unpaid, EXCLUDED.unknown_lines)
       OR (r.stage = 'compliant' AND EXCLUDED.stage <> 'compliant')
"""

_RESULTS_PRIOR_CTE = """
prior AS (
    SELECT r.establishment_id, r.stage FROM employment_wageprotectionresult r
    WHERE r.month = %(month)s AND r.establishment_id BETWEEN %(lo)s AND %(hi)s
),
"""

# A later check of the range: the results upserted; the ids of those that just moved.
_RESULTS_CTES = (
    _RESULTS_PRIOR_CTE  # noqa: S608  # nosec B608 # SQL from code
    + _RESULTS_COUNTED_CTES
    + _RESULTS_WRITTEN_CTE.format(upsert=_RESULTS_UPSERT.lstrip("\n"))
    + """SELECT w.id FROM written w
LEFT JOIN prior p ON p.establishment_id = w.establishment_id
WHERE w.stage <> 'compliant' AND (p.stage IS NULL OR p.stage = 'compliant')
"""
)

# The month's first check of the range: no result yet, each is inserted plainly (no conflict to
# look for, no prior stage: every result that missed just moved).
_FIRST_RESULTS_CTES = (
    _RESULTS_COUNTED_CTES  # noqa: S608  # nosec B608 # SQL from code
    + _RESULTS_WRITTEN_CTE.format(upsert="")
    + "SELECT w.id FROM written w WHERE w.stage <> 'compliant'\n"
)


def _check_sql(*, lines_kept: bool, results_kept: bool) -> str:
    """The statement checking a range: the missed lines inserted plainly when the month keeps
    none in the range yet, else following the kept ones; the results inserted plainly when the
    month has none in the range yet, else upserted (only when a value or the stage moves)."""
    lines = (
        _KEPT_CTES + _ADD_LINES_CTE.format(not_kept=_NOT_KEPT)
        if lines_kept
        else _ADD_LINES_CTE.format(not_kept="")
    )
    results = _RESULTS_CTES if results_kept else _FIRST_RESULTS_CTES
    return "WITH " + _CHECKED_CTE + "," + lines + "," + results


def _params(
    rules: MonthRules, lo: int, hi: int, only: list[int] | None = None, *, move: bool = True
) -> dict[str, Any]:
    return {
        "move": move,
        "lo": lo,
        "hi": hi,
        "only": only,
        "month": rules.month,
        "month_end": rules.month_end,
        "previous": previous_month(rules.month),
        "pay_by": rules.pay_by,
        "due_on": rules.due_on,
        "paid_share": rules.paid_share,
        "rule_set": rules.rule_set.pk,
    }


# The class of the advisory lock that orders two checks of the same month (its key: the month).
_MONTH_LOCK = 23_0026


def _lines_and_results_sql(params: dict[str, Any]) -> str:
    """The statement checking the range of `params` (`_check_sql`): plain INSERTs of what the
    month has not kept in the range yet.

    Two checks of one month at once (a beat and an officer's run) are put in order by a lock on
    the month, held until the range's transaction ends: the second finds the first's lines and
    follows them instead of inserting them again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%(lock_class)s, %(lock_month)s)",
            {
                "lock_class": _MONTH_LOCK,
                "lock_month": params["month"].year * 12 + params["month"].month,
            },
        )
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM employment_wageprotectionline l "
            "WHERE l.month = %(month)s AND l.establishment_id BETWEEN %(lo)s AND %(hi)s), "
            "EXISTS (SELECT 1 FROM employment_wageprotectionresult r "
            "WHERE r.month = %(month)s AND r.establishment_id BETWEEN %(lo)s AND %(hi)s)",
            params,
        )
        lines_kept, results_kept = cursor.fetchone()
    return _check_sql(lines_kept=lines_kept, results_kept=results_kept)


def _check_range(rules: MonthRules, lo: int, hi: int) -> list[int]:
    """Write the lines and results of establishments `lo`..`hi` for the month; return the ids
    of the results that just moved to a stage (their messages and violations are owed)."""
    params = _params(rules, lo, hi)
    with connection.cursor() as cursor:
        # the statement's hashes and its checked rows stay in memory (PERFORMANCE.md)
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(_lines_and_results_sql(params), params)
        return [row[0] for row in cursor.fetchall()]


# --- what a stage leads to --------------------------------------------------------------------


def _month_label(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


EMPLOYER_TEMPLATE = "wage_protection_warning_employer"
WORKER_TEMPLATE = "wage_protection_warning_worker"


def _warn_employers(*, rules: MonthRules, result_ids: list[int], fine: Decimal) -> int:
    """One SMS per representative (at most 10 of each establishment warned, active and in
    force, longest-standing first: as `establishment_contacts`) of the results in `result_ids`
    that moved to WARNED, in the representative's language, by one INSERT ... SELECT into the
    ledger (`sms_enqueue_select`). Keyed `wps:<establishment>:<month>:employer:<user>`: a re-run
    writes nothing. Returns the messages written."""
    label = _month_label(rules.month)
    alert = sms_template_category(code=EMPLOYER_TEMPLATE) == SmsTemplate.Category.ALERT
    rows = f"""
        SELECT u.mobile, u.id AS user_id, COALESCE(NULLIF(u.preferred_language, ''), 'ar')
                   AS language,
               'wps:' || r.establishment_id || ':' || %s || ':employer:' || u.id AS key,
               (r.late + r.underpaid + r.unpaid) AS count,
               CASE WHEN u.preferred_language = 'en'
                    THEN COALESCE(NULLIF(e.name_en, ''), e.name_ar)
                    ELSE COALESCE(NULLIF(e.name_ar, ''), e.name_en) END AS employer
        FROM {WageProtectionResult._meta.db_table} r
        JOIN {Establishment._meta.db_table} e ON e.id = r.establishment_id
        CROSS JOIN LATERAL (
            SELECT u.id, u.mobile, u.preferred_language, u.sms_alerts_opt_out
            FROM {Membership._meta.db_table} m JOIN {User._meta.db_table} u ON u.id = m.user_id
            WHERE m.establishment_id = r.establishment_id AND m.is_active
              AND (m.valid_until IS NULL OR m.valid_until >= %s)
              AND u.is_active AND u.mobile <> ''
            ORDER BY m.id LIMIT 10
        ) u
        WHERE r.id = ANY(%s) AND r.stage = %s {"AND NOT u.sms_alerts_opt_out" if alert else ""}
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    return sms_enqueue_select(
        template_code=EMPLOYER_TEMPLATE,
        rows_sql=rows,
        params=[label, timezone.localdate(), result_ids, WageProtectionResult.Stage.WARNED],
        texts=sms_texts(
            template_code=EMPLOYER_TEMPLATE,
            context={"month": label, "fine": str(fine)},
            slots=("count", "employer"),
        ),
        slots=("count", "employer"),
    )


def _warn_workers(*, rules: MonthRules, result_ids: list[int]) -> tuple[int, int]:
    """Tell each worker not paid as due of the results in `result_ids`, set-based, at their
    verified numbers only (never a number an employer typed).

    A worker whose numbers are kept (a fresh registry answer) is told at once: one ledger row
    per number, straight from the month's kept lines (`worker_messages_enqueue_kept`), keyed
    `wps:<establishment>:<month>:worker:<civil id>:<registry|account>` (a re-run writes
    nothing), in the language of the worker's latest contract (else Arabic; the worker's own
    account's language for its own number). The ledger is the record of those messages: no
    WorkerNotice is kept for them. A worker whose numbers are not kept gets a PENDING
    WorkerNotice (keyed `wps:<establishment>:<month>:worker:<civil id>`), which
    `worker_notices_retry` sends once the registry answers: nothing is lost. Returns (messages
    written, notices written)."""
    label = _month_label(rules.month)
    results = WageProtectionResult._meta.db_table
    lines = WageProtectionLine._meta.db_table
    establishments = Establishment._meta.db_table
    contracts = Contract._meta.db_table
    # the month's missed lines of the results that just moved, with the worker's language and
    # the establishment's name in each language (as Establishment.name gives it)
    missed = f"""
        SELECT l.establishment_id, l.employee_id, l.civil_id,
               'wps:' || l.establishment_id || ':' || %s || ':worker:' || l.civil_id AS key,
               COALESCE((
                   SELECT NULLIF(c.worker_language, '') FROM {contracts} c
                   WHERE c.employee_id = l.employee_id ORDER BY c.id DESC LIMIT 1
               ), 'ar') AS language,
               COALESCE(NULLIF(e.name_ar, ''), e.name_en) AS employer,
               COALESCE(NULLIF(e.name_en, ''), e.name_ar) AS employer_en
        FROM unnest(%s::bigint[]) AS moved(id)
        JOIN {results} r ON r.id = moved.id
        JOIN {establishments} e ON e.id = r.establishment_id
        JOIN {lines} l ON l.establishment_id = r.establishment_id AND l.month = r.month
        WHERE l.outcome = ANY(%s) AND l.civil_id <> ''
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    missed_params: list[Any] = [label, result_ids, sorted(WageProtectionLine.MISSED)]
    kept, kept_params = worker_number_kept_sql("m.civil_id")
    messages = 0
    if worker_template_set_based(template_code=WORKER_TEMPLATE):
        messages = worker_messages_enqueue_kept(
            template_code=WORKER_TEMPLATE,
            workers_sql=missed,
            params=missed_params,
            context={"month": label},
            slots=("employer",),
        )
    else:  # every worker goes through a notice, sent one by one
        kept, kept_params = "false", []
    languages = ", ".join(
        "%s, " + ("ctx_en" if code == "en" else "ctx_ar") for code, _name in settings.LANGUAGES
    )
    sql = f"""
        INSERT INTO {WorkerNotice._meta.db_table}
            (created_at, updated_at, key, employee_id, civil_id, template_code, contexts,
             language, status, attempts, next_attempt_at)
        SELECT now(), now(), m.key, m.employee_id, m.civil_id, %s,
               (SELECT jsonb_build_object({languages})
                FROM (SELECT jsonb_build_object('employer', m.employer, 'month', %s) AS ctx_ar,
                             jsonb_build_object('employer', m.employer_en, 'month', %s)
                                 AS ctx_en) c),
               m.language, %s, 0, now()
        FROM ({missed}) m
        WHERE NOT {kept}
        ON CONFLICT (key) DO NOTHING
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    params: list[Any] = [WORKER_TEMPLATE]
    params += [code for code, _name in settings.LANGUAGES]
    params += [label, label, WorkerNotice.Status.PENDING, *missed_params, *kept_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        notices = int(cursor.rowcount)
    return messages, notices


def _fine_per_worker(rules: MonthRules) -> Decimal:
    line = ViolationType.objects.filter(rule_set=rules.rule_set, code=VIOLATION_CODE).first()
    return line.fine if line is not None else Decimal(0)


@dataclass
class StageOutcome:
    warnings: int = 0  # the representatives' SMS
    violations: int = 0
    worker_messages: int = 0  # the workers' SMS written at once (numbers kept)
    notices_pending: int = 0  # the workers' notices left for worker_notices_retry
    seconds: float = 0.0  # writing the warnings and the notices


def _raise_violations(*, rules: MonthRules, result_ids: list[int]) -> int:
    """A violation per result of `result_ids` that moved to VIOLATION, set-based
    (`violations_raise_by_system_select`: the fine per worker not paid, audited, the
    representatives told, the establishment barred), linked to its result. Returns how many."""
    results = WageProtectionResult._meta.db_table
    with connection.cursor() as cursor:
        # the ids as one array (not thousands of IN placeholders to parse and plan)
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {results} r WHERE r.id = ANY(%s) "  # noqa: S608
            "AND r.stage = %s AND r.violation_id IS NULL)",  # nosec B608 # SQL from code
            [result_ids, WageProtectionResult.Stage.VIOLATION],
        )
        if not cursor.fetchone()[0]:
            return 0
    marks = {"missed": "\u2983missed\u2984", "due": "\u2983due\u2984"}
    evidence = _(
        "Wage protection file of %(month)s: %(missed)s of %(due)s workers not paid "
        "in full by %(pay_by)s, for the second month in a row."
    ) % {**marks, "month": _month_label(rules.month), "pay_by": rules.pay_by.isoformat()}
    rows = f"""
        SELECT r.establishment_id, r.late + r.underpaid + r.unpaid AS workers_concerned,
               replace(replace(%s::text, %s, (r.late + r.underpaid + r.unpaid)::text),
                       %s, r.workers_due::text) AS evidence
        FROM {results} r
        WHERE r.id = ANY(%s) AND r.stage = %s AND r.violation_id IS NULL
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    raised = violations_raise_by_system_select(
        violation_type_code=VIOLATION_CODE,
        observed_on=timezone.localdate(),
        rows_sql=rows,
        params=[
            evidence,
            marks["missed"],
            marks["due"],
            result_ids,
            WageProtectionResult.Stage.VIOLATION,
        ],
        bar_source=BAR_SOURCE,
    )
    if raised:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {results} r SET violation_id = v.id "  # noqa: S608
                f"FROM {Violation._meta.db_table} v "
                "WHERE r.id = ANY(%s) AND r.stage = %s AND v.id = ANY(%s) "
                "AND v.establishment_id = r.establishment_id",  # nosec B608 # SQL from code
                [result_ids, WageProtectionResult.Stage.VIOLATION, list(raised.values())],
            )
    return len(raised)


def _fresh_statistics(moved: int) -> None:
    """Analyze the lines and results tables when the planner believes them smaller than what
    the range just wrote (the first months on a new database, a bulk load): each result that
    moved has at least one line, so a table estimated at fewer rows than `moved` has stale
    statistics, and the stage statements below would be planned for a handful of rows (nested
    loops over thousands: 15 s for 8,000 warnings instead of 0.1 s). Once the tables hold
    months of checks this never runs (autovacuum keeps their statistics).

    Only the columns those statements join and filter on are analyzed (a third of the time of
    the whole tables): the row count is refreshed all the same, and a partial ANALYZE leaves
    the tables' change counters to autovacuum, which analyzes them whole later."""
    columns = {
        WageProtectionLine._meta.db_table: ("establishment_id", "month", "outcome", "civil_id"),
        WageProtectionResult._meta.db_table: (
            "id",
            "establishment_id",
            "month",
            "stage",
            "violation_id",
        ),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND reltuples < %s",
            [list(columns), moved],
        )
        stale = [row[0] for row in cursor.fetchall()]
        for table in stale:
            names = ", ".join(connection.ops.quote_name(name) for name in columns[table])
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)} ({names})")


def _apply_stages(*, rules: MonthRules, result_ids: list[int]) -> StageOutcome:
    """What the results that just moved lead to, set-based (a few statements whatever their
    number): the representatives' warnings, the violations of the results moved to VIOLATION
    (with their audit events, SMS and suspensions), and the workers' notices, sent at once to
    the numbers kept (the others wait for the registry)."""
    outcome = StageOutcome()
    if not result_ids:
        return outcome
    fine = _fine_per_worker(rules)
    started = time.perf_counter()
    _fresh_statistics(len(result_ids))
    outcome.warnings = _warn_employers(rules=rules, result_ids=result_ids, fine=fine)
    outcome.seconds += time.perf_counter() - started
    outcome.violations = _raise_violations(rules=rules, result_ids=result_ids)
    started = time.perf_counter()
    outcome.worker_messages, outcome.notices_pending = _warn_workers(
        rules=rules, result_ids=result_ids
    )
    outcome.seconds += time.perf_counter() - started
    return outcome


# --- lifting the suspension -------------------------------------------------------------------


def _causes_cleared(establishment_id: int) -> bool:
    owed = WageProtectionResult.objects.filter(
        establishment_id=establishment_id, stage=WageProtectionResult.Stage.VIOLATION
    ).filter(OWED)
    if owed.exists():
        return False
    unpaid_fines = (
        Violation.objects.filter(
            establishment_id=establishment_id,
            raised_by_system=True,
            violation_type__code=VIOLATION_CODE,
            fine_settled_at__isnull=True,
        )
        .exclude(status=Violation.Status.CANCELLED)
        .exists()
    )
    return not unpaid_fines


@transaction.atomic
def wage_protection_lift_if_due(*, establishment_id: int) -> bool:
    """Lift the establishment's wage-protection bar (never one staff or the violations
    escalation set) when every violation month's workers were paid and every wage-protection
    fine was paid or its violation cancelled. Audited by `establishment_bar_lift`. Returns True
    when it lifted."""
    establishment = establishment_lock(establishment_id=establishment_id)
    if not establishment.permits_barred or establishment.bar_source != BAR_SOURCE:
        return False
    if not _causes_cleared(establishment_id):
        return False
    with translation.override("en"):
        reason = _("Wage protection: the salaries owed and the fines are paid.")
    establishment_bar_lift(
        establishment=establishment, reason=reason, actor=None, actor_label="portal"
    )
    return True


def _recheck_owed_months(*, exclude_month: datetime.date) -> None:
    """Check again the violation months still owed of the establishments barred for wage
    protection: a later file may have paid them (their stage does not move again). One pair of
    statements per month owed, for all its establishments."""
    owed = (
        WageProtectionResult.objects.filter(
            stage=WageProtectionResult.Stage.VIOLATION,
            establishment__permits_barred=True,
            establishment__bar_source=BAR_SOURCE,
        )
        .exclude(month=exclude_month)
        .filter(OWED)
        .values("month")
        .annotate(ids=ArrayAgg("establishment_id", order_by="establishment_id"))
        .order_by("month")
    )
    for row in owed:
        ids: list[int] = row["ids"]
        with transaction.atomic():
            _recheck_range(month_rules(month=row["month"]), ids[0], ids[-1], only=ids)


def _recheck_range(rules: MonthRules, lo: int, hi: int, only: list[int] | None = None) -> None:
    """Write the lines and results again (a later file), without moving any stage."""
    params = _params(rules, lo, hi, only, move=False)
    with connection.cursor() as cursor:
        cursor.execute(_lines_and_results_sql(params), params)


def _lift_all_due() -> int:
    """Lift, in one statement, the wage-protection bar of every establishment whose causes are
    cleared (as `wage_protection_lift_if_due`, under the rows' locks), each audited
    `employers.establishment_bar_lifted` as `establishment_bar_lift` writes it. Returns how
    many were lifted."""
    with translation.override("en"):
        reason = _("Wage protection: the salaries owed and the fines are paid.")
    establishments = Establishment._meta.db_table
    results = WageProtectionResult._meta.db_table
    violations = Violation._meta.db_table
    types = ViolationType._meta.db_table
    language = translation.get_language()
    first, second = ("name_en", "name_ar") if language == "en" else ("name_ar", "name_en")
    ctes = f"""
        cleared AS (
            SELECT e.id, e.bar_reason FROM {establishments} e
            WHERE e.permits_barred AND e.bar_source = %s
              AND NOT EXISTS (
                  SELECT 1 FROM {results} r
                  WHERE r.establishment_id = e.id AND r.stage = %s
                    AND (r.underpaid > 0 OR r.unpaid > 0)
              )
              AND NOT EXISTS (
                  SELECT 1 FROM {violations} v JOIN {types} t ON t.id = v.violation_type_id
                  WHERE v.establishment_id = e.id AND v.raised_by_system
                    AND t.code = %s AND v.fine_settled_at IS NULL AND v.status <> %s
              )
            ORDER BY e.id FOR UPDATE
        ), lifted AS (
            UPDATE {establishments} e SET permits_barred = false, bar_reason = '',
                bar_source = '', updated_at = now()
            FROM cleared c WHERE e.id = c.id
            RETURNING e.id, c.bar_reason AS old_reason,
                COALESCE(NULLIF(e.{first}, ''), e.{second}) || ' (' || e.cr_number || ')'
                    AS object_repr
        )
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    return audit_record_select(
        action="employers.establishment_bar_lifted",
        object_type=Establishment._meta.label_lower,
        ctes=ctes,
        cte_params=[
            BAR_SOURCE,
            WageProtectionResult.Stage.VIOLATION,
            VIOLATION_CODE,
            Violation.Status.CANCELLED,
        ],
        rows_sql="""
            SELECT l.id AS object_id, l.object_repr,
                   jsonb_build_object('permits_barred', true, 'bar_reason', l.old_reason,
                                      'bar_source', %s) AS before,
                   jsonb_build_object('permits_barred', false, 'bar_reason', '',
                                      'bar_source', '', 'note', %s) AS after
            FROM lifted l
        """,
        params=[BAR_SOURCE, reason[:300]],
    )


# --- the run ----------------------------------------------------------------------------------


@transaction.atomic
def wage_protection_run_request(
    *, month: datetime.date, requested_by: User | None
) -> WageProtectionRun:
    """Queue a check of `month` (staff on demand, or the monthly beat with no person), audited;
    the task starts once this transaction commits.

    Raises:
        PermissionDeniedError: `requested_by` is a person who is neither officer nor approver.
        WageProtectionError: the month has not ended, or no rule set is in force for it.
    """
    if requested_by is not None and requested_by.role not in RUNNERS:
        raise PermissionDeniedError(_("Only an officer or an approver may run the check."))
    month = first_of_month(month)
    rules = month_rules(month=month)
    if rules.due_on >= timezone.localdate():
        raise WageProtectionError(_("A salary month can be checked once it has ended."))
    run = WageProtectionRun.objects.create(month=month, requested_by=requested_by)
    audit_record(
        actor=requested_by,
        actor_label="" if requested_by else "portal",
        action="employment.wage_protection_run_requested",
        obj=run,
        after={"month": month.isoformat()},
    )
    from employment.tasks import wage_protection_run_task

    transaction.on_commit(lambda: wage_protection_run_task.delay(run.pk))
    return run


def wage_protection_run_process(*, run_id: int) -> WageProtectionRun | None:
    """Check the run's month for every establishment, range by range (each range one
    transaction: its lines, results, stages, messages and violations commit together, all
    set-based), then ask the retry task for the workers' notices whose numbers are not kept,
    check again the months still owed and lift the suspensions
    whose causes are cleared. A failure fails the run (`run_fail`); what committed stays, and a
    new run of the month carries on from there without doubling anything."""
    run = run_start(WageProtectionRun, run_id)
    if run is None:
        return None
    try:
        rules = month_rules(month=run.month)
        bounds = Establishment.objects.order_by("id").values_list("id", flat=True)
        ids = list(bounds)
        total = len(ids)
        run_progress(WageProtectionRun, run.pk, processed=0, total=total)
        warnings = violations = worker_messages = pending = 0
        notify_seconds = 0.0
        started = time.perf_counter()
        for start in range(0, total, CHUNK_ESTABLISHMENTS):
            chunk = ids[start : start + CHUNK_ESTABLISHMENTS]
            with transaction.atomic():
                moved = _check_range(rules, chunk[0], chunk[-1])
                outcome = _apply_stages(rules=rules, result_ids=moved)
            warnings += outcome.warnings
            violations += outcome.violations
            worker_messages += outcome.worker_messages
            pending += outcome.notices_pending
            notify_seconds += outcome.seconds
            run_progress(WageProtectionRun, run.pk, processed=start + len(chunk))
        if pending:
            # the notices whose numbers are not kept wait for the civil registry: the retry
            # task sends them; the run does not wait for it
            from employment.tasks import worker_notices_retry_task

            worker_notices_retry_task.delay()
        if worker_messages or pending:
            _audit_workers_warned(
                run_id=run.pk, month=rules.month, messages=worker_messages, pending=pending
            )
        _recheck_owed_months(exclude_month=rules.month)
        with transaction.atomic():
            lifted = _lift_all_due()
        checked_at = time.perf_counter()
        # the workers checked and missed, from the results (a worker paid as due keeps no line)
        figures = WageProtectionResult.objects.filter(month=rules.month).aggregate(
            checked=Sum("workers_due"), missed=Sum(F("late") + F("underpaid") + F("unpaid"))
        )
        checked = figures["checked"] or 0
        missed = figures["missed"] or 0
    except Exception as error:
        run_fail(WageProtectionRun, run.pk, str(error) or type(error).__name__)
        raise
    run_succeed(
        WageProtectionRun,
        run.pk,
        processed=total,
        workers_checked=checked,
        workers_missed=missed,
        warnings_written=warnings + worker_messages + pending,
        violations_raised=violations,
        suspensions_lifted=lifted,
        check_seconds=round(checked_at - started - notify_seconds, 3),
        notify_seconds=round(notify_seconds, 3),
    )
    return WageProtectionRun.objects.get(pk=run.pk)


def _audit_workers_warned(
    *, run_id: int, month: datetime.date, messages: int, pending: int
) -> None:
    """One audit event per run for the workers' warnings: how many SMS went at once to kept
    numbers (each its own ledger row, the record of it) and how many notices wait for the
    registry (each its own WorkerNotice, audited when it is sent)."""
    audit_record(
        actor=None,
        actor_label="portal",
        action="employment.wage_protection_workers_warned",
        obj=WageProtectionRun.objects.get(pk=run_id),
        after={"month": month.isoformat(), "messages": messages, "notices_pending": pending},
    )


def wage_protection_check_month(*, month: datetime.date) -> WageProtectionRun:
    """Queue and process a check of `month` now, in this process (the monthly beat; tests)."""
    run = WageProtectionRun.objects.create(month=first_of_month(month))
    wage_protection_run_process(run_id=run.pk)
    run.refresh_from_db()
    return run


def wage_protection_monthly() -> WageProtectionRun | None:
    """The monthly beat: check the month that ended before today's (its files are due by the
    rule set's pay-by date, before the beat's day). Returns None when no rule set applies."""
    month = previous_month(timezone.localdate())
    try:
        rules = month_rules(month=month)
    except WageProtectionError:
        return None
    if rules.pay_by >= timezone.localdate():
        month = previous_month(month)
    return wage_protection_check_month(month=month)


# --- the worker's disputes --------------------------------------------------------------------


class SalaryDisputeError(ApplicationError):
    """A dispute was refused (empty explanation, a line already disputed, not the worker's)."""


@transaction.atomic
def salary_line_dispute(
    *, line: WageProtectionLine, worker: User, explanation: str
) -> SalaryLineDispute:
    """The worker flags one of their own salary lines as wrong: a case for staff, audited. A
    line paid as due read from the file (unsaved: the check keeps no line for it) is kept first.

    Raises:
        PermissionDeniedError: the line is not the worker's (civil or resident number proven).
        SalaryDisputeError: the explanation is empty, or the line already has an open dispute.
    """
    if not worker.identity_proven or not worker.civil_id or worker.civil_id != line.civil_id:
        raise PermissionDeniedError(_("You may only dispute your own salary lines."))
    if not explanation.strip():
        raise SalaryDisputeError(_("Say what is wrong with this salary line."))
    if line.pk is None:
        # a month paid as due keeps no line (the file's line shows it): disputing it keeps it
        line, _created = WageProtectionLine.objects.get_or_create(
            establishment_id=line.establishment_id,
            month=line.month,
            civil_id=line.civil_id,
            defaults={
                "employee_id": line.employee_id,
                "salary_due": line.salary_due,
                "salary_paid": line.salary_paid,
                "paid_on": line.paid_on,
                "file_reference": line.file_reference,
                "outcome": line.outcome,
            },
        )
    if SalaryLineDispute.objects.filter(line=line, status=SalaryLineDispute.Status.OPEN).exists():
        raise SalaryDisputeError(_("You already disputed this line; the ministry will answer."))
    dispute = SalaryLineDispute(line=line, raised_by=worker, explanation=explanation.strip())
    dispute.full_clean()
    dispute.save()
    audit_record(
        actor=worker,
        action="employment.salary_line_disputed",
        obj=dispute,
        after={"line": line.pk, "month": line.month.isoformat()},
    )
    return dispute


@transaction.atomic
def salary_dispute_decide(
    *, dispute: SalaryLineDispute, decided_by: User, upheld: bool, reason: str
) -> SalaryLineDispute:
    """Staff decide a disputed line (upheld for the worker, or not), with the reason, audited.

    Raises:
        PermissionDeniedError: `decided_by` may not decide disputes.
        SalaryDisputeError: the reason is empty, or the dispute was already decided.
    """
    if decided_by.role not in DISPUTE_DECIDERS:
        raise PermissionDeniedError(_("Only ministry staff may decide a disputed salary line."))
    if not reason.strip():
        raise SalaryDisputeError(_("Give the reason for your decision."))
    to = SalaryLineDispute.Status.UPHELD if upheld else SalaryLineDispute.Status.REJECTED
    locked, _event = transition_locked(
        obj=dispute,
        to=to,
        actor=decided_by,
        action=f"employment.salary_dispute_{to}",
        refuse=lambda row: SalaryDisputeError(_("This dispute was already decided.")),
        changes={
            "decided_by": decided_by,
            "decided_at": timezone.now(),
            "decision_reason": reason.strip()[:2000],
        },
        note=reason.strip(),
    )
    return locked
