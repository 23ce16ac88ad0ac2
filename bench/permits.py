"""Work permits at national scale: the officer queue and an employer's permit list, over HTTP,
against a floor measured in the same run.

Loads 1,000,000 permits (or `--scale`) across establishments in a throwaway database with
set-based SQL: most issued and valid, about 3.5% waiting in the queue (submitted, under review,
documents requested; recent, each with a failed automatic check), the rest expired, renewed,
cancelled, transferred, rejected, withdrawn or suspended. One large employer holds 2% of them.
Then it starts the portal under gunicorn (2 sync workers, persistent connections) on a free
loopback port against the same database, signs in an officer (password, then a TOTP code) and a
representative of the largest employer through the real sign-in pages, and times, alternating
in rounds, with `--concurrency` clients:

* floor: a bare view reading one row by primary key, behind the same middleware and session;
* queue: the officer queue, first page (every queue status, oldest first);
* queue filtered: failed_check=omanization and status=submitted;
* employer list: the largest employer's permits, first page (newest first).

It also counts the queries of each page in process, at the page size of the portal (25) and at
100, to show they do not grow with the page. The last line is JSON: p50/p95 of each page in ms,
the query counts, and the ratio of each page's p95 to the floor's p95. Goal (issue 5): p95
under 150 ms for the queue and the employer list at 1,000,000 permits.

The queue's partial indexes (`Permit.Meta.indexes`, migration 0004) came from this benchmark;
`--without-queue-indexes` drops them first, to measure the schema as it was before them;
`--explain` prints each page's queries with their time and plan.

    .venv/bin/python -m bench.permits                          # 1,000,000 permits, minutes
    .venv/bin/python -m bench.permits --without-queue-indexes  # the same without the indexes
    .venv/bin/python -m bench.permits --scale 20000 --requests 200
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

NATIONAL_PERMITS = 1_000_000
PERMITS_PER_ESTABLISHMENT = 50
LARGEST_SHARE = 0.02
PASSWORD = "Bench-Permits-2026"  # noqa: S105  # pragma: allowlist secret
ROOT = Path(__file__).resolve().parent.parent

# Unit groups the permits name (all open to foreign workers, in the taxonomy).
OCCUPATIONS = ["7411", "7126", "7112", "9313", "8332", "5120", "9112", "7231", "6111", "3115"]
NATIONALITIES = ["IND", "BGD", "PAK", "NPL", "PHL", "EGY", "LKA"]
# Queue rows fail one check: (code, cumulative share)
FAILED_CHECKS = [
    ("omanization", 0.5),
    ("passport_validity", 0.7),
    ("occupation_not_reserved", 0.9),
    ("not_barred", 1.0),
]


QUEUE_SQL = "status IN ('submitted', 'under_review', 'documents_requested')"
# The indexes this measurement asked for, now in the schema (permits migration 0004);
# --without-queue-indexes drops them to measure without.
QUEUE_INDEXES = {
    # the unfiltered queue, oldest first: without it the planner walks the created_at index
    # from the oldest permit and filters out every decided one (about 960,000 rows)
    "permit_queue_order_idx": f"(created_at, id) WHERE {QUEUE_SQL}",
    # the queue filtered by a failed check: one small index per check, holding only the
    # waiting applications that failed it, so that the count does not test the JSON of
    # every waiting application (the predicate is the selector's own condition)
    **{
        f"permit_fail_{short}_idx": (
            f"(status, created_at, id) WHERE {QUEUE_SQL} "
            f'AND checks @> \'[{{"code": "{code}", "outcome": "failed"}}]\'::jsonb'
        )
        for short, code in [
            ("active", "establishment_active"),
            ("barred", "not_barred"),
            ("omani", "omanization"),
            ("reserved", "occupation_not_reserved"),
            ("lmt", "labor_market_test"),
            ("passport", "passport_validity"),
        ]
    },
}


def _drop_queue_indexes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for name in QUEUE_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("ANALYZE permits_permit")


def _check_sql(code: str, message: str, failed: str) -> str:
    outcome = (
        "'off'"
        if code == "labor_market_test"
        else f"CASE WHEN {failed} = '{code}' THEN 'failed' ELSE 'passed' END"
    )
    return (
        f"jsonb_build_object('code', '{code}', 'outcome', {outcome}, "
        f"'message', '{message}', 'params', '{{}}'::jsonb)"
    )


def _checks_sql(failed: str) -> str:
    """The six automatic checks as the application stores them, `failed` naming the one that
    failed (or NULL)."""
    checks = [
        ("establishment_active", "The establishment is active."),
        ("not_barred", "No bar on the establishment."),
        ("omanization", "No Omanization rules are in force for this date."),
        ("occupation_not_reserved", "The occupation is open to foreign workers."),
        ("labor_market_test", "Switched off by policy."),
        ("passport_validity", "The passport is valid."),
    ]
    return "jsonb_build_array(" + ", ".join(_check_sql(c, m, failed) for c, m in checks) + ")"


def _seed(scale: int, officer_id: int) -> dict[str, int]:
    """Establishments and permits with set-based SQL; returns counts and the largest employer."""
    from django.db import connection

    from employers.demo import _activities
    from permits.models import PermitRuleSet

    activities = [a.pk for a in _activities()]
    rule_set_id = PermitRuleSet.objects.get(version=2).pk
    establishments = max(10, scale // PERMITS_PER_ESTABLISHMENT)
    failed_case = (
        "CASE "
        + " ".join(f"WHEN r2 < {limit} THEN '{code}'" for code, limit in FAILED_CHECKS[:-1])
        + f" ELSE '{FAILED_CHECKS[-1][0]}' END"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
        cursor.execute(
            f"""
            INSERT INTO employers_establishment
                (created_at, updated_at, cr_number, name_ar, name_en, activity_id, governorate,
                 size_class, status, permits_barred, bar_reason, registered_on)
            SELECT now(), now(), (4000000 + i)::text, 'منشأة ' || i, 'Establishment ' || i,
                   (ARRAY{activities})[1 + floor(random() * {len(activities)})::int], 'muscat',
                   CASE WHEN i = 1 THEN 'large' ELSE 'small' END,
                   CASE WHEN i > 1 AND random() < 0.02 THEN 'suspended' ELSE 'active' END,
                   i > 1 AND random() < 0.01, '', DATE '2015-01-01' + floor(random() * 3000)::int
            FROM generate_series(1, %(n)s) i ORDER BY i
            """,
            {"n": establishments},
        )
        cursor.execute(
            "CREATE TEMP TABLE est AS SELECT (row_number() OVER (ORDER BY id))::int AS i, id "
            "FROM employers_establishment"
        )
        cursor.execute("ALTER TABLE est ADD PRIMARY KEY (i)")
        cursor.execute("ANALYZE est")
        # One plan row per permit: when it was filed, its employer, its fate. Applications of
        # the last 45 days mostly still wait in the queue; older ones were decided.
        cursor.execute(
            f"""
            CREATE TEMP TABLE plan AS
            SELECT g AS i, created_at, est_i, r, r2,
                   CASE WHEN age < 45 THEN
                            CASE WHEN r < 0.50 THEN 'submitted'
                                 WHEN r < 0.75 THEN 'under_review'
                                 WHEN r < 0.85 THEN 'documents_requested'
                                 ELSE 'active' END
                        WHEN r < 0.80 THEN 'active'
                        WHEN r < 0.86 THEN 'expiring'
                        WHEN r < 0.90 THEN 'expired'
                        WHEN r < 0.93 THEN 'renewed'
                        WHEN r < 0.95 THEN 'cancelled'
                        WHEN r < 0.96 THEN 'transferred'
                        WHEN r < 0.975 THEN 'rejected'
                        WHEN r < 0.985 THEN 'withdrawn'
                        WHEN r < 0.99 THEN 'suspended'
                        ELSE 'active' END AS status
            FROM (
                SELECT g, now() - make_interval(secs => s * 1095 * 86400) AS created_at,
                       s * 1095 AS age,
                       CASE WHEN random() < {LARGEST_SHARE} THEN 1
                            ELSE 2 + floor(random() * {establishments - 1})::int END AS est_i,
                       random() AS r, random() AS r2
                FROM (SELECT g, random() AS s FROM generate_series(1, %(n)s) g) x
            ) y
            """,
            {"n": scale},
        )
        cursor.execute("ANALYZE plan")
        cursor.execute(
            f"""
            INSERT INTO permits_permit
                (created_at, updated_at, number, kind, establishment_id, status,
                 status_changed_at, worker_name_ar, worker_name_en, nationality, passport_number,
                 passport_expiry, date_of_birth, worker_mobile, worker_language, occupation_code,
                 job_level, monthly_salary, requested_start, valid_from, valid_until, rule_set_id,
                 fee_band, base_fee, fee_multiplier, fee_amount, checks, checks_passed,
                 assigned_to_id, recommendation, recommendation_note, override_reason,
                 decided_at, decision_reason, issued_at, ended_reason, certificate_token)
            SELECT p.created_at, p.created_at,
                   'WP' || to_char(p.created_at, 'YYYY') || lpad(p.i::text, 9, '0'),
                   CASE WHEN p.r2 < 0.10 THEN 'renewal' WHEN p.r2 < 0.13 THEN 'transfer'
                        ELSE 'new' END,
                   e.id, p.status, p.created_at,
                   'عامل ' || p.i, 'Worker ' || p.i,
                   (ARRAY{NATIONALITIES})[1 + p.i % {len(NATIONALITIES)}],
                   'P' || p.i, current_date + 1500, DATE '1995-01-01' - (p.i % 9000), '', 'en',
                   (ARRAY{OCCUPATIONS})[1 + (p.i / 7) % {len(OCCUPATIONS)}],
                   1 + p.i % 4, 150 + (p.i % 20) * 25, p.created_at::date + 14,
                   CASE WHEN q.queued THEN NULL ELSE q.valid_until - 729 END,
                   CASE WHEN q.queued THEN NULL ELSE q.valid_until END,
                   {rule_set_id}, 'third', 201, 1, 201,
                   {_checks_sql("q.failed")}, NOT q.queued,
                   CASE WHEN p.status IN ('under_review', 'documents_requested')
                        THEN {officer_id} END,
                   '', '', '',
                   CASE WHEN q.queued THEN NULL ELSE p.created_at END, '',
                   CASE WHEN q.queued THEN NULL ELSE p.created_at END, '',
                   md5('permit' || p.i) || substr(md5('token' || p.i), 1, 11)
            FROM plan p
            JOIN est e ON e.i = p.est_i
            CROSS JOIN LATERAL (
                SELECT p.status IN ('submitted', 'under_review', 'documents_requested') AS queued,
                       CASE WHEN p.status IN ('submitted', 'under_review', 'documents_requested')
                            THEN {failed_case} END AS failed,
                       CASE WHEN p.status = 'expiring'
                                THEN current_date + floor(p.r2 * 80)::int
                            WHEN p.status = 'expired' THEN current_date - 1 - floor(p.r2 * 300)::int
                            ELSE p.created_at::date + 743 END AS valid_until
            ) q
            ORDER BY p.created_at
            """
        )
        cursor.execute("DROP TABLE plan")
        cursor.execute("DROP TABLE est")
        cursor.execute(
            "SELECT setval('permits_permit_number_seq', (SELECT count(*) FROM permits_permit))"
        )
        cursor.execute("VACUUM ANALYZE permits_permit")
        cursor.execute("VACUUM ANALYZE employers_establishment")
        cursor.execute(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE status IN
                                    ('submitted', 'under_review', 'documents_requested')),
                   count(*) FILTER (WHERE status IN ('active', 'expiring'))
            FROM permits_permit
            """
        )
        permits, queue, valid = cursor.fetchone()
        cursor.execute(
            "SELECT establishment_id, count(*) FROM permits_permit GROUP BY 1 "
            "ORDER BY 2 DESC LIMIT 1"
        )
        largest, largest_permits = cursor.fetchone()
    return {
        "establishments": establishments,
        "permits": permits,
        "queue": queue,
        "valid": valid,
        "largest": largest,
        "largest_permits": largest_permits,
    }


# --- the server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _server(*, workers: int) -> Iterator[int]:
    """gunicorn (sync workers) on a free loopback port, on this process's database."""
    from bench.processes import current_database_url

    port = _free_port()
    log = Path(tempfile.mkstemp(prefix="bench-permits-", suffix=".log")[1])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "DATABASE_URL": current_database_url(),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("TEST_DATABASE_NAME", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "labor_portal.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()[-3000:]}")
            try:
                status, _body = _get(port, "/health/", "")
                if status in (200, 503):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer: {log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.unlink(missing_ok=True)


def _get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _sign_in(port: int, username: str, *, totp_device: Any = None) -> str:
    """Sign in through the real pages (password, then a TOTP code: staff are sent to it, a
    representative needs it before acting for an establishment); the cookie."""
    import requests
    from django_otp.oath import totp

    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.get(f"{base}/ar/accounts/sign-in/", timeout=30).raise_for_status()
    response = session.post(
        f"{base}/ar/accounts/sign-in/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
    )
    response.raise_for_status()
    if totp_device is not None:
        two_factor = (
            response.url if "/two-factor/" in response.url else f"{base}/ar/accounts/two-factor/"
        )
        token = totp(
            totp_device.bin_key,
            totp_device.step,
            totp_device.t0,
            totp_device.digits,
            totp_device.drift,
        )
        response = session.post(
            two_factor,
            data={
                "token": f"{token:0{totp_device.digits}d}",
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            timeout=30,
        )
        response.raise_for_status()
        assert "/two-factor/" not in response.url, "the TOTP code was refused"
    return f"sessionid={session.cookies['sessionid']}"


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    path: str
    cookie: str
    samples: list[float]


def _round(port: int, page: Page, requests_: int, concurrency: int) -> None:
    def one(_n: int) -> float:
        started = time.perf_counter()
        status, _body = _get(port, page.path, page.cookie)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise RuntimeError(f"{page.label}: {page.path} answered {status}")
        return elapsed

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        page.samples.extend(pool.map(one, range(requests_)))


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _query_counts(
    *, officer: Any, employer: Any, paths: dict[str, str], explain: bool
) -> dict[str, dict[int, int]]:
    """Queries per page, in process, at page sizes 25 and 100. With `explain`, prints each
    page's queries on permits with their time and plan (the pages' real SQL, warm)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    import permits.views.employer
    import permits.views.staff
    from bench.support import sign_in_staff

    officer_client = Client()
    sign_in_staff(officer_client, officer)
    employer_client = Client()
    employer_client.force_login(employer)
    session = employer_client.session
    session["_portal_auth_method"] = "password+totp"  # as after the authenticator code
    session.save()
    clients = dict.fromkeys(paths, officer_client)
    clients["employer_list"] = employer_client
    counts: dict[str, dict[int, int]] = {}
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        for size in (25, 100):
            with (
                mock.patch.object(permits.views.staff, "QUEUE_PAGE_SIZE", size),
                mock.patch.object(permits.views.employer, "PER_PAGE", size),
            ):
                for label, path in paths.items():
                    client = clients[label]
                    assert client.get(path).status_code == 200, (label, path)
                    with CaptureQueriesContext(connection) as captured:
                        response = client.get(path)
                    assert response.status_code == 200, (label, path)
                    counts.setdefault(label, {})[size] = len(captured)
                    if explain and size == 25:
                        _explain(label, captured.captured_queries)
    return counts


def _explain(label: str, queries: list[dict[str, str]]) -> None:
    """The time and plan of each query of a page that reads permits."""
    from django.db import connection

    print(f"  {label}: {len(queries)} queries")
    for query in queries:
        sql = query["sql"]
        print(f"    {float(query['time']) * 1000:8.1f} ms  {sql[:110]}")
        if "permits_permit" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            for (line,) in cursor.fetchall():
                print(f"          {line}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=NATIONAL_PERMITS, help="permits to load")
    parser.add_argument("--requests", type=int, default=400, help="timed requests per page")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds")
    parser.add_argument("--concurrency", type=int, default=2, help="clients at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--without-queue-indexes",
        action="store_true",
        help="drop the queue's partial indexes before measuring (the schema before them)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print each page's queries with time and plan"
    )
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from employers.models import Membership, Service

    with throwaway_database():
        officer = User.objects.create_user(
            username="bench-officer", password=PASSWORD, role=User.Role.OFFICER
        )
        started = time.perf_counter()
        seeded = _seed(args.scale, officer.pk)
        seed_s = time.perf_counter() - started
        print(
            f"loaded {seeded['permits']} permits ({seeded['queue']} in the queue, "
            f"{seeded['valid']} valid) across {seeded['establishments']} establishments "
            f"in {seed_s:.1f} s; the largest employer holds {seeded['largest_permits']}"
        )
        largest = seeded["largest"]
        if args.without_queue_indexes:
            _drop_queue_indexes()
        device = TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
        employer = User.objects.create_user(
            username="bench-employer", password=PASSWORD, role=User.Role.EMPLOYER
        )
        Membership.objects.create(
            user=employer, establishment_id=largest, services=list(Service.values)
        )
        employer_device = TOTPDevice.objects.create(user=employer, name="bench", confirmed=True)
        paths = {
            "floor": f"/bench-floor/{largest}/",
            "queue": "/ar/staff/permits/",
            "queue_filtered": "/ar/staff/permits/?status=submitted&failed_check=omanization",
            "employer_list": f"/ar/employer/{largest}/permits/",
        }
        queries = _query_counts(
            officer=officer, employer=employer, paths=paths, explain=args.explain
        )
        connection.close()  # the server's workers are the ones to hold connections now

        with _server(workers=args.workers) as port:
            officer_cookie = _sign_in(port, officer.username, totp_device=device)
            employer_cookie = _sign_in(port, employer.username, totp_device=employer_device)
            cookies = dict.fromkeys(paths, officer_cookie)
            cookies["employer_list"] = employer_cookie
            pages = [Page(label, path, cookies[label], []) for label, path in paths.items()]
            for page in pages:  # warm each worker's connection, caches and templates
                _round(port, page, 4 * args.workers, args.concurrency)
                page.samples.clear()
            per_round = max(1, args.requests // args.rounds)
            for _ in range(args.rounds):
                for page in pages:
                    _round(port, page, per_round, args.concurrency)

    timings = {page.label: page for page in pages}
    floor_p95 = _p95(timings["floor"].samples)
    figures: dict[str, Any] = {
        "permits": seeded["permits"],
        "queue_size": seeded["queue"],
        "establishments": seeded["establishments"],
        "largest_employer_permits": seeded["largest_permits"],
        "seed_s": round(seed_s, 1),
        "requests_per_page": len(timings["floor"].samples),
        "concurrency": args.concurrency,
        "workers": args.workers,
        "queue_indexes": not args.without_queue_indexes,
    }
    print(
        f"pages over HTTP ({figures['requests_per_page']} requests each, {args.concurrency} "
        f"clients, {args.workers} gunicorn workers): p50 / p95, queries at 25 and 100 rows"
    )
    for label, page in timings.items():
        p50, p95 = statistics.median(page.samples), _p95(page.samples)
        figures[f"{label}_p50_ms"] = round(p50, 2)
        figures[f"{label}_p95_ms"] = round(p95, 2)
        figures[f"{label}_queries_25"] = queries[label][25]
        figures[f"{label}_queries_100"] = queries[label][100]
        if label != "floor":
            figures[f"{label}_ratio"] = round(p95 / floor_p95, 2)
        print(
            f"  {label:<16} {p50:7.1f} ms / {p95:7.1f} ms  {p95 / floor_p95:5.1f} x floor (p95)"
            f"  {queries[label][25]:3d} / {queries[label][100]:3d} queries"
        )
    figures["ratio"] = figures["queue_ratio"]
    figures["goal_met"] = all(
        figures[f"{label}_p95_ms"] < 150 for label in ("queue", "queue_filtered", "employer_list")
    )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
