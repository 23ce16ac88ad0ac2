"""Registration and SMS sign-in: the same answer, in the same time, for a civil ID that has an
account and one that belongs to nobody? (issue 15, "No enumeration, no lock-out of others".)

Alternates POSTs for a number with a proven account (and known to the stub civil registry) and
for numbers of nobody (99xxxxxx), through the portal's own pages (the full request, with the
stub civil registry and the fake SMS provider on loopback, in this process), first without the
answer floor (the work itself), then with it (what a visitor sees). For each page it prints the
medians and p95 of both, and whether every answer was the same: status, redirect location,
message text and the page's body (with the typed number and CSRF token taken out). The last
line is JSON: per page, known_ms, unknown_ms, difference_ms and their p95s with the floor, the
same with a raw_ prefix, and "same_answer".

    .venv/bin/python -m bench.identity_enumeration --trials 200
"""

from __future__ import annotations

import argparse
import json
import re
import time
from typing import Any

from bench.harness import Timing, setup_django, throwaway_database

KNOWN = "12345678"
KNOWN_MOBILE = "+96891234567"
PAGES = {"register": "/ar/accounts/register/", "sms_sign_in": "/ar/accounts/sms-sign-in/"}
WARMUP = 3
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')

Answer = tuple[int, str, tuple[str, ...], str]


def _post(url: str, civil_id: str) -> Any:
    """One visitor's request, without cookies (a new session, so the answer's messages are
    this request's alone)."""
    from django.test import Client

    return Client().post(url, {"civil_id": civil_id, "preferred_language": "ar"})


def _answer(response: Any, civil_id: str) -> Answer:
    """What a visitor can tell from the answer, with what they typed taken out."""
    from django.contrib.messages import get_messages

    notes = tuple(str(m) for m in get_messages(response.wsgi_request))
    body = response.content.decode(errors="replace").replace(civil_id, "<number>")
    return response.status_code, response.get("Location", ""), notes, _CSRF.sub("", body)


def _known_person() -> None:
    from django.utils import timezone

    from accounts.models import ProofMethod, User

    now = timezone.now()
    User.objects.create(
        username="bench-person",
        role=User.Role.JOBSEEKER,
        civil_id=KNOWN,
        mobile=KNOWN_MOBILE,
        mobile_verified_at=now,
        identity_proven_at=now,
        identity_proof_method=ProofMethod.IDP,
    )


def _measure(page: str, url: str, *, trials: int, floor_ms: int) -> dict[str, Any]:
    """Both modes of one page: its figures, and whether every answer was the same."""
    from django.conf import settings

    for n in range(WARMUP):
        _post(url, KNOWN)
        _post(url, f"9800{n:04d}")
    figures: dict[str, Any] = {}
    answers: set[Answer] = set()
    # without the answer floor (what the work itself costs), then with the floor the portal
    # uses: the second pair is what a visitor sees
    for mode, floor in (("raw", 0), ("floor", floor_ms)):
        settings.IDENTITY_ANSWER_FLOOR_MS = floor
        known, unknown = Timing("known", []), Timing("unknown", [])
        for n in range(trials):
            for timing, civil_id in ((known, KNOWN), (unknown, f"99{mode == 'raw':d}{n:05d}")):
                started = time.perf_counter()
                response = _post(url, civil_id)
                timing.samples.append(time.perf_counter() - started)
                answers.add(_answer(response, civil_id))
        for timing in (known, unknown):
            print(
                f"{page:11} {mode:5} {timing.label:8} "
                f"median {timing.median * 1000:.2f} ms, p95 {timing.p95 * 1000:.2f} ms"
            )
        prefix = f"{page}_" if mode == "floor" else f"{page}_raw_"
        figures[f"{prefix}known_ms"] = round(known.median * 1000, 2)
        figures[f"{prefix}unknown_ms"] = round(unknown.median * 1000, 2)
        figures[f"{prefix}difference_ms"] = round((known.median - unknown.median) * 1000, 2)
        figures[f"{prefix}known_p95_ms"] = round(known.p95 * 1000, 2)
        figures[f"{prefix}unknown_p95_ms"] = round(unknown.p95 * 1000, 2)
    for status, location, notes, body in sorted(answers, key=repr):
        print(f"{page:11} answer: {status} {location or '-'} {list(notes)} ({len(body)} bytes)")
    figures[f"{page}_same_answer"] = len(answers) == 1
    if len(answers) != 1:
        print(f"{page:11} DIFFERENT ANSWERS for a known and an unknown number")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument(
        "--floor-ms", type=int, default=None, help="the answer floor (default: the portal's)"
    )
    args = parser.parse_args()
    setup_django()
    from django.conf import settings

    from integrations.stubs.people import person_for
    from integrations.stubs.server import StubEntities
    from notifications.clients import _provider
    from notifications.fake_provider import FakeSmsProvider

    floor_ms = settings.IDENTITY_ANSWER_FLOOR_MS if args.floor_ms is None else args.floor_ms
    assert person_for(KNOWN) is not None  # the stub registry knows the number
    stub = StubEntities(seed=1, scale=30).start()
    provider = FakeSmsProvider(auth_token=settings.TWILIO_AUTH_TOKEN).start()
    provider.state.callbacks = False
    settings.INTEGRATIONS_STUB_URL = stub.url
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = stub.url
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_API_BASE_URL = provider.url
    settings.SMS_STATUS_CALLBACK_BASE_URL = ""
    settings.SMS_CODE_LIMIT_PER_NUMBER = 10**9
    settings.SMS_CODE_LIMIT_PER_ADDRESS = 10**9
    _provider.cache_clear()
    result: dict[str, Any] = {}
    try:
        with throwaway_database():
            _known_person()
            for page, url in PAGES.items():
                result.update(_measure(page, url, trials=args.trials, floor_ms=floor_ms))
    finally:
        stub.stop()
        provider.stop()
        _provider.cache_clear()
    result["floor_ms"] = floor_ms
    result["same_answer"] = all(result[f"{page}_same_answer"] for page in PAGES)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
