"""Worker status codes at national scale: the full recompute against its SQL floor, the
incremental recompute of touched workers, and the scanner over HTTP against a one-row floor.

Builds 1,400,000 foreign workers in 600,000 establishments (or `--scale` workers with the same
mix) in a throwaway database: a permit each (about 3% not valid), medical fitness results (about
5% missing, 1% unfit, 2% too old), health orders in force for about 3%, declared addresses
(about 2% missing) and worksites, and a published rule set with allow and deny lines by
activity, CR and worksite. Then it measures, alternating, in the same run:

* floor: one plain SQL statement computing the same codes (the shared statement, its result
  aggregated in the server: nothing written, nothing sent to Python);
* recompute: `workstatus.services.recompute_all`, the path the schedule takes (the same
  computation, plus the history rows of the changes and the swap of the table of codes);
* incremental: `recompute_workers` for 1,000 random workers (goal under 1 s);
* scanner: the scanner page over HTTP (gunicorn, 2 sync workers, a signed-in worksite
  supervisor, a fresh QR token per request, each scan logged) against the floor page that reads
  one row by primary key behind the same middleware (goal: p95 under 30 ms).

`--work-mem 64MB` runs the floor and the recompute with that work_mem (both alike, printed).

The last line is JSON: work_mem, recompute_s, floor_s, ratio (goal: at most 1.5), incremental_s,
scanner_p95_ms, floor_p95_ms, scanner_ratio.

    .venv/bin/python -m bench.status_codes                 # national scale, many minutes
    .venv/bin/python -m bench.status_codes --scale 20000   # a quick run
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

NATIONAL_WORKERS = 1_400_000
WORKERS_PER_ESTABLISHMENT = 1_400_000 / 600_000
NATIONALITIES = ["IND", "BGD", "PAK", "PHL", "EGY", "NPL", "LKA"]
GOVERNORATES = ["muscat", "dhofar", "north_al_batinah", "ad_dakhiliyah", "al_wusta"]


def _seed(scale: int) -> dict[str, int]:
    """Establishments, workers, permits, health records and declarations, set-based."""
    from django.db import connection

    from employers.demo import _activities
    from permits.models import PermitRuleSet

    activities = [a.pk for a in _activities()]
    permit_rules = PermitRuleSet.objects.order_by("-version").first()
    assert permit_rules is not None
    establishments = max(10, round(scale / WORKERS_PER_ESTABLISHMENT))
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
        cursor.execute(
            f"""
            INSERT INTO employers_establishment
                (created_at, updated_at, cr_number, name_ar, name_en, activity_id, governorate,
                 size_class, status, permits_barred, bar_reason, registered_on)
            SELECT now(), now(), (4000000 + i)::text, 'منشأة ' || i, 'Establishment ' || i,
                   (ARRAY{activities})[1 + floor(random() * {len(activities)})::int],
                   (ARRAY{GOVERNORATES})[1 + floor(random() * {len(GOVERNORATES)})::int],
                   'small',
                   CASE WHEN random() < 0.01 THEN 'suspended' ELSE 'active' END,
                   random() < 0.01, '', DATE '2015-01-01'
            FROM generate_series(1, %(n)s) i
            """,
            {"n": establishments},
        )
        cursor.execute("ANALYZE employers_establishment")
        cursor.execute(
            f"""
            CREATE TEMP TABLE plan AS
            SELECT i, e.id AS establishment_id,
                   (ARRAY{NATIONALITIES})[1 + mod(i, {len(NATIONALITIES)})] AS nationality,
                   'P' || (10000000 + i) AS passport, random() AS r1, random() AS r2,
                   random() AS r3, random() AS r4
            FROM generate_series(1, %(n)s) i
            JOIN employers_establishment e
              ON e.cr_number = (4000000 + 1 + mod(i::bigint * 7919, %(e)s))::text
            """,
            {"n": scale, "e": establishments},
        )
        cursor.execute("ANALYZE plan")
        cursor.execute(
            """
            INSERT INTO employers_employee
                (created_at, updated_at, establishment_id, civil_id, passport_number, name_ar,
                 name_en, nationality, occupation_code, job_level, monthly_salary, is_full_time,
                 has_disability, contract_start, contract_end)
            SELECT now(), now(), establishment_id, NULL, passport, 'عامل ' || i, 'Worker ' || i,
                   nationality, '7112', 4, 200, true, false, DATE '2024-01-01', NULL
            FROM plan ORDER BY establishment_id, i
            """
        )
        cursor.execute("ANALYZE employers_employee")
        cursor.execute(
            f"""
            INSERT INTO permits_permit
                (created_at, updated_at, number, kind, establishment_id, status,
                 status_changed_at, worker_name_ar, worker_name_en, nationality, passport_number,
                 passport_expiry, date_of_birth, worker_mobile, worker_language, occupation_code,
                 job_level, monthly_salary, requested_start, valid_from, valid_until, rule_set_id,
                 fee_band, base_fee, fee_multiplier, fee_amount, checks, checks_passed,
                 recommendation, recommendation_note, override_reason, decision_reason,
                 ended_reason, certificate_token, employee_id, worker_civil_id)
            SELECT now(), now(), 'WS' || lpad(p.i::text, 10, '0'), 'new', p.establishment_id,
                   CASE WHEN p.r1 < 0.02 THEN 'cancelled' WHEN p.r1 < 0.03 THEN 'suspended'
                        ELSE 'active' END,
                   now(), 'عامل ' || p.i, 'Worker ' || p.i, p.nationality, p.passport,
                   current_date + 1500, DATE '1995-01-01', '', 'en', '7112', 4, 200,
                   current_date - 300, current_date - 300, current_date + 400,
                   {permit_rules.pk}, 'third', 201, 1, 201, '[]'::jsonb, true,
                   '', '', '', '', '', md5('ws' || p.i) || substr(md5('t' || p.i), 1, 11),
                   e.id, ''
            FROM plan p
            JOIN employers_employee e
              ON e.nationality = p.nationality AND e.passport_number = p.passport
            """
        )
        cursor.execute(
            """
            INSERT INTO integrations_medicalfitnessresult
                (reference, nationality, passport_number, person_name, result, examined_on,
                 source_version, synced_at)
            SELECT 'MF-' || i, nationality, passport, 'Worker ' || i,
                   CASE WHEN r2 < 0.01 THEN 'unfit' ELSE 'fit' END,
                   current_date - CASE WHEN r2 < 0.03 THEN 800 ELSE 30 + (i % 300) END, 1, now()
            FROM plan WHERE r2 >= 0.0 AND r3 >= 0.05
            """
        )
        cursor.execute(
            """
            INSERT INTO integrations_healthorder
                (reference, nationality, passport_number, kind, valid_from, valid_until, status,
                 source_version, synced_at)
            SELECT 'HO-' || i, nationality, passport,
                   (ARRAY['isolation', 'sick_leave', 'test_due'])[1 + i % 3],
                   current_date - 2, current_date + 5,
                   CASE WHEN r4 < 0.03 THEN 'in_force' ELSE 'lifted' END, 1, now()
            FROM plan WHERE r4 < 0.06
            """
        )
        cursor.execute(
            """
            INSERT INTO workstatus_declaration
                (created_at, updated_at, employee_id, address, worksite, declared_by_id)
            SELECT now(), now(), e.id,
                   CASE WHEN p.r3 BETWEEN 0.5 AND 0.52 THEN '' ELSE 'Camp ' || (p.i % 5000) END,
                   'SITE-' || (p.i % 20000), NULL
            FROM plan p
            JOIN employers_employee e
              ON e.nationality = p.nationality AND e.passport_number = p.passport
            """
        )
        cursor.execute("DROP TABLE plan")
        for table in (
            "permits_permit",
            "integrations_medicalfitnessresult",
            "integrations_healthorder",
            "workstatus_declaration",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("SELECT count(*) FROM employers_employee")
        workers = int(cursor.fetchone()[0])
    return {"establishments": establishments, "workers": workers}


def _publish_rules() -> None:
    """A rule set in force with allow and deny lines by activity, CR and worksite."""
    from accounts.models import User
    from core import rulesets
    from employers.models import Establishment
    from workstatus.models import StatusRuleSet
    from workstatus.rule_family import STATUS_FIELDS, STATUS_RULES

    actor = User.objects.create_user(username="bench-policy", role=User.Role.POLICY)
    base = rulesets.latest_published(STATUS_RULES)
    assert base is not None
    values: dict[str, Any] = {name: getattr(base, name) for name in STATUS_FIELDS}
    values.update(name="Bench rules", name_ar="قواعد", effective_from=rulesets.today())
    draft = rulesets.draft_create(STATUS_RULES, created_by=actor, copy_from=base, **values)
    lines = [("activity", "4100", "deny"), ("worksite", "SITE-7", "deny")]
    crs = list(Establishment.objects.order_by("pk").values_list("cr_number", flat=True)[:400])
    lines += [("cr", cr, "deny") for cr in crs[:200:2]]
    lines += [("cr", cr, "allow") for cr in crs[1:200:2]]
    lines += [("worksite", f"SITE-{n}", "allow") for n in range(100, 300)]
    for scope, value, decision in lines:
        rulesets.line_save(
            STATUS_RULES,
            rule_set=draft,
            actor=actor,
            scope=scope,
            value=value,
            decision=decision,
            note="",
        )
    # the same-day path: one asks, another publishes
    rulesets.request_today(STATUS_RULES, rule_set=draft, requested_by=actor)
    approver = User.objects.create_user(username="bench-approver", role=User.Role.APPROVER)
    rulesets.publish(STATUS_RULES, rule_set=draft, published_by=approver)
    assert StatusRuleSet.objects.filter(status="published").count() == 2


def _scanner_http(
    *, sample: list[int], floor_id: int, requests_: int, concurrency: int, rounds: int
) -> dict[str, float]:
    """The scanner page and the one-row floor over HTTP, alternating rounds."""
    from accounts.models import User
    from bench.permits import PASSWORD, Page, _p95, _round, _server, _sign_in
    from workstatus.tokens import token_for

    User.objects.create_user(
        username="bench-supervisor", password=PASSWORD, role=User.Role.WORKSITE_SUPERVISOR
    )
    rng = random.Random(11)
    with _server(workers=2) as port:
        cookie = _sign_in(port, "bench-supervisor")
        scanner = Page("scanner", "", cookie, [])
        floor = Page("floor", f"/bench-floor/{floor_id}/", cookie, [])
        for n in range(rounds + 1):
            tokens = [token_for(rng.choice(sample)) for _ in range(requests_)]
            paths = iter(f"/ar/status-check/?t={t}" for t in tokens)
            samples_before = len(scanner.samples)
            _round_paths(port, scanner, paths, requests_, concurrency)
            _round(port, floor, requests_, concurrency)
            if n == 0:  # warm-up round
                del scanner.samples[samples_before:]
                floor.samples.clear()
    return {
        "scanner_p50_ms": round(statistics.median(scanner.samples), 1),
        "scanner_p95_ms": round(_p95(scanner.samples), 1),
        "floor_p50_ms": round(statistics.median(floor.samples), 1),
        "floor_p95_ms": round(_p95(floor.samples), 1),
        "scanner_ratio": round(_p95(scanner.samples) / _p95(floor.samples), 2),
        "scanner_requests": len(scanner.samples),
    }


def _round_paths(port: int, page: Any, paths: Any, requests_: int, concurrency: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from bench.permits import _get

    chosen = [next(paths) for _ in range(requests_)]

    def one(path: str) -> float:
        started = time.perf_counter()
        status, body = _get(port, path, page.cookie)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200 or b"text-bg-" not in body:
            raise RuntimeError(f"scanner: {path} answered {status} without a code")
        return elapsed

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        page.samples.extend(pool.map(one, chosen))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=NATIONAL_WORKERS, help="foreign workers")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of each batch path")
    parser.add_argument("--touched", type=int, default=1000, help="workers of the incremental")
    parser.add_argument("--requests", type=int, default=300, help="scanner requests per round")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--work-mem",
        default="",
        help="work_mem for the floor and the recompute alike (e.g. 64MB; default: the server's)",
    )
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    from django.db import connection
    from django.utils import timezone

    from workstatus import services
    from workstatus.compute import statement
    from workstatus.services import recompute_all, recompute_workers, rule_set_in_force

    # The SMS to workers turned red are a task after commit, run by a worker in production and
    # not part of the recompute; under the test settings Celery runs it eagerly, inside the
    # call, which at this scale would text every first red code (of the recompute the
    # rules' publication starts, and of the warm-up) one by one, for many minutes.
    services._notify_later = lambda: None

    with throwaway_database():
        started = time.perf_counter()
        counts = _seed(args.scale)
        _publish_rules()
        print(
            f"seeded {counts['establishments']} establishments, {counts['workers']} workers "
            f"in {time.perf_counter() - started:.1f} s"
        )
        as_of = timezone.localdate()
        rule_set = rule_set_in_force(on=as_of)
        assert rule_set is not None
        params: dict[str, Any] = {"rule_set_id": rule_set.pk, "as_of": as_of, "now": timezone.now()}

        def floor() -> int:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE overall = 'red') "
                    f"FROM ({statement(incremental=False)}) x",
                    params,
                )
                return int(cursor.fetchone()[0])

        def recompute() -> int:
            return recompute_all(as_of=as_of).red

        if args.work_mem:
            # the same setting for both sides, on the one connection both run on
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('work_mem', %s, false)", [args.work_mem])
        recompute()  # warm: the first run fills the table and writes every first history row
        floors: list[float] = []
        recomputes: list[float] = []
        for _ in range(args.rounds):
            for fn, samples in ((floor, floors), (recompute, recomputes)):
                t0 = time.perf_counter()
                fn()
                samples.append(time.perf_counter() - t0)
        red = recompute()
        assert floor() == red, "the floor and the recompute disagree"

        with connection.cursor() as cursor:
            cursor.execute("SELECT employee_id FROM workstatus_workerstatus")
            ids = [row[0] for row in cursor.fetchall()]
        rng = random.Random(7)
        incrementals = []
        for _ in range(args.rounds):
            touched = rng.sample(ids, min(args.touched, len(ids)))
            t0 = time.perf_counter()
            recompute_workers(employee_ids=touched, as_of=as_of, notify=False)
            incrementals.append(time.perf_counter() - t0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT min(id) FROM employers_establishment")
            floor_id = int(cursor.fetchone()[0])
        scanner = _scanner_http(
            sample=rng.sample(ids, min(5000, len(ids))),
            floor_id=floor_id,
            requests_=args.requests,
            concurrency=args.concurrency,
            rounds=args.rounds,
        )

    figures: dict[str, Any] = {
        **counts,
        "red": red,
        "work_mem": args.work_mem or "server default",
        "floor_s": round(statistics.median(floors), 3),
        "recompute_s": round(statistics.median(recomputes), 3),
        "ratio": round(statistics.median(recomputes) / statistics.median(floors), 2),
        "incremental_s": round(statistics.median(incrementals), 3),
        **scanner,
    }
    print(
        f"work_mem {figures['work_mem']} for both: floor {figures['floor_s']} s, "
        f"recompute {figures['recompute_s']} s "
        f"(ratio {figures['ratio']}x floor); incremental of {args.touched} workers "
        f"{figures['incremental_s']} s; scanner p95 {figures['scanner_p95_ms']} ms against the "
        f"floor's {figures['floor_p95_ms']} ms ({figures['scanner_ratio']} x floor)"
    )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
