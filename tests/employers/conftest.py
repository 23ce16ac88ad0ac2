"""Fixtures for the workforce register tests: private files in a temporary folder, the ISCO-08
unit groups the rows use, a signed-in representative, and workforce files built in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import Workbook

from accounts.models import User
from employers.models import Establishment
from employers.validators import COLUMNS
from taxonomy.models import Occupation
from tests.conftest import sign_in

UNIT_GROUPS = ("1120", "2411", "7112", "7411")


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path: Path) -> Path:
    """Uploaded files go to this test's own folder, never to .data/private."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture(autouse=True)
def unit_groups(db: None) -> None:
    """The unit groups used below exist whatever the shipped ISCO-08 file holds."""
    for code in UNIT_GROUPS:
        Occupation.objects.get_or_create(
            code=code,
            defaults={"level": 4, "title_en": f"Occupation {code}", "title_ar": f"مهنة {code}"},
        )


@pytest.fixture
def employer_client(client: Client, employer_user: User) -> Client:
    sign_in(client, employer_user)
    return client


def row(**overrides: str) -> dict[str, str]:
    """A good Omani row; override columns to make it foreign or wrong."""
    values = {
        "civil_id": "12345678",
        "passport_number": "",
        "nationality": "OMN",
        "name_ar": "سالم بن خالد الحارثي",
        "name_en": "Salim bin Khalid Al Harthy",
        "occupation_code": "1120",
        "job_level": "1",
        "monthly_salary": "1500.500",
        "working_time": "full",
        "disability": "no",
        "contract_start": "2025-01-01",
        "contract_end": "",
    }
    values.update(overrides)
    return values


def foreign_row(**overrides: str) -> dict[str, str]:
    values = row(
        civil_id="",
        passport_number="K1234567",
        nationality="IND",
        name_ar="راجيش كومار",
        name_en="Rajesh Kumar",
        occupation_code="7411",
        job_level="4",
        monthly_salary="250",
        contract_start="01/03/2024",
        contract_end="2026-02-28",
    )
    values.update(overrides)
    return values


def csv_bytes(
    rows: Iterable[dict[str, str]], *, header: Sequence[str] = COLUMNS, bom: bool = False
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(column.strip().lower(), "") for column in header])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def xlsx_bytes(rows: Iterable[Sequence[object]], *, header: Sequence[str] = COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def upload(
    employer_client: Client, establishment: Establishment, django_capture_on_commit_callbacks
) -> Callable[..., object]:
    """Post a file to the import page as a browser without JavaScript does; the import task
    runs in process once the request's transaction commits."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(content: bytes, name: str = "workforce.csv") -> object:
        with django_capture_on_commit_callbacks(execute=True):
            response = employer_client.post(
                f"/en/employer/{establishment.pk}/workforce/imports/new/",
                {"file": SimpleUploadedFile(name, content)},
            )
        if response.status_code != 302:
            return response
        followed = employer_client.get(response["Location"])
        followed.redirected_to = response["Location"]  # type: ignore[attr-defined]
        return followed

    return post
