"""Issue 17, finding 4: a workbook is checked as an archive before anything decompresses it,
the request reads only the header, and the task counts every line, blank ones too."""

from __future__ import annotations

import io
import zipfile

import pytest

from employers import services
from employers.models import Employee, WorkforceImport
from employers.validators import COLUMNS
from tests.employers.conftest import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
REFUSED = "expands to far more data than a workforce file holds"


def _with_member(workbook: bytes, name: str, data: bytes, count: int = 1) -> bytes:
    out = io.BytesIO(workbook)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"{name}{n}" if count > 1 else name, data)
    return out.getvalue()


def _good_workbook() -> bytes:
    values = row()
    return xlsx_bytes([[values[c] for c in COLUMNS]])


def test_a_compressed_bomb_is_refused_before_it_is_opened(upload):
    bomb = _with_member(_good_workbook(), "xl/worksheets/sheet9.xml", b"\0" * (40 * 1024 * 1024))
    assert len(bomb) < 5 * 1024 * 1024  # small enough to pass the size limit

    response = upload(bomb, name="workforce.xlsx")

    assert REFUSED in response.content.decode()
    assert not WorkforceImport.objects.exists()
    assert not Employee.objects.exists()


def test_an_archive_of_thousands_of_members_is_refused(upload):
    crowded = _with_member(_good_workbook(), "xl/media/image", b"x", count=600)

    response = upload(crowded, name="workforce.xlsx")

    assert REFUSED in response.content.decode()
    assert not WorkforceImport.objects.exists()


def test_the_request_stores_the_file_without_reading_its_rows(
    employer_client, establishment, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def not_in_the_request(content: bytes) -> None:
        raise AssertionError("the rows were read in the request")

    monkeypatch.setattr(services, "read_workforce_file", not_in_the_request)

    response = employer_client.post(
        f"/en/employer/{establishment.pk}/workforce/imports/new/",
        {"file": SimpleUploadedFile("workforce.csv", csv_bytes([row()]))},
    )

    assert response.status_code == 302
    queued = WorkforceImport.objects.get()
    assert queued.status == WorkforceImport.Status.QUEUED
    assert queued.total == 0  # counted by the task


def test_blank_lines_count_towards_the_limit(upload):
    content = csv_bytes([row()]) + b",,,,,,\n" * 30_000

    response = upload(content)

    assert "more than 20,000 employees" in response.content.decode()
    assert WorkforceImport.objects.get().status == WorkforceImport.Status.FAILED
    assert not Employee.objects.exists()
