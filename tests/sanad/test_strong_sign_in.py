"""A Sanad clerk works only on a strong sign-in, and at the counter proves a person's binding
act with a code to the person's civil registry mobile, never by signing in as them."""

from __future__ import annotations

import pytest
from django.test import Client

from sanad.middleware import SESSION_KEY
from sanad.models import Scope
from tests.conftest import sign_in
from tests.sanad.helpers import active_consent, clerk, delegate, person

pytestmark = pytest.mark.django_db


def test_a_clerk_with_a_password_alone_does_not_open_the_counter(client):
    sign_in(client, clerk(civil_id="90000009"), method="password")

    response = client.get("/ar/sanad/start/")

    assert response.status_code == 302
    assert "/accounts/two-factor/" in response["Location"]


def test_a_clerk_with_a_password_alone_does_not_act_for_a_person(client):
    at_counter = clerk(civil_id="90000009")
    someone = person()
    consent = active_consent(at_counter, someone, [Scope.EMPLOYMENT])
    sign_in(client, at_counter, method="password")
    session = client.session
    session[SESSION_KEY] = consent.pk
    session.save()

    response = client.get("/ar/my/employment/")

    assert response.status_code == 302
    assert "/accounts/two-factor/" in response["Location"]


def test_at_the_counter_the_proof_page_offers_only_the_registry_code(client):
    at_counter = clerk(civil_id="90000009")
    someone = person()
    delegate(client, at_counter, active_consent(at_counter, someone, [Scope.EMPLOYMENT]))

    page = client.get("/en/accounts/prove/?act=resign").content.decode()
    own = Client()
    sign_in(own, someone)
    own_page = own.get("/en/accounts/prove/?act=resign").content.decode()

    assert 'value="idp"' not in page
    assert 'value="idp"' in own_page
    refused = client.post("/en/accounts/prove/", {"method": "idp", "next": "/en/my/employment/"})
    assert refused.status_code != 302 or "national-id" not in refused.get("Location", "")
