"""Twenty clerks behind one address: one clerk's wrong passwords never lock out the others
(django-axes locks the username and address together, RELIABILITY AU-2)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
CENTRE_ADDRESS = "10.20.30.40"


def _sign_in(username: str, password: str) -> int:
    client = Client(REMOTE_ADDR=CENTRE_ADDRESS)
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code


def test_one_clerks_wrong_passwords_never_lock_out_the_other_nineteen(settings):
    settings.AXES_FAILURE_LIMIT = 5
    clerks = [UserFactory.create(role=User.Role.SANAD_CLERK) for _ in range(20)]
    careless = clerks[0]

    # one clerk mistypes ten times from the centre's address, and is locked out
    answers = [_sign_in(careless.username, "wrong-password-123") for _ in range(10)]
    assert answers[-1] == 429

    # every other clerk behind the same address still signs in
    for other in clerks[1:]:
        assert _sign_in(other.username, TEST_PASSWORD) == 302, other.username
    # and the careless clerk is still locked (the lock is theirs alone)
    assert _sign_in(careless.username, TEST_PASSWORD) == 429
