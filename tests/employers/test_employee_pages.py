"""Adding, changing and ending the contract of one employee, as a browser without JavaScript
posts the forms; who may reach the workforce pages; their accessibility basics."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from accounts.models import User
from core.models import AuditEvent
from employers.models import Employee
from tests.conftest import sign_in, sign_in_staff
from tests.employers.conftest import foreign_row, row
from tests.factories import EmployeeFactory, WorkforceImportFactory
from tests.test_accessibility import _assert_accessible

pytestmark = pytest.mark.django_db


def _add_url(establishment) -> str:
    return f"/en/employer/{establishment.pk}/workforce/add/"


class TestAdd:
    def test_a_valid_form_adds_the_employee_and_is_audited(
        self, employer_client, establishment, employer_user
    ):
        response = employer_client.post(_add_url(establishment), row(civil_id="٩١٢٣٤٥٦٧"))

        employee = Employee.objects.get(establishment=establishment)
        assert response.status_code == 302
        assert response["Location"].endswith(f"/workforce/{employee.pk}/")
        assert employee.civil_id == "91234567"
        assert employee.monthly_salary == Decimal("1500.500")
        event = AuditEvent.objects.get(action="employers.employee_added")
        assert event.actor == employer_user
        assert event.after["civil_id"] == "91234567"

    def test_problems_are_listed_and_nothing_is_saved(self, employer_client, establishment):
        response = employer_client.post(
            _add_url(establishment),
            row(civil_id="", name_ar="Salim", name_en="سالم", contract_start="31/02/2025"),
        )

        body = response.content.decode()
        assert response.status_code == 200
        assert 'id="error-summary"' in body
        assert "An Omani employee (nationality OMN) needs a civil ID number." in body
        assert "Salim is not written in Arabic letters" in body
        assert "سالم is not written in Latin letters" in body
        assert "31/02/2025 is not a date (use YYYY-MM-DD or DD/MM/YYYY)." in body
        assert 'href="#id_civil_id"' in body
        assert not Employee.objects.exists()

    def test_a_civil_id_already_on_the_register_is_refused(self, employer_client, establishment):
        EmployeeFactory(
            establishment=establishment, civil_id="12345678", nationality="OMN", name_en="Holder"
        )

        response = employer_client.post(_add_url(establishment), row())

        assert "Holder already has the civil ID 12345678 on this register." in (
            response.content.decode()
        )
        assert Employee.objects.count() == 1

    def test_the_form_page_offers_the_occupations(self, employer_client, establishment):
        body = employer_client.get(_add_url(establishment)).content.decode()

        assert '<datalist id="isco-unit-groups">' in body
        assert '<option value="7411">' in body
        assert '<option value="OMN">' in body


class TestEditAndEnd:
    def test_editing_saves_and_audits_before_and_after(self, employer_client, establishment):
        employee = EmployeeFactory(establishment=establishment, passport_number="K1234567")
        url = f"/en/employer/{establishment.pk}/workforce/{employee.pk}/edit/"
        assert 'value="K1234567"' in employer_client.get(url).content.decode()

        response = employer_client.post(url, foreign_row(monthly_salary="300.750"))

        assert response.status_code == 302
        employee.refresh_from_db()
        assert employee.monthly_salary == Decimal("300.750")
        assert employee.name_en == "Rajesh Kumar"
        event = AuditEvent.objects.get(action="employers.employee_changed")
        assert event.before["monthly_salary"] == "250.000"
        assert event.after["monthly_salary"] == "300.750"

    def test_ending_a_contract_sets_its_last_day(self, employer_client, establishment):
        employee = EmployeeFactory(establishment=establishment)
        url = f"/en/employer/{establishment.pk}/workforce/{employee.pk}/end-contract/"

        response = employer_client.post(url, {"contract_end": "30/06/2025"})

        assert response.status_code == 302
        employee.refresh_from_db()
        assert employee.contract_end == datetime.date(2025, 6, 30)
        assert AuditEvent.objects.get(action="employers.employee_contract_ended").after == {
            "contract_end": "2025-06-30"
        }

    def test_a_contract_cannot_end_before_it_starts(self, employer_client, establishment):
        employee = EmployeeFactory(establishment=establishment)
        url = f"/en/employer/{establishment.pk}/workforce/{employee.pk}/end-contract/"

        response = employer_client.post(url, {"contract_end": "2023-12-31"})

        assert "The contract cannot end (2023-12-31) before it starts (2024-01-01)." in (
            response.content.decode()
        )
        employee.refresh_from_db()
        assert employee.contract_end is None


@pytest.mark.parametrize("role", [User.Role.JOBSEEKER, User.Role.OFFICER])
@pytest.mark.parametrize(
    "suffix", ["workforce/add/", "workforce/imports/new/", "workforce/export.csv"]
)
def test_other_roles_are_refused_the_employer_pages(client, make_user, establishment, role, suffix):
    user = make_user(role)
    if user.is_ministry_staff:
        sign_in_staff(client, user)
    else:
        sign_in(client, user)

    response = client.get(f"/en/employer/{establishment.pk}/{suffix}")

    assert response.status_code == 403


@pytest.mark.parametrize("suffix", ["", "workforce.csv", "workforce.xlsx"])
def test_employers_are_refused_the_staff_pages(employer_client, establishment, suffix):
    response = employer_client.get(f"/en/staff/establishments/{establishment.pk}/{suffix}")

    assert response.status_code == 403


def test_the_new_pages_meet_the_accessibility_basics(employer_client, establishment):
    employee = EmployeeFactory(establishment=establishment)
    done = WorkforceImportFactory(establishment=establishment)
    base = f"/ar/employer/{establishment.pk}/workforce"
    for path in [
        f"{base}/add/",
        f"{base}/{employee.pk}/edit/",
        f"{base}/{employee.pk}/end-contract/",
        f"{base}/imports/",
        f"{base}/imports/new/",
        f"{base}/imports/{done.pk}/",
        f"/en/employer/{establishment.pk}/",
    ]:
        response = employer_client.get(path)
        assert response.status_code == 200, path
        _assert_accessible(path, response.content.decode())


def test_the_page_links_of_a_search_keep_its_words_whole(employer_client, establishment):
    """A search with & or # used to be pasted raw into the next page's link, cutting it."""
    from tests.factories import EmployeeFactory

    for n in range(30):
        EmployeeFactory.create(establishment=establishment, name_en=f"Tom & Jerry {n}")

    page = employer_client.get(
        f"/en/employer/{establishment.pk}/workforce/", {"q": "Tom & Jerry"}
    ).content.decode()

    assert "q=Tom+%26+Jerry&amp;page=2" in page
