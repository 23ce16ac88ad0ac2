"""Server time of the portal's pages against the framework floor, in process.

Baseline: a trivial view behind the full middleware stack (request log, locale, sessions,
authentication, OTP, session lifetime, CSP) answered for a signed-in user. Measured: the
employer's workforce register (25 rows of a large establishment), the staff establishment
directory, the role home page and /health/. Prints medians, p95 and the ratio to the floor, and
the number of queries per page, which must not grow with the size of the register.

    .venv/bin/python -m bench.pages --scale 2000 --requests 300
"""

from __future__ import annotations

import argparse
from functools import partial


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=500, help="establishments to seed")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    args = parser.parse_args(argv)

    from bench.harness import repeat, setup_django, throwaway_database

    setup_django()
    from django.db import connection
    from django.db.models import Count
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import path

    import labor_portal.urls
    from accounts.models import User
    from bench.support import sign_in_staff
    from employers import demo
    from employers.models import Establishment, Membership, Service

    def floor_view(request: object) -> HttpResponse:
        return HttpResponse("ok")

    class BenchUrls:
        urlpatterns = [path("bench-floor/", floor_view), *labor_portal.urls.urlpatterns]
        handler404 = labor_portal.urls.handler404
        handler500 = labor_portal.urls.handler500

    figures: dict[str, float] = {}
    with throwaway_database(), override_settings(ROOT_URLCONF=BenchUrls, DEBUG=False):
        demo.seed_establishments(count=args.scale)
        largest = Establishment.objects.annotate(n=Count("employees")).order_by("-n").first()
        assert largest is not None
        employer = User.objects.create(username="bench-employer", role=User.Role.EMPLOYER)
        Membership.objects.create(
            user=employer, establishment=largest, services=list(Service.values)
        )
        officer = User.objects.create(username="bench-officer", role=User.Role.OFFICER)

        employer_client = Client()
        employer_client.force_login(employer)
        session = employer_client.session
        session["_portal_auth_method"] = "idp"  # as after a national identity sign-in
        session.save()
        officer_client = Client()
        sign_in_staff(officer_client, officer)

        pages = {
            "floor (trivial view, full middleware)": (employer_client, "/bench-floor/"),
            "health": (employer_client, "/health/"),
            "employer home": (employer_client, "/ar/accounts/home/"),
            "workforce register (25 rows)": (
                employer_client,
                f"/ar/employer/{largest.pk}/workforce/",
            ),
            "staff directory (25 rows)": (officer_client, "/ar/staff/establishments/"),
        }
        timings = {}
        queries = {}
        for label, (client, url) in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries[label] = len(captured)
            timings[label] = repeat(label, partial(client.get, url), times=args.requests)

    floor = timings["floor (trivial view, full middleware)"].median
    print(f"pages at scale {args.scale} ({args.requests} requests each, in process, median / p95)")
    for label, timing in timings.items():
        ratio = timing.median / floor
        print(
            f"  {label:<40} {timing.median * 1000:7.2f} ms / {timing.p95 * 1000:7.2f} ms"
            f"  {ratio:5.1f} x floor  {queries[label]:3d} queries"
        )
        figures[f"{label} ms"] = timing.median * 1000
        figures[f"{label} ratio"] = ratio
        figures[f"{label} queries"] = float(queries[label])
    return figures


if __name__ == "__main__":
    main()
