"""The passport directorate reports a departure: the worker's contract and permit end, once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.api_keys import api_client_create
from core.models import AuditEvent
from employers.models import Employee
from permits.models import Permit
from tests.factories import EmployeeFactory, EstablishmentFactory
from tests.permits.factories import PermitFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/g2g/departures/"


@pytest.fixture
def key() -> str:
    return api_client_create(name="ROP departures", scopes=["departures:write"]).key


def post(client, key: str, **body: object):
    return client.post(
        URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Api-Key {key}"
    )


def worker_with_permit():
    shop = EstablishmentFactory.create()
    permit = PermitFactory.create(
        status=Permit.Status.ACTIVE, establishment=shop, passport_number="M1234567"
    )
    employee = EmployeeFactory.create(
        establishment=shop,
        nationality="IND",
        passport_number="M1234567",
        civil_id=None,
        contract_end=None,
    )
    return permit, employee


def test_a_departure_ends_the_permit_and_the_contract_and_a_repeat_changes_nothing(client, key):
    # given
    permit, employee = worker_with_permit()
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    body = {
        "nationality": "IND",
        "passport_number": "M1234567",
        "departed_on": yesterday,
        "reference": "DEP-1",
    }
    # when
    first = post(client, key, **body)
    again = post(client, key, **body)
    # then
    assert first.status_code == 200
    assert first.json() == {
        "permits_ended": [permit.number],
        "contracts_ended": 1,
        "already_recorded": False,
    }
    assert again.json()["already_recorded"] is True
    assert Permit.objects.get(pk=permit.pk).status == Permit.Status.CANCELLED
    assert Employee.objects.get(pk=employee.pk).contract_end.isoformat() == yesterday
    assert AuditEvent.objects.filter(action="employment.departure_recorded").count() == 2


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"nationality": "IND", "passport_number": "M1234567", "departed_on": "2999-01-01"}, 409),
        ({"nationality": "IND", "passport_number": "ZZ999999", "departed_on": "2026-01-01"}, 404),
        ({"nationality": "INDIA", "passport_number": "M1234567", "departed_on": "2026-01-01"}, 400),
        ({"nationality": "IND", "passport_number": "M1234567", "departed_on": "yesterday"}, 400),
    ],
    ids=["future", "unknown-worker", "bad-nationality", "bad-date"],
)
def test_a_refused_departure_changes_nothing(client, key, body, status):
    permit, employee = worker_with_permit()
    response = post(client, key, reference="DEP-2", **body)
    assert response.status_code == status
    assert Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE
    assert Employee.objects.get(pk=employee.pk).contract_end is None


def test_a_key_without_the_scope_is_refused(client):
    other = api_client_create(name="Tender board", scopes=["omanization:read"]).key
    response = post(client, other, nationality="IND", passport_number="M1234567")
    assert response.status_code == 403
