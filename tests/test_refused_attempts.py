"""Issue 17, finding 3: anonymous refused calls are limited by address and counted, so they can
neither run without limit nor grow the append-only audit trail one row each."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from accounts.api_keys import api_client_create
from accounts.models import RefusedAttempt
from core.models import AuditEvent
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_minute():
    """Counts are per minute: the calls of a test fall in one minute, whenever it runs."""
    with time_machine.travel("2026-12-06 10:00:05+00:00", tick=False):
        yield


def _g2g(client, key: str | None):
    shop = EstablishmentFactory.create()
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"} if key else {}
    return client.get(reverse("api-g2g-workforce-summary", args=[shop.cr_number]), **headers)


def test_an_address_scanning_keys_is_stopped_and_then_even_a_good_key_waits(client, settings):
    settings.G2G_REFUSED_PER_MINUTE = 5
    good = api_client_create(name="Tender Board", scopes=["establishments:read"]).key

    answers = [_g2g(client, f"{'0' * 12}.{str(n) * 43}"[:56]).status_code for n in range(8)]

    assert answers == [401] * 5 + [429] * 3
    assert _g2g(client, good).status_code == 429  # this address waits out the minute
    assert sum(RefusedAttempt.objects.values_list("count", flat=True)) == 5
    assert RefusedAttempt.objects.count() == 1  # one row, counted


def test_a_thousand_refused_calls_write_one_row(client, settings):
    settings.G2G_REFUSED_PER_MINUTE = 0  # no limit: only the counting is under test
    for _ in range(50):
        _g2g(client, None)

    row = RefusedAttempt.objects.get()
    assert (row.kind, row.key, row.count) == ("g2g", "missing", 50)
    assert not AuditEvent.objects.filter(action="api.g2g_refused").exists()


def test_sign_ins_with_rotating_unknown_usernames_are_counted_not_audited(client):
    person = UserFactory.create(username="known-person")
    for n in range(20):
        client.post("/en/accounts/sign-in/", {"username": f"guess-{n}", "password": "x"})
    client.post("/en/accounts/sign-in/", {"username": person.username, "password": "wrong"})

    unknown = RefusedAttempt.objects.get(kind=RefusedAttempt.Kind.SIGN_IN)
    assert unknown.count == 20
    assert unknown.key == ""  # the usernames typed are not kept
    assert AuditEvent.objects.filter(action="accounts.login_failed").count() == 1
    assert AuditEvent.objects.get(action="accounts.login_failed").subject == person
