"""Security headers on every page, no caching of signed-in pages, no network beyond loopback."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketConnectBlockedError

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_pages_send_the_security_headers(client):
    response = client.get("/ar/")

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_stored(client, make_user):
    sign_in(client, make_user())

    response = client.get("/ar/accounts/home/")

    assert "no-store" in response["Cache-Control"]


def test_session_and_csrf_cookies_are_http_only(client, make_user):
    user = make_user()
    response = client.post(
        "/ar/accounts/sign-in/", {"username": user.username, "password": "Correct-Horse-Battery-9"}
    )

    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def test_tests_cannot_reach_the_internet():
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 443), timeout=1)


def test_metrics_answer_a_scraper_on_this_machine(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_metrics_do_not_answer_a_private_network_or_the_proxy(client, settings):
    # behind the reverse proxy every visitor arrives from the proxy's address, often loopback or
    # a private one: neither is a scraper's credential (issue 17, finding 1)
    settings.PROXY_COUNT = 1
    assert client.get("/metrics", REMOTE_ADDR="10.2.3.4").status_code == 404
    assert (
        client.get(
            "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1"
        ).status_code
        == 404
    )


def test_metrics_answer_a_scraper_with_the_bearer_token(client, settings):
    settings.METRICS_BEARER_TOKEN = "scrape-" + "k" * 32
    remote = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    good = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-" + "k" * 32, **remote)
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-" + "x" * 32, **remote)
    assert good.status_code == 200
    assert b"django_http_requests_total_by_method_total" in good.content
    assert wrong.status_code == 404
