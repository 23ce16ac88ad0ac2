"""Reconciliation at scale: a run over N synchronised social-insurance records and a register
that disagrees with them in a known fraction of cases, against the plain SQL of the same
conditions in the same run (the baseline).

The data is written straight with SQL (generate_series), as a sync would have left it: N
insured records (N / 3 people x 3 months) at establishments of ten people, all on the portal;
the register holds every person except a `--fraction` (insured, not on the register), and
another `--fraction` have a register salary that is not the insured one. Then:

1. the first reconciliation run (every check; cases raised),
2. a second run (nothing new: every case found again, none opened),
3. the baseline: the plain anti-join count (insured, not on the register) and the plain join
   count (salary differs) of the latest month, i.e. what the two checks must at least cost.

    .venv/bin/python -m bench.reconciliation --scale 2000000
The last line printed is JSON: {"records", "people", "register", "planted_missing",
"planted_salary", "found_missing", "found_salary", "first_run_s", "second_run_s",
"missing_check_s", "salary_check_s", "baseline_missing_s", "baseline_salary_s",
"ratio_missing", "ratio_salary", "records_per_s"}.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

MONTHS = ("2026-08-01", "2026-09-01", "2026-10-01")
FIRST_CR = 5_000_001
FIRST_CIVIL_ID = 60_000_000


def _generate(*, people: int, every: int) -> None:
    """Establishments, insured records and the register, with every `every`-th person missing
    from the register and every `every`-th (offset by half) on it with another salary."""
    from django.db import connection

    establishments = max(1, people // 10)
    with connection.cursor() as sql:
        sql.execute(
            "INSERT INTO employers_economicactivity (code, name_ar, name_en, created_at, "
            "updated_at) VALUES ('4711', 'تجارة', 'Retail', now(), now()) RETURNING id"
        )
        activity = sql.fetchone()[0]
        sql.execute(
            """
            INSERT INTO employers_establishment (cr_number, name_ar, name_en, activity_id,
                governorate, size_class, status, permits_barred, bar_reason, bar_source,
                registered_on, created_at, updated_at)
            SELECT (%(first)s + i)::text, 'منشأة', 'Establishment', %(activity)s, 'muscat',
                   'small', 'active', false, '', '', DATE '2020-01-01', now(), now()
            FROM generate_series(0, %(n)s - 1) AS i
            """,
            {"first": FIRST_CR, "activity": activity, "n": establishments},
        )
        # a person: civil ID, CR (ten a establishment), salary; names made of letters only
        person = f"""
            SELECT p, ({FIRST_CIVIL_ID} + p)::text AS civil_id,
                   ({FIRST_CR} + p %% {establishments})::text AS cr,
                   (325 + (p::bigint * 7919) %% 1700)::numeric AS salary,
                   'Person ' || translate(p::text, '0123456789', 'abcdefghij') AS name_en,
                   'شخص ' || translate(p::text, '0123456789', 'ابتثجحخدذر') AS name_ar
            FROM generate_series(0, %(people)s - 1) AS p
        """
        sql.execute(
            f"""
            INSERT INTO integrations_insuredemployment (civil_id, cr_number, month, salary,
                insured_name, source_version, synced_at)
            SELECT civil_id, cr, m::date, salary, name_en, 0, now()
            FROM ({person}) AS people, unnest(%(months)s::text[]) AS m
            """,
            {"people": people, "months": list(MONTHS)},
        )
        sql.execute(
            f"""
            INSERT INTO employers_employee (establishment_id, civil_id, passport_number,
                name_ar, name_en, nationality, occupation_code, job_level, monthly_salary,
                is_full_time, has_disability, contract_start, contract_end, created_at,
                updated_at)
            SELECT e.id, civil_id, NULL, people.name_ar, people.name_en, 'OMN', '4110', 4,
                   CASE WHEN p %% %(every)s = %(half)s THEN salary + 25 ELSE salary END,
                   true, false, DATE '2025-01-01', NULL, now(), now()
            FROM ({person}) AS people JOIN employers_establishment e ON e.cr_number = cr
            WHERE p %% %(every)s <> 0
            """,
            {"people": people, "every": every, "half": every // 2},
        )
        for table in (
            "integrations_insuredemployment",
            "employers_employee",
            "employers_establishment",
        ):
            sql.execute(f"ANALYZE {table}")


BASELINE_MISSING = """
    SELECT count(*) FROM integrations_insuredemployment ie
    JOIN employers_establishment e ON e.cr_number = ie.cr_number
    WHERE ie.month = (SELECT max(month) FROM integrations_insuredemployment)
      AND NOT EXISTS (SELECT 1 FROM employers_employee emp
                      WHERE emp.establishment_id = e.id AND emp.civil_id = ie.civil_id)
"""
BASELINE_SALARY = """
    SELECT count(*) FROM integrations_insuredemployment ie
    JOIN employers_establishment e ON e.cr_number = ie.cr_number
    JOIN employers_employee emp ON emp.establishment_id = e.id AND emp.civil_id = ie.civil_id
    WHERE ie.month = (SELECT max(month) FROM integrations_insuredemployment)
      AND ie.salary <> emp.monthly_salary
"""


def _timed_count(query: str) -> tuple[int, float]:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as sql:
        sql.execute(query)
        count = int(sql.fetchone()[0])
    return count, time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=2_000_000, help="social-insurance records")
    parser.add_argument(
        "--fraction", type=float, default=0.01, help="share of people with each inconsistency"
    )
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    people = max(2, args.scale // len(MONTHS))
    every = max(2, round(1 / args.fraction))
    with throwaway_database():
        from integrations.models import DataQualityCase
        from integrations.reconciliation.services import reconciliation_run

        started = time.perf_counter()
        _generate(people=people, every=every)
        generated_s = time.perf_counter() - started
        planted_missing = len(range(0, people, every))
        planted_salary = len(range(every // 2, people, every))
        print(f"generated {people * len(MONTHS):,} insured records in {generated_s:.1f} s")

        first = reconciliation_run()
        second = reconciliation_run()
        assert first is not None
        assert second is not None
        baseline_missing, baseline_missing_s = _timed_count(BASELINE_MISSING)
        baseline_salary, baseline_salary_s = _timed_count(BASELINE_SALARY)
        kind = DataQualityCase.Kind
        missing = first.per_kind[kind.INSURED_NOT_ON_REGISTER]
        salary = first.per_kind[kind.INSURED_SALARY_MISMATCH]
        register = people - planted_missing
        figures: dict[str, Any] = {
            "records": people * len(MONTHS),
            "people": people,
            "register": register,
            "planted_missing": planted_missing,
            "planted_salary": planted_salary,
            "found_missing": missing["found"],
            "found_salary": salary["found"],
            "baseline_counts_agree": (baseline_missing, baseline_salary)
            == (missing["found"], salary["found"]),
            "cases_opened": first.opened,
            "second_run_opened": second.opened,
            "first_run_s": round(first.duration_seconds or 0, 3),
            "second_run_s": round(second.duration_seconds or 0, 3),
            "missing_check_s": missing["seconds"],
            "salary_check_s": salary["seconds"],
            "baseline_missing_s": round(baseline_missing_s, 3),
            "baseline_salary_s": round(baseline_salary_s, 3),
            "ratio_missing": round(missing["seconds"] / max(baseline_missing_s, 1e-6), 2),
            "ratio_salary": round(salary["seconds"] / max(baseline_salary_s, 1e-6), 2),
            "records_per_s": round(people * len(MONTHS) / max(first.duration_seconds or 0, 1e-6)),
        }
        for name, per in first.per_kind.items():
            print(
                f"  {name:<26} found {per['found']:>8,}  opened {per['opened']:>8,}  "
                f"{per['seconds']:>7.3f} s"
            )
        print(
            f"first run {figures['first_run_s']} s, second run {figures['second_run_s']} s "
            f"(opened {second.opened}); baseline anti-join {figures['baseline_missing_s']} s, "
            f"join {figures['baseline_salary_s']} s"
        )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
