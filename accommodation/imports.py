"""The employer's accommodation file: one row per worker, naming the room by the site's licence
number, the block and the room number. CSV (UTF-8, with or without BOM), read like the workforce
file (employers.imports): the header must hold exactly the columns, rows are numbered as a
spreadsheet shows them, and every row's errors are listed. A file with any row error saves
nothing; a clean file declares every row at once."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accommodation.models import Room
from accommodation.services import AccommodationError, declaration_save
from accounts.models import User
from employers.models import Employee, Establishment

COLUMNS = ("passport_number", "site_licence", "block", "room")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    declared: int
    errors: list[RowError]


def _rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    if len(data) > MAX_BYTES:
        raise AccommodationError(_("The file is larger than 2 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AccommodationError(_("The file must be a CSV file in UTF-8.")) from error
    if "\x00" in text:
        raise AccommodationError(_("The file must be a CSV file in UTF-8."))
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if sorted(header) != sorted(COLUMNS):
        raise AccommodationError(
            _("The first row must name exactly these columns: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)}
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise AccommodationError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
        rows.append(
            (
                number,
                {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)},
            )
        )
    return rows


def declarations_import(*, establishment: Establishment, data: bytes, by: User) -> ImportResult:
    """Check every row, then declare them all or none. Raises AccommodationError when the file
    as a whole cannot be read (size, encoding, header)."""
    rows = _rows(data)
    errors: list[RowError] = []
    resolved: list[tuple[Employee, Room]] = []
    seen: set[int] = set()
    for number, values in rows:
        passport = values["passport_number"].upper()
        employee = (
            Employee.objects.filter(establishment=establishment, passport_number=passport)
            .exclude(nationality=Employee.OMANI)
            .first()
            if passport
            else None
        )
        if employee is None:
            errors.append(
                RowError(
                    number,
                    "passport_number",
                    _("No foreign worker on your register has this passport number."),
                )
            )
        elif employee.pk in seen:
            errors.append(
                RowError(number, "passport_number", _("This worker is already in an earlier row."))
            )
        room = Room.objects.filter(
            block__site__licence_number=values["site_licence"].upper(),
            block__name=values["block"].upper(),
            number=values["room"],
        ).first()
        if room is None:
            errors.append(
                RowError(number, "room", _("No room with this site licence, block and number."))
            )
        if employee is not None and room is not None and employee.pk not in seen:
            resolved.append((employee, room))
            seen.add(employee.pk)
    if errors:
        return ImportResult(declared=0, errors=errors)
    with transaction.atomic():
        for employee, room in resolved:
            declaration_save(employee=employee, room=room, declared_by=by)
    return ImportResult(declared=len(resolved), errors=[])
