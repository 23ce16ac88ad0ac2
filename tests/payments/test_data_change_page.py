"""The employer's data-change page under a permit, as a browser without JavaScript uses it: the
form with the job now, the change waiting for its fee with its invoice, a refusal with its
translated reason that changes nothing, and another establishment's permit not found."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from payments.models import FeeType, Invoice
from permits.models import Permit, PermitDataChange
from permits.selectors import permit_rule_set_in_force
from tests.factories import EstablishmentFactory
from tests.payments.helpers import rules
from tests.permits.employer_helpers import signed_in
from tests.permits.factories import PermitFactory

pytestmark = pytest.mark.django_db


def _page(permit: Permit, language: str = "en") -> str:
    with translation.override(language):
        return reverse(
            "permits:employer-permit-data-change",
            kwargs={"establishment_id": permit.establishment_id, "permit_id": permit.pk},
        )


def _form(permit: Permit, **values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "occupation_code": permit.occupation_code,
        "job_level": permit.job_level,
        "monthly_salary": "450.000",
    }
    data.update(values)
    return data


def test_the_employer_changes_the_salary_and_sees_the_change_waiting_with_its_invoice(client):
    # given a valid permit and its establishment's representative, under "payable after approval"
    rules()
    permit = PermitFactory.create(monthly_salary=Decimal("250.000"))
    signed_in(client, permit.establishment)

    # when they open the page from the permit's page and post the form
    with translation.override("en"):
        detail = client.get(
            reverse(
                "permits:employer-permit",
                kwargs={"establishment_id": permit.establishment_id, "permit_id": permit.pk},
            )
        )
    assert _page(permit).encode() in detail.content
    page = client.get(_page(permit))
    assert page.status_code == 200
    assert b'value="250.000"' in page.content or b"250.000" in page.content
    response = client.post(_page(permit), _form(permit, monthly_salary="450.000"), follow=True)

    # then the change waits for its invoice, shown with its number, and the permit is unchanged
    change = PermitDataChange.objects.get(permit=permit)
    invoice = Invoice.objects.get(data_change=change)
    assert change.status == PermitDataChange.Status.AWAITING_PAYMENT
    assert invoice.fee_type == FeeType.DATA_CHANGE
    html = response.content.decode()
    assert 'id="waiting-change"' in html
    assert invoice.number in html
    assert "5.000" in html  # RO 5.000, the data change fee
    assert 'id="data-change-form"' not in html  # one change waits at a time
    permit.refresh_from_db()
    assert permit.monthly_salary == Decimal("250.000")


def test_the_page_is_in_arabic(client):
    rules()
    permit = PermitFactory.create()
    signed_in(client, permit.establishment)

    response = client.get(_page(permit, "ar"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ar"' in html
    assert "Request the change" not in html  # the button is translated


def test_a_change_the_checks_refuse_shows_the_reason_and_changes_nothing(client):
    # given a rule set that reserves occupation 2411 for Omanis
    rules()
    rule_set = permit_rule_set_in_force(on=timezone.localdate())
    type(rule_set).objects.filter(pk=rule_set.pk).update(reserved_occupations=["2411"])
    permit = PermitFactory.create(occupation_code="7411")
    signed_in(client, permit.establishment)

    # when the employer asks for that occupation
    response = client.post(_page(permit), _form(permit, occupation_code="2411"))

    # then the form answers again with the check's reason, and nothing is written
    assert response.status_code == 200
    assert "Occupation 2411 is reserved for Omanis." in response.content.decode()
    assert not PermitDataChange.objects.exists()
    assert not Invoice.objects.exists()
    permit.refresh_from_db()
    assert permit.occupation_code == "7411"


@pytest.mark.parametrize("salary", ["-5", "abc", "0"])
def test_a_salary_that_is_not_a_positive_amount_is_refused(client, salary):
    rules()
    permit = PermitFactory.create()
    signed_in(client, permit.establishment)

    response = client.post(_page(permit), _form(permit, monthly_salary=salary))

    assert response.status_code == 200
    assert "Enter the monthly salary in rials" in response.content.decode()
    assert not PermitDataChange.objects.exists()


def test_another_establishments_permit_is_not_found_and_not_changed(client):
    rules()
    permit = PermitFactory.create()
    other = EstablishmentFactory.create()
    signed_in(client, other)
    foreign = reverse(
        "permits:employer-permit-data-change",
        kwargs={"establishment_id": other.pk, "permit_id": permit.pk},
    )

    assert client.get(foreign).status_code == 404
    assert client.post(foreign, _form(permit)).status_code == 404
    assert not PermitDataChange.objects.exists()


def test_a_permit_that_is_not_valid_offers_no_form(client):
    rules()
    permit = PermitFactory.create(status=Permit.Status.CANCELLED)
    signed_in(client, permit.establishment)

    response = client.get(_page(permit))

    assert response.status_code == 200
    assert 'id="not-valid"' in response.content.decode()
    assert 'id="data-change-form"' not in response.content.decode()
