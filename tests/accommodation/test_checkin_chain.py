"""A check-in as the service worker sends it (a POST to a room's link asking for JSON) goes
through the portal's WSGI application to a short middleware chain (labor_portal.handlers); it
answers every kind of caller as the full chain does: the same status, redirect and security
headers for a worker, a visitor not signed in, a missing CSRF token, an idle session, staff
without their second factor and a Sanad clerk."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accommodation import services, tokens
from accommodation.models import CheckIn
from accounts.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from accounts.models import User
from labor_portal.handlers import CHECKIN_SKIPPED, application_for, checkin_middleware
from tests.accommodation.helpers import operator_with_user, person, room, site_with_rooms
from tests.conftest import sign_in
from tests.factories import ForeignEmployeeFactory, UserFactory
from tests.workstatus.conftest import green_worker
from tests.wsgi import wsgi_call
from workstatus.models import WorkerStatus
from workstatus.services import recompute_all

pytestmark = pytest.mark.django_db

CSRF = "a" * 32  # the CSRF cookie's secret, sent back in the header as the service worker does
# headers that differ between any two requests, whichever chain serves them
PER_REQUEST = {"x-request-id", "content-length"}


def _link(site: Any, number: str = "101", language: str = "ar") -> str:
    r = room(site, number)
    with translation.override(language):
        return reverse(
            "accommodation:check-in", args=[tokens.room_token(room_id=r.pk, site_id=site.pk)]
        )


def _call(
    application: Any,
    path: str,
    *,
    session: str | None,
    csrf: bool = True,
    accept: str = "application/json",
    method: str = "POST",
) -> tuple[str, dict[str, str]]:
    """A request as gunicorn hands it to the WSGI application; (status, headers)."""
    body = f"client_id={uuid.uuid4()}".encode()
    cookies = [f"csrftoken={CSRF}"] + ([f"sessionid={session}"] if session else [])
    headers = {"Accept": accept, "Cookie": "; ".join(cookies)}
    if csrf:
        headers["X-CSRFToken"] = CSRF
    status, response_headers = wsgi_call(
        application,
        path,
        body=body,
        content_type="application/x-www-form-urlencoded",
        method=method,
        headers=headers,
    )
    answer = {
        name.lower(): value for name, value in response_headers if name.lower() != "set-cookie"
    }
    cookies = sorted(
        v.split("=")[0] for name, v in response_headers if name.lower() == "set-cookie"
    )
    answer["set-cookie (names)"] = " ".join(cookies)
    return status, answer


def _comparable(headers: dict[str, str]) -> dict[str, str]:
    kept = {k: v for k, v in headers.items() if k not in PER_REQUEST}
    if "content-security-policy" in kept:  # a page's nonce is new on every request
        kept["content-security-policy"] = re.sub(
            r"'nonce-[^']+'", "'nonce-*'", kept["content-security-policy"]
        )
    return kept


def _session_of(user: User, **values: Any) -> str:
    client = sign_in(Client(), user)
    if values:
        session = client.session
        session.update(values)
        session.save()
    return client.cookies["sessionid"].value


@pytest.fixture
def home():
    operator, _user = operator_with_user()
    site = site_with_rooms(operator)
    worker = ForeignEmployeeFactory.create(civil_id="72400001")
    services.declaration_save(employee=worker, room=room(site), declared_by=UserFactory.create())
    return {"site": site, "worker": worker, "person": person("72400001")}


def _caller(kind: str, home: dict[str, Any]) -> dict[str, Any]:
    if kind == "worker":
        return {"session": _session_of(home["person"])}
    if kind == "visitor":
        return {"session": None}
    if kind == "no-csrf":
        return {"session": _session_of(home["person"]), "csrf": False}
    if kind == "idle-session":
        long_ago = time.time() - 3 * 60 * 60
        clocks = {SESSION_STARTED_KEY: long_ago, SESSION_SEEN_KEY: long_ago}
        return {"session": _session_of(home["person"], **clocks)}
    if kind == "staff-without-second-factor":
        officer = UserFactory.create(role=User.Role.OFFICER)
        return {"session": _session_of(officer, _portal_auth_method="password")}
    if kind == "sanad-clerk":
        clerk = UserFactory.create(role=User.Role.SANAD_CLERK)
        return {"session": _session_of(clerk)}
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("worker", "200 OK"),
        ("visitor", "302 Found"),
        ("no-csrf", "403 Forbidden"),
        ("idle-session", "302 Found"),
        ("staff-without-second-factor", "302 Found"),
        ("sanad-clerk", "403 Forbidden"),
    ],
)
def test_the_short_chain_answers_every_caller_as_the_full_chain_does(home, kind, expected):
    # given the portal's full chain, and the application that sends JSON check-ins to the short
    full = WSGIHandler()
    application = application_for(full)
    path = _link(home["site"])

    # when the same caller posts a check-in through each (a fresh session for each, as an
    # idle one is ended by the first)
    full_status, full_headers = _call(full, path, **_caller(kind, home))
    short_status, short_headers = _call(application, path, **_caller(kind, home))

    # then the same answer: status, redirect, security and cache headers, cookies set
    assert (short_status, full_status) == (expected, expected)
    assert _comparable(short_headers) == _comparable(full_headers)
    if kind == "worker":
        assert "content-security-policy" in short_headers
        assert short_headers["x-frame-options"] == "DENY"
        assert "no-store" in short_headers["cache-control"]
        assert CheckIn.objects.filter(employee=home["worker"]).count() == 2


def test_the_short_chain_is_the_portal_chain_less_what_does_nothing_for_a_check_in(settings):
    chain = checkin_middleware()

    assert [m for m in settings.MIDDLEWARE if m not in chain] == [
        m for m in settings.MIDDLEWARE if m in CHECKIN_SKIPPED
    ]
    for kept in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "accounts.middleware.SessionLifetimeMiddleware",
        "accounts.middleware.StaffSecondFactorMiddleware",
        "sanad.middleware.SanadDelegationMiddleware",
        "core.middleware.PortalLocaleMiddleware",
        "csp.middleware.CSPMiddleware",
    ):
        assert kept in chain


@pytest.mark.parametrize("language", ["ar", "en", "ur", "hi"])
def test_only_a_json_post_to_a_room_link_takes_the_short_chain(home, language):
    from labor_portal.handlers import is_json_checkin

    def environ(path: str, method: str = "POST", accept: str = "application/json") -> dict:
        return {"PATH_INFO": path, "REQUEST_METHOD": method, "HTTP_ACCEPT": accept}

    link = _link(home["site"], language=language)
    with translation.override(language):
        others = [
            reverse("accommodation:check-in-home"),
            reverse("accommodation:check-in-sw"),
            reverse("accommodation:check-in-manifest"),
            reverse("accommodation:exit-pass"),
        ]

    assert is_json_checkin(environ(link))
    assert not is_json_checkin(environ(link, method="GET"))
    assert not is_json_checkin(environ(link, accept="text/html"))  # the page's own form
    assert not any(is_json_checkin(environ(path)) for path in others)
    assert not is_json_checkin(environ("/fr" + link[3:]))


def test_a_json_check_in_in_the_declared_room_turns_residency_green(
    django_capture_on_commit_callbacks,
):
    # given a worker whose code is green, declared in a room, checked in elsewhere (red)
    operator, _user = operator_with_user()
    site = site_with_rooms(operator)
    worker = green_worker(civil_id="72400002")
    recompute_all()
    with django_capture_on_commit_callbacks(execute=True):
        services.declaration_save(
            employee=worker, room=room(site, "101"), declared_by=UserFactory.create()
        )
    session = _session_of(person("72400002"))
    application = application_for(WSGIHandler())
    with django_capture_on_commit_callbacks(execute=True):
        _call(application, _link(site, "103"), session=session)
    assert WorkerStatus.objects.get(employee_id=worker.pk).residency == "red"

    # when the phone checks in at the declared room through the short chain
    with django_capture_on_commit_callbacks(execute=True):
        status, _headers = _call(application, _link(site, "101"), session=session)

    # then the incremental recompute the check-in queued turns residency green
    assert status == "200 OK"
    assert WorkerStatus.objects.get(employee_id=worker.pk).residency == "green"
