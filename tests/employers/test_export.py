"""Export of the workforce register (CSV and Excel) for employers and staff."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from core.models import AuditEvent
from employers.models import Employee, WorkforceImport
from employers.validators import COLUMNS
from tests.conftest import sign_in_staff
from tests.factories import EmployeeFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(establishment):
    """Two employees of the establishment, and a canary at another establishment."""
    EmployeeFactory(
        establishment=establishment,
        civil_id="12345678",
        passport_number=None,
        nationality="OMN",
        name_en="Fatma Al Busaidi",
        name_ar="فاطمة البوسعيدي",
        monthly_salary=Decimal("800.250"),
        has_disability=True,
        contract_end=datetime.date(2027, 1, 31),
    )
    EmployeeFactory(establishment=establishment, name_en="Anil Nair", is_full_time=False)
    EmployeeFactory(establishment=EstablishmentFactory(), name_en="CANARY Other Worker")


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads the Arabic names as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def test_csv_export_holds_this_establishments_register_only(
    employer_client, establishment, register
):
    response = employer_client.get(f"/en/employer/{establishment.pk}/workforce/export.csv")

    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert (
        f'filename="workforce-{establishment.cr_number}-{today}.csv"'
        in response["Content-Disposition"]
    )
    rows = _csv_rows(response)
    assert rows[0] == list(COLUMNS)
    assert [r[COLUMNS.index("name_en")] for r in rows[1:]] == ["Anil Nair", "Fatma Al Busaidi"]
    fatma = dict(zip(COLUMNS, rows[2], strict=True))
    assert fatma["civil_id"] == "12345678"
    assert fatma["name_ar"] == "فاطمة البوسعيدي"
    assert fatma["monthly_salary"] == "800.250"
    assert (fatma["working_time"], fatma["disability"]) == ("full", "yes")
    assert fatma["contract_end"] == "2027-01-31"
    assert "CANARY" not in str(rows)


def test_xlsx_export_holds_this_establishments_register_only(
    employer_client, establishment, register
):
    response = employer_client.get(f"/en/employer/{establishment.pk}/workforce/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"workforce-{establishment.cr_number}-" in response["Content-Disposition"]
    rows = _xlsx_rows(response)
    assert list(rows[0]) == list(COLUMNS)
    assert [r[COLUMNS.index("name_en")] for r in rows[1:]] == ["Anil Nair", "Fatma Al Busaidi"]
    assert rows[2][COLUMNS.index("civil_id")] == "12345678"  # text: no leading zero is lost
    assert "CANARY" not in str(rows)


def test_export_is_audited(employer_client, establishment, employer_user, register):
    employer_client.get(f"/en/employer/{establishment.pk}/workforce/export.csv")

    event = AuditEvent.objects.get(action="employers.workforce_exported")
    assert event.actor == employer_user
    assert event.after == {"format": "csv"}


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_imports_again_unchanged(
    employer_client, establishment, register, upload, extension
):
    # given the register as the employer downloaded it
    response = employer_client.get(f"/en/employer/{establishment.pk}/workforce/export.{extension}")
    content = b"".join(response.streaming_content)
    before = list(Employee.objects.filter(establishment=establishment).values().order_by("id"))

    # when the file is imported again
    upload(content, name=f"register.{extension}")

    # then every row matches someone and nothing changes
    imported = WorkforceImport.objects.get()
    assert (imported.created_count, imported.updated_count, imported.rejected_count) == (0, 0, 0)
    assert imported.unchanged_count == 2
    after = list(Employee.objects.filter(establishment=establishment).values().order_by("id"))
    ignore = {"updated_at"}
    assert [{k: v for k, v in e.items() if k not in ignore} for e in after] == [
        {k: v for k, v in e.items() if k not in ignore} for e in before
    ]


def test_a_formula_in_a_legacy_value_is_exported_as_text(employer_client, establishment):
    EmployeeFactory(establishment=establishment, name_en="=HYPERLINK(1)")

    rows = _csv_rows(employer_client.get(f"/en/employer/{establishment.pk}/workforce/export.csv"))

    assert rows[1][COLUMNS.index("name_en")] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_templates_have_the_header_and_an_example_that_imports(
    employer_client, establishment, upload, extension
):
    response = employer_client.get(
        f"/en/employer/{establishment.pk}/workforce/template.{extension}"
    )
    content = response.getvalue()

    assert response.status_code == 200
    upload(content, name=f"template.{extension}")
    assert WorkforceImport.objects.get().created_count == 1


def test_staff_export_any_establishment(client, make_user, establishment, register):
    sign_in_staff(client, make_user(User.Role.INSPECTOR))

    response = client.get(f"/en/staff/establishments/{establishment.pk}/workforce.csv")

    rows = _csv_rows(response)
    assert len(rows) == 3
    assert "CANARY" not in str(rows)
    assert AuditEvent.objects.filter(
        action="employers.workforce_exported", object_id=str(establishment.pk)
    ).exists()


def test_staff_page_shows_a_searchable_paginated_register(
    client, make_user, establishment, register
):
    for _n in range(30):
        EmployeeFactory(establishment=establishment)
    sign_in_staff(client, make_user(User.Role.OFFICER))
    url = f"/en/staff/establishments/{establishment.pk}/"

    first = client.get(url).content.decode()
    found = client.get(url, {"q": "12345678"}).content.decode()

    assert "32 people" in first
    assert "Page 1 of 2" in first
    assert "workforce.xlsx" in first
    assert "Fatma Al Busaidi" in found
    assert "Anil Nair" not in found
    assert "CANARY" not in first
