"""The health ministry's medical fitness results feed the worker's status on the permit pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from integrations.models import MedicalFitnessResult
from permits.models import Permit
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory

pytestmark = pytest.mark.django_db


def test_the_latest_result_shows_on_the_employer_s_and_the_officer_s_permit_pages(client):
    shop = EstablishmentFactory.create()
    permit = PermitFactory.create(
        status=Permit.Status.ACTIVE,
        establishment=shop,
        nationality="IND",
        passport_number="M1234567",
    )
    sign_in(client, representative(shop))
    url = f"/en/employer/{shop.pk}/permits/{permit.pk}/"
    assert "No result received from the Ministry of Health yet." in client.get(url).content.decode()
    for day, result in ((1, "fit"), (40, "unfit")):
        MedicalFitnessResult.objects.create(
            reference=f"MOH-{day}",
            nationality="IND",
            passport_number="M1234567",
            person_name="Worker",
            result=result,
            examined_on=datetime.date(2026, 1, day) if day < 32 else datetime.date(2026, 2, 9),
            source_version=1,
            synced_at=timezone.now(),
        )
    page = client.get(url).content.decode()
    assert "Unfit" in page
    assert "2026-02-09" in page
    sign_in_staff(client, UserFactory.create(role=User.Role.OFFICER))
    assert "Unfit" in client.get(f"/en/staff/permits/{permit.pk}/").content.decode()
