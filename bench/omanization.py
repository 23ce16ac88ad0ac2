"""Omanization at national scale: the full recompute against its SQL floor, and the live check.

Builds 203,000 establishments with about 2,000,000 employees (or `--scale` establishments with
the same mix) in a throwaway database, publishes a rule set with targets per activity and job
level, then measures, alternating, in the same run:

* floor: the compliance of every establishment computed by one plain SQL statement whose result
  is aggregated in the server (nothing written, nothing sent to Python);
* recompute: `omanization.services.compliance_recompute`, the path the command and the periodic
  task take (the same computation, plus writing 203,000 statuses, the change history and the
  swap of the status table);
* live check: `omanization.selectors.compliance_for_establishment` for a random sample of
  establishments (p50 and p95), and for the largest one.

The last line is JSON: recompute_s, floor_s, ratio (goal: at most 1.5), live_p50_ms and
live_p95_ms (goal: p95 under 20 ms at national scale).

    .venv/bin/python -m bench.omanization                # national scale, several minutes
    .venv/bin/python -m bench.omanization --scale 2000   # a quick run
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import time

NATIONAL_ESTABLISHMENTS = 203_000

# Establishment sizes: (share of establishments, smallest, largest headcount). About 10 employees
# each on average, as the register has (2,000,000 / 203,000).
SIZE_MIX = [
    ("micro", 0.75, 1, 5),
    ("small", 0.19, 6, 25),
    ("medium", 0.05, 26, 99),
    ("large", 0.01, 100, 300),
]
LARGEST = 10_000  # one very large employer, as the real register has


def _seed(scale: int) -> tuple[int, int]:
    """Write establishments and employees with set-based SQL; returns both counts."""
    from django.db import connection

    from employers.demo import _activities

    activities = [a.pk for a in _activities()]
    bounds = []
    acc = 0.0
    for size, share, low, high in SIZE_MIX:
        acc += share
        bounds.append((acc, size, low, high))
    size_case = (
        " ".join(f"WHEN r < {limit} THEN '{size}'" for limit, size, _low, _high in bounds[:-1])
        + f" ELSE '{bounds[-1][1]}'"
    )
    head_case = (
        " ".join(
            f"WHEN r < {limit} THEN {low} + floor(random() * {high - low + 1})::int"
            for limit, _size, low, high in bounds[:-1]
        )
        + f" ELSE {bounds[-1][2]} + floor(random() * {bounds[-1][3] - bounds[-1][2] + 1})::int"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
        cursor.execute(
            f"""
            CREATE TEMP TABLE plan AS
            SELECT i, r, CASE {size_case} END AS size_class, CASE {head_case} END AS headcount,
                   (ARRAY{activities})[1 + floor(random() * {len(activities)})::int] AS activity_id,
                   random() * 0.6 AS omani_share
            FROM (SELECT i, random() AS r FROM generate_series(1, %(n)s) i) s
            """,
            {"n": scale},
        )
        if scale >= 50_000:
            cursor.execute(
                "UPDATE plan SET headcount = %s, size_class = 'large' WHERE i = 1", [LARGEST]
            )
        cursor.execute(
            """
            INSERT INTO employers_establishment
                (created_at, updated_at, cr_number, name_ar, name_en, activity_id, governorate,
                 size_class, status, permits_barred, bar_reason, registered_on)
            SELECT now(), now(), (3000000 + i)::text, 'منشأة ' || i, 'Establishment ' || i,
                   activity_id, (ARRAY['muscat','dhofar','north_al_batinah','ad_dakhiliyah'])
                   [1 + floor(random() * 4)::int], size_class,
                   CASE WHEN random() < 0.03 THEN 'closed' ELSE 'active' END, false, '',
                   DATE '2026-11-01' - floor(random() * 9000)::int
            FROM plan ORDER BY i
            """
        )
        # temporary tables are never analysed by autovacuum: without statistics the planner
        # joins 203,000 plan rows to 203,000 establishments by nested loop
        cursor.execute("ANALYZE plan")
        cursor.execute("ANALYZE employers_establishment")
        cursor.execute(
            """
            INSERT INTO employers_employee
                (created_at, updated_at, establishment_id, civil_id, passport_number, name_ar,
                 name_en, nationality, occupation_code, job_level, monthly_salary, is_full_time,
                 has_disability, contract_start, contract_end)
            SELECT now(), now(), e.id,
                   CASE WHEN w.omani THEN (10000000 + w.n)::text END,
                   CASE WHEN NOT w.omani THEN 'P' || w.n END,
                   'عامل', 'Worker', CASE WHEN w.omani THEN 'OMN' ELSE 'IND' END, '7112',
                   1 + floor(random() * 4)::int,
                   (ARRAY[150, 250, 300, 325, 400, 600, 900, 1500])[1 + floor(random() * 8)::int],
                   random() > 0.05, w.omani AND random() < 0.02,
                   DATE '2026-11-01' - floor(random() * 1800)::int,
                   CASE WHEN random() < 0.5 THEN NULL
                        ELSE DATE '2026-11-01' + floor(random() * 1400 - 300)::int END
            FROM plan p
            JOIN employers_establishment e ON e.cr_number = (3000000 + p.i)::text
            CROSS JOIN LATERAL (
                SELECT (p.i::bigint * 100000 + g) AS n, random() < p.omani_share AS omani
                FROM generate_series(1, p.headcount) g
            ) w
            ORDER BY e.id
            """
        )
        cursor.execute("DROP TABLE plan")
        cursor.execute("ANALYZE employers_establishment")
        cursor.execute("ANALYZE employers_employee")
        cursor.execute(
            "SELECT (SELECT count(*) FROM employers_establishment), count(*) "
            "FROM employers_employee"
        )
        establishments, employees = cursor.fetchone()
    return establishments, employees


def _publish_rules() -> None:
    from django.db.models import Q

    from accounts.models import User
    from employers.models import EconomicActivity
    from omanization.services import rule_set_create_draft, rule_set_publish, target_save

    actor = User.objects.create_user(username="bench-policy", role=User.Role.POLICY)
    draft = rule_set_create_draft(
        created_by=actor, name="Bench rules", effective_from=datetime.date(2024, 1, 1)
    )
    from decimal import Decimal

    target_save(
        rule_set=draft,
        actor=actor,
        activity=None,
        size_class="",
        job_level=None,
        target_percent=Decimal("20"),
    )
    for n, activity in enumerate(EconomicActivity.objects.filter(~Q(code=""))):
        target_save(
            rule_set=draft,
            actor=actor,
            activity=activity,
            size_class="",
            job_level=None,
            target_percent=Decimal(10 + 5 * (n % 8)),
        )
        if n % 3 == 0:
            target_save(
                rule_set=draft,
                actor=actor,
                activity=activity,
                size_class="",
                job_level=1,
                target_percent=Decimal("30"),
            )
    rule_set_publish(rule_set=draft, published_by=actor)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=NATIONAL_ESTABLISHMENTS)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of each batch path")
    parser.add_argument("--samples", type=int, default=500, help="live checks to time")
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    from django.db import connection

    from employers.models import Establishment
    from omanization.compliance import all_statement
    from omanization.selectors import compliance_for_establishment, rule_set_in_force
    from omanization.services import compliance_recompute

    as_of = datetime.date(2026, 11, 1)
    with throwaway_database():
        started = time.perf_counter()
        establishments, employees = _seed(args.scale)
        _publish_rules()
        print(
            f"seeded {establishments} establishments, {employees} employees "
            f"in {time.perf_counter() - started:.1f} s"
        )
        rule_set = rule_set_in_force(on=as_of)
        assert rule_set is not None

        def floor() -> int:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE status = 'compliant') "
                    f"FROM ({all_statement()}) x",
                    {"rule_set_id": rule_set.pk, "as_of": as_of},
                )
                return int(cursor.fetchone()[0])

        def recompute() -> int:
            return compliance_recompute(as_of=as_of).compliant

        compliance_recompute(as_of=as_of)  # warm: the first run also fills the status table
        floors: list[float] = []
        recomputes: list[float] = []
        for _ in range(args.rounds):
            for fn, samples in ((floor, floors), (recompute, recomputes)):
                t0 = time.perf_counter()
                fn()
                samples.append(time.perf_counter() - t0)
        assert floor() == recompute(), "the floor and the recompute disagree"

        ids = list(Establishment.objects.exclude(status="closed").values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT establishment_id FROM employers_employee GROUP BY 1 "
                "ORDER BY count(*) DESC LIMIT 1"
            )
            largest = cursor.fetchone()[0]
        rng = random.Random(7)
        sample = [Establishment(pk=pk) for pk in rng.sample(ids, min(args.samples, len(ids)))]
        for est in sample[:20]:
            compliance_for_establishment(establishment=est, as_of=as_of)
        live = []
        for est in sample:
            t0 = time.perf_counter()
            compliance_for_establishment(establishment=est, as_of=as_of)
            live.append((time.perf_counter() - t0) * 1000)
        largest_times = []
        for _ in range(5):
            t0 = time.perf_counter()
            compliance_for_establishment(establishment=Establishment(pk=largest), as_of=as_of)
            largest_times.append((time.perf_counter() - t0) * 1000)

    live.sort()
    figures = {
        "establishments": establishments,
        "employees": employees,
        "floor_s": round(statistics.median(floors), 3),
        "recompute_s": round(statistics.median(recomputes), 3),
        "ratio": round(statistics.median(recomputes) / statistics.median(floors), 2),
        "live_p50_ms": round(statistics.median(live), 2),
        "live_p95_ms": round(live[min(len(live) - 1, int(len(live) * 0.95))], 2),
        "largest_live_ms": round(statistics.median(largest_times), 2),
    }
    print(
        f"floor {figures['floor_s']} s, recompute {figures['recompute_s']} s "
        f"(ratio {figures['ratio']}x floor); live check p50 {figures['live_p50_ms']} ms, "
        f"p95 {figures['live_p95_ms']} ms; largest employer {figures['largest_live_ms']} ms"
    )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
