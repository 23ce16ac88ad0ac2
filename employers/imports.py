"""Reading a workforce file: CSV (UTF-8, with or without BOM) or an Excel workbook (.xlsx).

The type is decided by the content, never by the file name: a workbook is a zip archive
(`PK\\x03\\x04`) that openpyxl can open; anything else must be UTF-8 text without NUL bytes. The
header must hold exactly the template's columns (any order, any case, surrounding spaces
ignored); otherwise the whole file is refused with a message naming the columns. Rows are read
as text by column name, with the row number a spreadsheet shows (the header is row 1).

A workbook is a compressed archive, so its 5 MB can expand a thousandfold: before openpyxl
reads anything, `check_workbook_archive` refuses an archive with too many members, too much
uncompressed data or a member compressed beyond any real spreadsheet's ratio. The upload
request only checks the size, the archive and the header (`read_workforce_header`); the rows
are read in the Celery task (`read_workforce_file`), which counts every line, blank ones too,
and reads no cell beyond `MAX_COLUMNS`.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.csvfiles import header_problems
from core.exceptions import ApplicationError
from employers.validators import COLUMNS

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# every line read counts, blank or not: a sheet of a million empty rows is refused, not walked
MAX_LINES = MAX_ROWS + 5_000
MAX_COLUMNS = len(COLUMNS) + 20
# a real 20,000-row workbook expands to a few megabytes of XML, compressed 5 to 20 times
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ARCHIVE_MEMBERS = 500
ZIP_MAGIC = b"PK\x03\x04"
CSV = "csv"
XLSX = "xlsx"
# Column reported for values to the right of the last named column.
EXTRA_CELLS_COLUMN = "—"


class WorkforceFileError(ApplicationError):
    """The file as a whole cannot be imported (type, encoding, size, header). Nothing is saved."""


@dataclass(frozen=True)
class WorkforceRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]
    extra_cells: bool = False  # values to the right of the last named column


@dataclass(frozen=True)
class WorkforceTable:
    file_format: str
    rows: list[WorkforceRow]


def sniff_format(content: bytes) -> str:
    """`xlsx` for a zip archive, else `csv` (which the reader then checks is UTF-8 text)."""
    return XLSX if content.startswith(ZIP_MAGIC) else CSV


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    return str(value).strip()


def _not_readable() -> WorkforceFileError:
    return WorkforceFileError(
        _(
            "This file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8. In Excel, "
            "save it as “Excel Workbook” or as “CSV UTF-8 (comma delimited)”."
        )
    )


def _csv_lines(content: bytes) -> Iterator[list[Any]]:
    if b"\x00" in content:
        raise _not_readable()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_readable() from None
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error:
        raise WorkforceFileError(
            _("This CSV file cannot be read: check that its quotes are balanced.")
        ) from None


def check_workbook_archive(content: bytes) -> None:
    """Refuse a workbook whose archive would expand beyond what a workforce file needs (a
    compressed bomb), before anything decompresses it. Reads only the archive's directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_readable() from None
    too_big = WorkforceFileError(
        _(
            "This workbook expands to far more data than a workforce file holds, so it was not "
            "opened. Save the sheet again as a new workbook, or as CSV UTF-8."
        )
    )
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise too_big
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise too_big
    for member in members:
        if member.file_size > 1024 * 1024 and (
            member.compress_size == 0
            or member.file_size / member.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise too_big


def _xlsx_lines(content: bytes) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    check_workbook_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # any failure to open it means it is not a workbook
        raise _not_readable() from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception:  # a damaged sheet
                raise _not_readable() from None
            yield row
    finally:
        workbook.close()


def check_header(cells: list[str]) -> dict[int, str]:
    """The column name at each position, or WorkforceFileError naming wrong columns."""
    names = [cell.replace("\ufeff", "").strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise WorkforceFileError(
            _("The first row must be the header with the template's column names.")
        )
    problems = []
    if len(names) == 1 and ";" in names[0]:
        problems.append(_("Columns must be separated by commas, not semicolons."))
    problems.extend(header_problems(names, COLUMNS))
    if problems:
        raise WorkforceFileError(
            " ".join(
                [
                    _("The header row does not match the template, so nothing was imported."),
                    *problems,
                    _("The columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)},
                ]
            )
        )
    return dict(enumerate(names))


def _lines(content: bytes) -> tuple[str, Iterator[Any]]:
    if len(content) > MAX_FILE_BYTES:
        raise WorkforceFileError(_("The file is larger than 5 MB: split it into several files."))
    if not content:
        raise WorkforceFileError(_("The file is empty."))
    file_format = sniff_format(content)
    return file_format, (_xlsx_lines(content) if file_format == XLSX else _csv_lines(content))


def read_workforce_header(content: bytes) -> str:
    """The file's format once its size, its archive (a workbook) and its header are right, or
    WorkforceFileError: what the upload request checks before it stores the file. Reads one
    line."""
    file_format, lines = _lines(content)
    for line in lines:
        check_header([cell_text(cell) for cell in line][:MAX_COLUMNS])
        return file_format
    raise WorkforceFileError(_("The file is empty."))


def read_workforce_file(content: bytes) -> WorkforceTable:
    """Every non-blank row of the file as text by column, or WorkforceFileError for the file."""
    file_format, lines = _lines(content)
    header: dict[int, str] | None = None
    rows: list[WorkforceRow] = []
    for number, line in enumerate(lines, start=1):
        if number > MAX_LINES:
            raise WorkforceFileError(
                _("The file has more than 20,000 employees: split it into several files.")
            )
        cells = [cell_text(cell) for cell in line][:MAX_COLUMNS]
        if header is None:
            header = check_header(cells)
            continue
        if not any(cells):
            continue  # blank lines, often at the end of a sheet
        if len(rows) == MAX_ROWS:
            raise WorkforceFileError(
                _("The file has more than 20,000 employees: split it into several files.")
            )
        values = dict.fromkeys(COLUMNS, "")
        for index, cell in enumerate(cells):
            if index in header:
                values[header[index]] = cell
        extra = any(cells[len(header) :])
        rows.append(WorkforceRow(number=number, values=values, extra_cells=extra))
    if header is None:
        raise WorkforceFileError(_("The file is empty."))
    if not rows:
        raise WorkforceFileError(_("The file has a header but no employees."))
    return WorkforceTable(file_format=file_format, rows=rows)
