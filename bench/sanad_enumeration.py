"""Sanad consent requests: does the clerk's answer take as long for an unknown civil ID as for
a registered one? (issue 9, "same answer and timing"; RELIABILITY AU-13 asks ±50 ms median.)

Alternates requests for a registered person and for civil IDs that belong to nobody, through
the clerk's page (the full request), and prints the medians and p95 of each and their
difference, first without the answer floor (the work itself), then with it (what a clerk
sees). The last line is JSON: known_ms, unknown_ms, difference_ms (with the floor), the same
with a raw_ prefix, and the p95s.

    .venv/bin/python -m bench.sanad_enumeration --trials 200
"""

from __future__ import annotations

import argparse
import json
import time

from bench.harness import Timing, setup_django, throwaway_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--floor-ms", type=int, default=600, help="the answer floor measured")
    args = parser.parse_args()
    setup_django()
    with throwaway_database():
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from accounts.models import User
        from integrations.stubs.server import StubEntities
        from sanad.models import CentreMembership, ServiceCentre

        # the civil registry (on the stub entities) holds the mobile the code goes to
        registry = StubEntities(seed=1, scale=10).start()
        settings.INTEGRATIONS_STUB_URL = registry.url
        settings.INTEGRATIONS_CIVIL_REGISTRY_URL = ""
        settings.SANAD_REQUESTS_PER_CIVIL_ID = 10**9
        settings.SANAD_REQUESTS_PER_CLERK = 10**9
        centre = ServiceCentre.objects.create(
            licence_number="B-1", name_ar="مركز", name_en="Centre", governorate="muscat"
        )
        clerk = User.objects.create(username="bench-clerk", role=User.Role.SANAD_CLERK)
        CentreMembership.objects.create(centre=centre, clerk=clerk)
        User.objects.create(
            username="bench-person",
            role=User.Role.JOBSEEKER,
            civil_id="12345678",
            mobile="+96892345678",
            mobile_verified_at=timezone.now(),
            identity_proven_at=timezone.now(),
        )
        client = Client()
        client.force_login(clerk)
        session = client.session
        session["_portal_auth_method"] = "idp"  # a clerk acts only on a strong sign-in
        session.save()
        url = reverse("sanad:clerk-start")
        result: dict[str, float] = {}
        # without the answer floor (what the work itself costs), then with the floor the
        # portal uses (SANAD_CONSENT_ANSWER_FLOOR_MS): the second pair is what a clerk sees
        for mode, floor_ms in (("raw", 0), ("floor", args.floor_ms)):
            settings.SANAD_CONSENT_ANSWER_FLOOR_MS = floor_ms
            known, unknown = Timing("known", []), Timing("unknown", [])
            for n in range(args.trials):
                for timing, civil_id in (
                    (known, "12345678"),
                    (unknown, f"99{1 if mode == 'raw' else 2}{n:05d}"),
                ):
                    started = time.perf_counter()
                    response = client.post(url, {"civil_id": civil_id, "scopes": ["jobseeker"]})
                    timing.samples.append(time.perf_counter() - started)
                    assert response.status_code == 302
            for timing in (known, unknown):
                print(
                    f"{mode:5} {timing.label:8} median {timing.median * 1000:.2f} ms, "
                    f"p95 {timing.p95 * 1000:.2f} ms"
                )
            prefix = "" if mode == "floor" else "raw_"
            result[f"{prefix}known_ms"] = round(known.median * 1000, 2)
            result[f"{prefix}unknown_ms"] = round(unknown.median * 1000, 2)
            result[f"{prefix}difference_ms"] = round((known.median - unknown.median) * 1000, 2)
            result[f"{prefix}known_p95_ms"] = round(known.p95 * 1000, 2)
            result[f"{prefix}unknown_p95_ms"] = round(unknown.p95 * 1000, 2)
        result["floor_ms"] = args.floor_ms
        registry.stop()
        print(json.dumps(result))


if __name__ == "__main__":
    main()
