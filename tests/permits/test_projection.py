"""The employer's Omanization projection counts the workers of pending and approved permits."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from permits.models import Permit
from tests.conftest import sign_in
from tests.factories import ForeignEmployeeFactory, OmaniEmployeeFactory
from tests.omanization.builders import activity, establishment, publish_rule_set
from tests.permits.builders import apply, representative

pytestmark = pytest.mark.django_db


def test_a_pending_application_tips_the_projection(client):
    # given: exactly at a 30% target (3 Omanis, 7 foreigners), and one application in the queue
    publish_rule_set(effective_from=datetime.date(2023, 1, 1), targets=[(None, "", None, "30")])
    shop = establishment(activity=activity("4711"))
    OmaniEmployeeFactory.create_batch(3, establishment=shop, monthly_salary=Decimal("600"))
    ForeignEmployeeFactory.create_batch(7, establishment=shop)
    user = representative(shop)
    pending = apply(shop, user, occupation_code="4110")  # reserved: waits for an officer
    assert pending.status == Permit.Status.SUBMITTED
    sign_in(client, user)
    on = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    # when
    response = client.get(
        "/en" + reverse("omanization:employer-projection", args=[shop.pk])[3:], {"on": on}
    )
    # then
    page = response.content.decode()
    assert "1 foreign worker of a pending or approved work permit is counted" in page
    assert "Not compliant" in page
