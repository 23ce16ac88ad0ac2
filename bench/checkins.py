"""Room check-ins over HTTP at 16 concurrent clients against a one-row view.

Builds `--scale` foreign workers, each with a portal account whose resident number is proven
and a declared room in one of a few accommodation sites, in a throwaway database; serves the
portal with gunicorn (2 sync workers); signs every client in through the real sign-in page; then
measures, alternating rounds in the same run:

* checkin: a worker's phone posting a check-in (a fresh client id each time) to the signed room
  link, as the service worker sends a queued one (JSON answer); each is recorded;
* floor: the page that reads one row by primary key behind the same middleware.

A warm-up round (the first check-in of each worker moves its last check-in, so its code is
recomputed) is not counted. Goal: check-in p95 under 50 ms. The last line is JSON:
checkin_p50_ms, checkin_p95_ms, floor_p95_ms, ratio, goal_met.

    .venv/bin/python -m bench.checkins                    # 2,000 workers, 16 clients
    .venv/bin/python -m bench.checkins --scale 50 --requests 20
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

GOAL_P95_MS = 50.0


@dataclass
class Client:
    cookie: str
    csrf: str
    path: str


@dataclass
class Samples:
    values: list[float] = field(default_factory=list)


def _seed(scale: int, password: str) -> list[tuple[str, str]]:
    """Workers with accounts and declared rooms; (username, room link path) per worker."""
    import datetime

    from django.utils import timezone, translation

    from accommodation.models import Block, Declaration, Operator, Room, Site
    from accommodation.tokens import room_token
    from accounts.models import User
    from employers.demo import _activities
    from employers.models import Employee, Establishment

    activity = _activities()[0]
    establishment = Establishment.objects.create(
        cr_number="5900001",
        name_ar="منشأة السكن",
        name_en="Bench housing employer",
        activity=activity,
        governorate="muscat",
        size_class="medium",
        registered_on=datetime.date(2020, 1, 1),
    )
    operator = Operator.objects.create(name_ar="مشغل", name_en="Bench operator")
    rooms: list[Room] = []
    for s in range(max(1, scale // 400)):
        site = Site.objects.create(
            operator=operator,
            name=f"Bench camp {s}",
            address="Rusayl",
            governorate="muscat",
            licence_number=f"BENCH-{s}",
            licence_valid_until=datetime.date(2099, 1, 1),
        )
        block = Block.objects.create(site=site, name="A")
        rooms += Room.objects.bulk_create(
            Room(block=block, number=str(100 + n), capacity=8) for n in range(50)
        )
    employees = Employee.objects.bulk_create(
        Employee(
            establishment=establishment,
            name_ar=f"عامل {i}",
            name_en=f"Worker {i}",
            nationality="IND",
            passport_number=f"B{8_000_000 + i}",
            civil_id=f"7{6_000_000 + i}",
            occupation_code="7112",
            job_level=Employee.JobLevel.OPERATIONAL,
            monthly_salary=200,
            contract_start=datetime.date(2024, 1, 1),
        )
        for i in range(scale)
    )
    now = timezone.now()
    hashed = User(username="x")
    hashed.set_password(password)
    User.objects.bulk_create(
        User(
            username=f"bench-worker-{e.pk}",
            password=hashed.password,
            role=User.Role.JOBSEEKER,
            civil_id=e.civil_id,
            identity_proven_at=now,
        )
        for e in employees
    )
    Declaration.objects.bulk_create(
        Declaration(employee=e, room=rooms[i % len(rooms)]) for i, e in enumerate(employees)
    )
    paths = []
    with translation.override("ar"):
        from django.urls import reverse

        for i, e in enumerate(employees):
            room = rooms[i % len(rooms)]
            token = room_token(room_id=room.pk, site_id=room.block.site_id)
            paths.append((f"bench-worker-{e.pk}", reverse("accommodation:check-in", args=[token])))
    return paths


def _sign_in(port: int, username: str, password: str) -> tuple[str, str]:
    """The real sign-in page; (cookie header, CSRF token)."""
    import requests

    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.get(f"{base}/ar/accounts/sign-in/", timeout=30).raise_for_status()
    response = session.post(
        f"{base}/ar/accounts/sign-in/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
    )
    response.raise_for_status()
    csrf = session.cookies["csrftoken"]
    return f"sessionid={session.cookies['sessionid']}; csrftoken={csrf}", csrf


def _check_in(port: int, client: Client) -> float:
    body = f"client_id={uuid.uuid4()}"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(
            "POST",
            client.path,
            body=body,
            headers={
                "Cookie": client.cookie,
                "X-CSRFToken": client.csrf,
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        payload = response.read()
    finally:
        conn.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200 or b'"recorded": true' not in payload:
        raise RuntimeError(f"check-in: {client.path} answered {response.status}: {payload[:200]!r}")
    return elapsed


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=2000, help="workers (each a client)")
    parser.add_argument("--requests", type=int, default=400, help="check-ins per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    from bench.permits import PASSWORD, Page, _p95, _round, _server

    with throwaway_database():
        from accommodation.models import CheckIn
        from employers.models import Establishment

        started = time.perf_counter()
        paths = _seed(args.scale, PASSWORD)
        floor_id = Establishment.objects.order_by("pk").values_list("pk", flat=True)[0]
        print(f"seeded {args.scale} workers in {time.perf_counter() - started:.1f} s")
        with _server(workers=2) as port:
            clients = []
            for username, path in paths[: max(args.concurrency, min(len(paths), 64))]:
                cookie, csrf = _sign_in(port, username, PASSWORD)
                clients.append(Client(cookie=cookie, csrf=csrf, path=path))
            checkins = Samples()
            floor = Page("floor", f"/bench-floor/{floor_id}/", clients[0].cookie, [])
            for n in range(args.rounds + 1):
                chosen = [clients[i % len(clients)] for i in range(args.requests)]
                with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                    round_samples = list(pool.map(lambda c: _check_in(port, c), chosen))
                _round(port, floor, args.requests, args.concurrency)
                if n == 0:  # warm-up: the first check-ins move each worker's last check-in
                    floor.samples.clear()
                else:
                    checkins.values.extend(round_samples)
        recorded = CheckIn.objects.count()
        assert recorded == args.requests * (args.rounds + 1), "a check-in was not recorded once"

    p95 = _p95(checkins.values)
    figures: dict[str, Any] = {
        "workers": args.scale,
        "concurrency": args.concurrency,
        "checkins": len(checkins.values),
        "checkin_p50_ms": round(statistics.median(checkins.values), 1),
        "checkin_p95_ms": round(p95, 1),
        "floor_p50_ms": round(statistics.median(floor.samples), 1),
        "floor_p95_ms": round(_p95(floor.samples), 1),
        "ratio": round(p95 / _p95(floor.samples), 2),
        "goal_p95_ms": GOAL_P95_MS,
        "goal_met": p95 < GOAL_P95_MS,
    }
    print(
        f"check-in p95 {figures['checkin_p95_ms']} ms at {args.concurrency} clients against the "
        f"floor's {figures['floor_p95_ms']} ms ({figures['ratio']} x floor; goal under "
        f"{GOAL_P95_MS:.0f} ms)"
    )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
