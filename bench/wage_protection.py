"""Wage protection at national scale: one month of salary files checked end to end, against its
SQL floor and against a bulk insert of the same ledger rows.

Builds 203,000 establishments with about 2,000,000 workers (or `--scale` establishments with the
same mix) in a throwaway database, each with one representative, every worker with a civil or
resident number the civil registry has answered for (kept answers: no lookup leaves the machine),
and one month of central bank lines: most paid in full on time, some late, some short, some
missing. A few establishments already missed the month before (their results are written
directly), so the run raises violations too. Then, in the same run:

* run: `employment.services.wage_protection.wage_protection_check_month`, the path the monthly
  beat takes, set-based end to end: lines and rates per establishment, warnings to
  representatives and to workers (at their kept registry numbers, in their language) written
  to the SMS ledger by INSERT ... SELECT, violations raised with their audit events, SMS and
  suspensions by bulk statements, months still owed checked again and suspensions lifted; the
  run times the writing of the warnings (`notify_seconds`) apart from the rest of the check
  (`check_seconds`, which includes the violations, the recheck and the lifting);
* floor: the same compliance (workers paid in full and on time per establishment) computed by one
  plain SQL aggregate over the register and the salary lines (nothing written);
* bulk ledger: the same number of SMS rows written by one INSERT ... SELECT into a copy of the
  ledger table (the speed warnings could reach at most);
* rerun: the same month again, which must write nothing.

The last line is JSON: run_s, check_s, notify_s, floor_s, ratio ((check + notify) / floor;
goal 2), warnings (the warning SMS in the ledger, representatives' and workers'),
warnings_per_s (warnings / notify), bulk_per_s, warnings_ratio (warnings speed / bulk speed;
goal at least 0.5), total_per_s (warnings / (check + notify): the speed counting the whole
check), notices_pending (workers' notices left for the registry: none when every answer is
kept), violations.

    .venv/bin/python -m bench.wage_protection                # national scale
    .venv/bin/python -m bench.wage_protection --scale 2000   # a quick run
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import time
from typing import Any

NATIONAL_ESTABLISHMENTS = 203_000
SIZE_MIX = [(0.75, 1, 5), (0.19, 6, 25), (0.05, 26, 99), (0.01, 100, 300)]


def _seed(scale: int, month: datetime.date, due_on: datetime.date) -> tuple[int, int]:
    """Establishments, workers (each with a civil or resident number), a representative each,
    the registry's kept answers, and the month's salary lines, all by set-based SQL."""
    from django.db import connection

    from employers.demo import _activities

    activities = [a.pk for a in _activities()]
    head = " ".join(
        f"WHEN r < {limit} THEN {low} + floor(random() * {high - low + 1})::int"
        for limit, low, high in _cumulative()[:-1]
    )
    last = _cumulative()[-1]
    head += f" ELSE {last[1]} + floor(random() * {last[2] - last[1] + 1})::int"
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2027)")
        cursor.execute(
            f"""
            CREATE TEMP TABLE plan AS
            SELECT i, CASE {head} END AS headcount,
                   (ARRAY{activities})[1 + floor(random() * {len(activities)})::int] AS activity_id
            FROM (SELECT i, random() AS r FROM generate_series(1, %(n)s) i) s
            """,
            {"n": scale},
        )
        cursor.execute(
            """
            INSERT INTO employers_establishment
                (created_at, updated_at, cr_number, name_ar, name_en, activity_id, governorate,
                 size_class, status, permits_barred, bar_reason, registered_on)
            SELECT now(), now(), (3000000 + i)::text, 'منشأة ' || i, 'Establishment ' || i,
                   activity_id, 'muscat', 'small', 'active', false, '', DATE '2020-01-01'
            FROM plan ORDER BY i
            """
        )
        cursor.execute("ANALYZE plan")
        cursor.execute("ANALYZE employers_establishment")
        cursor.execute(
            """
            INSERT INTO employers_employee
                (created_at, updated_at, establishment_id, civil_id, passport_number, name_ar,
                 name_en, nationality, occupation_code, job_level, monthly_salary, is_full_time,
                 has_disability, contract_start, contract_end)
            SELECT now(), now(), e.id, (20000000 + w.n)::text, NULL, 'عامل', 'Worker', 'IND',
                   '7112', 4, (ARRAY[150, 250, 300, 325, 400, 600])[1 + floor(random() * 6)::int],
                   true, false, DATE '2024-01-01', NULL
            FROM plan p
            JOIN employers_establishment e ON e.cr_number = (3000000 + p.i)::text
            CROSS JOIN LATERAL (
                SELECT row_number() OVER () + (p.i::bigint * 400) AS n
                FROM generate_series(1, p.headcount) g
            ) w
            ORDER BY e.id
            """
        )
        cursor.execute("DROP TABLE plan")
        cursor.execute("ANALYZE employers_employee")
        # the registry's answers, kept (a legal notice reads them: no lookup leaves the machine)
        cursor.execute(
            """
            INSERT INTO accounts_registryrecord
                (civil_id, mobile, name_ar, name_en, nationality, date_of_birth, fetched_at)
            SELECT civil_id, '+96891' || lpad((id % 1000000)::text, 6, '0'), '', '', 'IND',
                   NULL, now()
            FROM employers_employee
            """
        )
        # a national registry table has its statistics (autovacuum analyses a table this
        # size after its first thousands of rows): without them the planner takes it for empty
        cursor.execute("ANALYZE accounts_registryrecord")
        # the month's salary file: 96% paid on time, 2% late, 1% short, 1% with no line
        cursor.execute(
            """
            INSERT INTO integrations_salaryfileline
                (source_version, synced_at, cr_number, civil_id, month, salary_due, salary_paid,
                 payment_status, paid_on, file_reference)
            SELECT 1, now(), est.cr_number, e.civil_id, %(month)s, e.monthly_salary,
                   CASE WHEN x.r < 0.98 THEN e.monthly_salary ELSE e.monthly_salary * 0.8 END,
                   CASE WHEN x.r < 0.96 OR x.r >= 0.98 THEN 'paid' ELSE 'late' END,
                   CASE WHEN x.r < 0.96 OR x.r >= 0.98 THEN %(due)s::date - 2
                        ELSE %(due)s::date + 20 END,
                   'WPS-BENCH'
            FROM employers_employee e
            JOIN employers_establishment est ON est.id = e.establishment_id
            CROSS JOIN LATERAL (SELECT random() + 0 * e.id AS r) x
            WHERE x.r < 0.99
            """,
            {"month": month, "due": due_on},
        )
        cursor.execute("ANALYZE integrations_salaryfileline")
        cursor.execute(
            "SELECT (SELECT count(*) FROM employers_establishment), count(*) "
            "FROM employers_employee"
        )
        establishments, employees = cursor.fetchone()
    _representatives()
    with connection.cursor() as cursor:
        for table in ("accounts_user", "employers_membership"):
            cursor.execute(f"ANALYZE {table}")
    return establishments, employees


def _cumulative() -> list[tuple[float, int, int]]:
    acc, out = 0.0, []
    for share, low, high in SIZE_MIX:
        acc += share
        out.append((acc, low, high))
    return out


def _representatives() -> None:
    """One representative with a mobile per establishment (the employer's warning goes there)."""
    from accounts.models import User
    from employers.models import Establishment, Membership

    ids = list(Establishment.objects.values_list("id", flat=True))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        users = User.objects.bulk_create(
            User(
                username=f"rep-{pk}",
                role=User.Role.EMPLOYER,
                mobile=f"+96872{pk % 1_000_000:06d}",
                preferred_language="ar",
            )
            for pk in chunk
        )
        Membership.objects.bulk_create(
            Membership(user=user, establishment_id=pk)
            for user, pk in zip(users, chunk, strict=True)
        )


def _missed_before(month: datetime.date, share: float) -> int:
    """Results of the month before for `share` of the establishments, each with a worker not
    paid: those that miss again this month get a violation."""
    from django.db import connection

    from employment.services.wage_protection import month_rules, previous_month

    rules = month_rules(month=previous_month(month))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO employment_wageprotectionresult
                (created_at, updated_at, establishment_id, month, rule_set_id, due_on, pay_by,
                 workers_due, paid, late, underpaid, unpaid, compliance_rate, unknown_lines,
                 stage)
            SELECT now(), now(), id, %(month)s, %(rule_set)s, %(due)s, %(pay_by)s,
                   1, 0, 0, 0, 1, 0, 0, 'warned'
            FROM employers_establishment WHERE random() < %(share)s
            """,
            {
                "month": rules.month,
                "rule_set": rules.rule_set.pk,
                "due": rules.due_on,
                "pay_by": rules.pay_by,
                "share": share,
            },
        )
        return int(cursor.rowcount)


FLOOR_SQL = """
SELECT count(*) FILTER (WHERE paid < due), sum(paid)
FROM (
    SELECT e.establishment_id,
           count(*) AS due,
           count(*) FILTER (
               WHERE s.paid_on <= %(pay_by)s AND s.salary_paid >= e.monthly_salary * %(share)s
           ) AS paid
    FROM employers_employee e
    JOIN employers_establishment est ON est.id = e.establishment_id
    LEFT JOIN integrations_salaryfileline s
        ON s.cr_number = est.cr_number AND s.civil_id = e.civil_id AND s.month = %(month)s
    WHERE est.status <> 'closed' AND e.contract_start <= %(due)s
      AND (e.contract_end IS NULL OR e.contract_end >= %(month)s)
    GROUP BY e.establishment_id
) x
"""


def _bulk_ledger(rows: int) -> float:
    """Seconds to write `rows` SMS rows by one INSERT ... SELECT into a copy of the ledger."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE ledger_copy (LIKE notifications_smsmessage INCLUDING DEFAULTS "
            "INCLUDING INDEXES) ON COMMIT DROP"
        )
        cursor.execute("SELECT id FROM notifications_smstemplate LIMIT 1")
        template_id = cursor.fetchone()[0]
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO ledger_copy
                (id, public_id, created_at, updated_at, to_number, template_id, category,
                 language, rendered_text, body_to_send, idempotency_key, status, attempts,
                 next_attempt_at, provider_sid, error_code, needs_reconciliation)
            SELECT g, gen_random_uuid(), now(), now(),
                   '+96891' || lpad((g %% 1000000)::text, 6, '0'), %(template)s, 'legal', 'ar',
                   'تحذير حماية الأجور: شهر 2026-10 ' || g, '', 'bench:' || g,
                   'created', 0, now(), '', '', false
            FROM generate_series(1, %(rows)s) g
            """,
            {"template": template_id, "rows": rows},
        )
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=NATIONAL_ESTABLISHMENTS)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of the floor")
    parser.add_argument(
        "--missed-before", type=float, default=0.02, help="share that missed the month before"
    )
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    from django.db import connection
    from django.utils import timezone

    from labor_portal.celery import app

    # the relay's nudges are published (to an in-memory broker nobody consumes), not run
    # eagerly as in the tests: what is measured is writing the warnings, not sending them
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"  # type: ignore[misc]

    from employment.models import Violation, WageProtectionResult, WorkerNotice
    from employment.services.wage_protection import (
        EMPLOYER_TEMPLATE,
        WORKER_TEMPLATE,
        first_of_month,
        month_rules,
        previous_month,
        wage_protection_check_month,
    )
    from notifications.models import SmsMessage

    warning_templates = (EMPLOYER_TEMPLATE, WORKER_TEMPLATE)

    month = previous_month(previous_month(first_of_month(timezone.localdate())))
    with throwaway_database():
        rules = month_rules(month=month)
        started = time.perf_counter()
        establishments, employees = _seed(args.scale, month, rules.due_on)
        before = _missed_before(month, args.missed_before)
        print(
            f"seeded {establishments} establishments, {employees} workers, {before} that missed "
            f"the month before, in {time.perf_counter() - started:.1f} s"
        )

        t0 = time.perf_counter()
        run = wage_protection_check_month(month=month)
        run_s = time.perf_counter() - t0
        assert run.succeeded, run.failure_reason
        # the warnings in the ledger: the representatives' and the workers' (kept numbers)
        warnings = SmsMessage.objects.filter(template__code__in=warning_templates).count()
        pending = WorkerNotice.objects.filter(status=WorkerNotice.Status.PENDING).count()
        written = SmsMessage.objects.count() + WorkerNotice.objects.count()
        violations = Violation.objects.count()

        params: dict[str, Any] = {
            "month": month,
            "due": rules.due_on,
            "pay_by": rules.pay_by,
            "share": rules.paid_share,
        }
        floors = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL, params)
                missed, paid = cursor.fetchone()
            floors.append(time.perf_counter() - t0)
        results = WageProtectionResult.objects.filter(month=month)
        assert results.exclude(stage="compliant").count() == missed, "floor and run disagree"
        assert sum(results.values_list("paid", flat=True)) == paid, "floor and run disagree"

        bulk_s = _bulk_ledger(max(warnings, 1))

        t0 = time.perf_counter()
        wage_protection_check_month(month=month)
        rerun_s = time.perf_counter() - t0
        again = SmsMessage.objects.count() + WorkerNotice.objects.count()
        assert again == written, "a re-run wrote messages"
        assert Violation.objects.count() == violations, "a re-run raised violations"

    check_s = float(run.check_seconds or 0)
    notify_s = float(run.notify_seconds or 0)
    floor_s = statistics.median(floors)
    warnings_per_s = warnings / notify_s if warnings and notify_s else 0.0
    total_per_s = warnings / (check_s + notify_s) if warnings else 0.0
    bulk_per_s = max(warnings, 1) / bulk_s
    figures = {
        "establishments": establishments,
        "workers": employees,
        "run_s": round(run_s, 2),
        "check_s": round(check_s, 2),
        "notify_s": round(notify_s, 2),
        "floor_s": round(floor_s, 3),
        "ratio": round((check_s + notify_s) / floor_s, 2),
        "warnings": warnings,
        "violations": violations,
        "notices_pending": pending,
        "warnings_per_s": round(warnings_per_s, 1),
        "bulk_per_s": round(bulk_per_s, 1),
        "warnings_ratio": round(warnings_per_s / bulk_per_s, 4),
        "total_per_s": round(total_per_s, 1),
        "rerun_s": round(rerun_s, 2),
    }
    print(
        f"run {figures['run_s']} s (check {figures['check_s']} s, warnings and notices "
        f"written {figures['notify_s']} s); floor {figures['floor_s']} s "
        f"(ratio {figures['ratio']}x floor); {warnings} warnings at "
        f"{figures['warnings_per_s']}/s against a bulk insert "
        f"at {figures['bulk_per_s']}/s (ratio {figures['warnings_ratio']}); {violations} "
        f"violations; re-run {figures['rerun_s']} s wrote nothing"
    )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
