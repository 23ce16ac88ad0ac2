"""Which client address is trusted: the socket, unless PROXY_COUNT says proxies stand in front."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.client_ip import client_ip
from core.models import AuditEvent


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "", "198.51.100.7"),
        (0, "198.51.100.7", "1.2.3.4", "198.51.100.7"),  # forged header ignored
        (1, "10.0.0.2", "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # client forged 1.2.3.4
        (2, "10.0.0.3", "1.2.3.4, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "10.0.0.2", "", "10.0.0.2"),  # a proxy that sent no header: the socket
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_reach_the_audit_trail(client, make_user):
    user = make_user()

    client.post(
        "/ar/accounts/sign-in/",
        {"username": user.username, "password": "Correct-Horse-Battery-9"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )

    assert AuditEvent.objects.get(action="accounts.login").ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_escape_the_lockout(client, make_user):
    user = make_user()
    for n in range(5):
        client.post(
            "/ar/accounts/sign-in/",
            {"username": user.username, "password": "wrong-password-x"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}",
        )

    response = client.post(
        "/ar/accounts/sign-in/",
        {"username": user.username, "password": "Correct-Horse-Battery-9"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="9.9.9.9",
    )

    assert response.status_code == 429
