"""A worker sees the timeline of its own employment, and only its own."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in
from tests.employment.builders import omani_account, terminate
from tests.factories import EstablishmentFactory, OmaniEmployeeFactory, UserFactory
from tests.permits.builders import representative

pytestmark = pytest.mark.django_db


def test_a_worker_sees_its_termination_and_nobody_else_s(client):
    # given: two Omani workers terminated by two employers
    first_shop, second_shop = EstablishmentFactory.create_batch(2, name_en="Gulf Dunes LLC")
    mine = OmaniEmployeeFactory.create(establishment=first_shop)
    theirs = OmaniEmployeeFactory.create(establishment=second_shop)
    second_shop.name_en = "Other Employer SAOC"
    second_shop.save()
    me = omani_account(mine)
    terminate(mine, representative(first_shop))
    terminate(theirs, representative(second_shop), reason_code="end_of_contract")
    # when
    sign_in(client, me)
    page = client.get("/en/my/employment/").content.decode()
    # then
    assert "Termination" in page
    assert "Gulf Dunes LLC" in page
    assert "Other Employer SAOC" not in page


def test_a_person_without_a_civil_id_is_asked_to_prove_who_they_are(client):
    sign_in(client, UserFactory.create(civil_id=None))
    page = client.get("/en/my/employment/").content.decode()
    assert "Prove who you are" in page
    assert "Termination" not in page


def test_the_timeline_needs_a_sign_in(client):
    response = client.get("/en/my/employment/")
    assert response.status_code == 302
    assert "sign-in" in response["Location"]
