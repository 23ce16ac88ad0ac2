"""Public endpoints have a per-address limit, and liveness is a check that asks nothing of the
database, cache or broker (issue 17, finding 9)."""

from __future__ import annotations

import pytest

from accounts.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 5
    return 5


def test_an_address_over_the_limit_is_told_to_wait_and_nothing_runs(client, limit):
    for _ in range(limit):
        assert client.get("/ar/vacancies/", REMOTE_ADDR="198.51.100.7").status_code == 200

    response = client.get("/ar/vacancies/", REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "طلبات كثيرة" in response.content.decode()


def test_the_sign_in_form_is_limited_too(client, limit):
    for _ in range(limit):
        client.post(
            "/ar/accounts/sms-sign-in/", {"civil_id": "12345678"}, REMOTE_ADDR="198.51.100.8"
        )

    response = client.post(
        "/ar/accounts/sms-sign-in/", {"civil_id": "12345678"}, REMOTE_ADDR="198.51.100.8"
    )

    assert response.status_code == 429


def test_other_addresses_and_signed_in_people_are_not_held_by_it(client, make_user, limit):
    for _ in range(limit + 1):
        client.get("/ar/vacancies/", REMOTE_ADDR="198.51.100.9")

    assert client.get("/ar/vacancies/", REMOTE_ADDR="198.51.100.10").status_code == 200
    sign_in(client, make_user(User.Role.JOBSEEKER))
    assert client.get("/ar/vacancies/", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_health_probes_are_never_limited(client, limit):
    for _ in range(limit + 3):
        assert client.get("/health/live/", REMOTE_ADDR="198.51.100.11").status_code == 200


def test_liveness_asks_nothing_of_the_database_cache_or_broker(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
