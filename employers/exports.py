"""Workforce files that the portal writes: the register export, the import template and the
report of rejected rows. CSV files are UTF-8 with a BOM so that Excel shows Arabic; the export
has the template's columns so that it can be imported again.

Large registers are never loaded at once: rows come from a queryset `iterator()` and the CSV is
streamed, the workbook written by openpyxl's write-only mode into a temporary file.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook

from employers.models import Employee, Establishment
from employers.validators import COLUMNS, employee_as_row

BOM = "\ufeff"
CHUNK_SIZE = 2000
REPORT_COLUMNS = ("row", "column", "value", "reason")
EXAMPLE_ROW: dict[str, str] = {
    "civil_id": "12345678",
    "passport_number": "",
    "nationality": "OMN",
    "name_ar": "أحمد بن سالم البلوشي",
    "name_en": "Ahmed bin Salim Al Balushi",
    "occupation_code": "1120",
    "job_level": "1",
    "monthly_salary": "1500.000",
    "working_time": "full",
    "disability": "no",
    "contract_start": "2025-01-01",
    "contract_end": "",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """The rows as CSV lines in UTF-8, the first preceded by a BOM."""
    writer = csv.writer(_Echo())
    yield BOM.encode()
    for row in rows:
        yield writer.writerow([spreadsheet_safe(str(cell)) for cell in row]).encode()


def export_filename(*, establishment: Establishment, extension: str) -> str:
    return f"workforce-{establishment.cr_number}-{timezone.localdate().isoformat()}.{extension}"


def _register_rows(employees: Iterable[Employee]) -> Iterator[list[str]]:
    yield list(COLUMNS)
    for employee in employees:
        row = employee_as_row(employee)
        yield [row[column] for column in COLUMNS]


def register_csv(employees: Iterable[Employee]) -> Iterator[bytes]:
    """The register as CSV lines, for a streaming response."""
    return csv_lines(_register_rows(employees))


def _xlsx_cell(column: str, value: str) -> Any:
    if not value:
        return None
    if column in {"contract_start", "contract_end"}:
        return datetime.date.fromisoformat(value)
    if column == "monthly_salary":
        return Decimal(value)
    if column == "job_level":
        return int(value)
    return spreadsheet_safe(value)  # IDs stay text, so no leading zero is lost


def _workbook_file(rows: Iterable[list[str]], *, title: str) -> IO[bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    header = True
    for row in rows:
        if header:
            sheet.append(row)
            header = False
            continue
        sheet.append(
            [_xlsx_cell(column, value) for column, value in zip(COLUMNS, row, strict=True)]
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def register_xlsx(employees: Iterable[Employee]) -> IO[bytes]:
    """The register as an Excel workbook in a temporary file, positioned at its start."""
    return _workbook_file(_register_rows(employees), title="workforce")


def template_csv() -> bytes:
    """The import template: the header and one example row."""
    return b"".join(csv_lines([list(COLUMNS), [EXAMPLE_ROW[column] for column in COLUMNS]]))


def template_xlsx() -> IO[bytes]:
    """The import template as a workbook: the header and one example row."""
    return _workbook_file(
        [list(COLUMNS), [EXAMPLE_ROW[column] for column in COLUMNS]], title="workforce"
    )


def rejection_report_csv(problems: Iterable[dict[str, Any]]) -> bytes:
    """The rejected rows of an import: row, column, value, reason."""
    rows: list[list[Any]] = [list(REPORT_COLUMNS)]
    rows.extend([entry.get(key, "") for key in REPORT_COLUMNS] for entry in problems)
    return b"".join(csv_lines(rows))
