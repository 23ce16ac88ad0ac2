"""An absconding report's salary evidence is checked against the wage-protection salary file:
months the employer says were paid but the file shows unpaid flag the report for the officer."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from employment.models import AbscondingReport, WageProtectionLine
from tests.conftest import sign_in_staff
from tests.employment.builders import (
    foreign_worker,
    muscat,
    officer,
    report_absconding,
    representative,
)
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def salary_line(employee, month: datetime.date, outcome: str) -> WageProtectionLine:
    paid = outcome != WageProtectionLine.Outcome.UNPAID
    return WageProtectionLine.objects.create(
        establishment=employee.establishment,
        month=month,
        employee=employee,
        civil_id=employee.civil_id or employee.passport_number,
        salary_due=Decimal("300"),
        salary_paid=Decimal("300") if paid else Decimal("0"),
        paid_on=month + datetime.timedelta(days=35) if paid else None,
        outcome=outcome,
    )


@time_machine.travel(muscat(2026, 3, 15, 9), tick=False)
def test_a_report_for_a_worker_whose_salary_went_unpaid_is_flagged_with_the_reason(client):
    # given January paid and February unpaid in the salary file
    shop = EstablishmentFactory.create()
    employee, _permit = foreign_worker(shop)
    salary_line(employee, datetime.date(2026, 1, 1), WageProtectionLine.Outcome.PAID)
    salary_line(employee, datetime.date(2026, 2, 1), WageProtectionLine.Outcome.UNPAID)
    # when the employer says the salary was paid up to 1 March
    report = report_absconding(
        employee,
        representative(shop),
        last_seen_on=datetime.date(2026, 3, 8),
        salary_paid_until=datetime.date(2026, 3, 1),
    )
    # then the report is filed, flagged with the unpaid month, and the officer reads why
    assert report.status == AbscondingReport.Status.FILED
    assert report.salary_unpaid_months == [datetime.date(2026, 2, 1)]
    sign_in_staff(client, officer())
    with translation.override("en"):
        page = client.get(
            reverse("employment:staff-case", args=["absconding", report.pk]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert page.status_code == 200
    assert b'id="salary-flag"' in page.content
    assert b"2026-02-01" in page.content


@time_machine.travel(muscat(2026, 3, 15, 9), tick=False)
def test_a_report_whose_salary_file_shows_it_paid_is_not_flagged(client):
    shop = EstablishmentFactory.create()
    employee, _permit = foreign_worker(shop)
    salary_line(employee, datetime.date(2026, 2, 1), WageProtectionLine.Outcome.LATE)
    # an unpaid month after the date the employer claims is not the employer's claim
    salary_line(employee, datetime.date(2026, 4, 1), WageProtectionLine.Outcome.UNPAID)
    report = report_absconding(
        employee,
        representative(shop),
        last_seen_on=datetime.date(2026, 3, 8),
        salary_paid_until=datetime.date(2026, 3, 1),
    )
    assert report.salary_unpaid_months == []
    sign_in_staff(client, officer())
    page = client.get(reverse("employment:staff-case", args=["absconding", report.pk]))
    assert b'id="salary-flag"' not in page.content
