"""Importing the bank's daily file of Sanad centres' remittances, instead of entering each
centre's remittance by hand (`counter_remittance_record` is still the one write).

The file (CSV, UTF-8 with or without BOM, comma separated; the header row names the columns in
any order, any case):

    value_date,centre_licence,amount_baisas,currency,bank_reference
    2026-11-30,SAN-0042,12500,OMR,FT26334A91
    2026-11-30,SAN-0107,3000,OMR,FT26334A92

- `value_date`: the day of the counter payments the credit pays in (YYYY-MM-DD).
- `centre_licence`: the Sanad centre's licence number, as the ministry registered it.
- `amount_baisas`: what was credited, a whole number of baisas above zero (1 rial = 1,000).
- `currency`: OMR.
- `bank_reference`: the bank's reference of the credit (kept on the remittance).

Each row is checked on its own and a wrong row is reported with its spreadsheet row number and
the reason (as the workforce import does); the right rows are recorded. A centre and day that
appear on more than one row are all refused (two credits for one day are for finance staff to
look at, not to add up). Importing the same file again records nothing new: a centre's day
already recorded with the same amount is counted as already recorded, with another amount it is
a wrong row. Then each day of the file is reconciled as the hand entry's "reconcile" does
(`counter_settlement_reconcile`): a difference becomes a finance case, once.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.csvfiles import header_problems
from payments.models import CURRENCY, CounterRemittance
from payments.services.counter_settlement import (
    counter_remittance_record,
    counter_settlement_reconcile,
)
from payments.services.invoices import PaymentError

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User

COLUMNS = ("value_date", "centre_licence", "amount_baisas", "currency", "bank_reference")
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000


class RemittanceFileError(PaymentError):
    """The file as a whole cannot be read (encoding, size, header). Nothing is recorded."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str
    reason: str


@dataclass
class RemittanceImport:
    recorded: int = 0
    already_recorded: int = 0
    cases_opened: int = 0
    days: list[datetime.date] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    number: int
    day: datetime.date
    centre_id: int
    amount_baisas: int
    bank_reference: str


def _text(content: bytes) -> str:
    if len(content) > MAX_FILE_BYTES:
        raise RemittanceFileError(_("The file is larger than 2 MB: split it by day."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RemittanceFileError(
            _("This file is not a CSV file in UTF-8: save it from the bank's file as CSV UTF-8.")
        ) from None
    if "\x00" in text:
        raise RemittanceFileError(
            _("This file is not a CSV file in UTF-8: save it from the bank's file as CSV UTF-8.")
        )
    return text


def _header(cells: list[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in cells]
    problems = header_problems(names, COLUMNS)
    if problems:
        raise RemittanceFileError(
            " ".join(
                [
                    _("The header row is not the remittance file's, so nothing was imported."),
                    *problems,
                    _("The columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)},
                ]
            )
        )
    return {name: names.index(name) for name in COLUMNS}


def _parse(
    number: int, cells: list[str], at: dict[str, int], centres: dict[str, int]
) -> _Row | list[RowError]:
    """One row's values, or its errors (every wrong cell, not only the first)."""
    if len(cells) != len(at):
        return [
            RowError(
                number,
                "—",
                _("The row has %(found)s cells where the header has %(expected)s.")
                % {"found": len(cells), "expected": len(at)},
            )
        ]
    value = {name: cells[index].strip() for name, index in at.items()}
    errors = []
    day: datetime.date | None = None
    try:
        day = datetime.date.fromisoformat(value["value_date"])
    except ValueError:
        errors.append(
            RowError(
                number,
                "value_date",
                _("%(value)s is not a date: write it as YYYY-MM-DD.")
                % {"value": value["value_date"] or _("(empty)")},
            )
        )
    centre_id = centres.get(value["centre_licence"].upper())
    if centre_id is None:
        errors.append(
            RowError(
                number,
                "centre_licence",
                _("No Sanad centre has the licence number %(value)s.")
                % {"value": value["centre_licence"] or _("(empty)")},
            )
        )
    amount = value["amount_baisas"]
    digits = amount[1:] if amount.startswith("-") else amount
    if not digits.isdigit() or not digits.isascii():
        errors.append(
            RowError(
                number,
                "amount_baisas",
                _(
                    "%(value)s is not a whole number of baisas (1 rial = 1,000 baisas; no "
                    "decimal point)."
                )
                % {"value": amount or _("(empty)")},
            )
        )
    elif int(amount) <= 0:
        errors.append(
            RowError(
                number,
                "amount_baisas",
                _("%(value)s: a remittance is an amount above zero.") % {"value": amount},
            )
        )
    if value["currency"].upper() != CURRENCY:
        errors.append(
            RowError(
                number,
                "currency",
                _("%(value)s: only Omani rials (OMR) are accepted.")
                % {"value": value["currency"] or _("(empty)")},
            )
        )
    if errors or day is None or centre_id is None:
        return errors
    return _Row(
        number=number,
        day=day,
        centre_id=centre_id,
        amount_baisas=int(amount),
        bank_reference=value["bank_reference"][:80],
    )


def counter_remittances_import(*, content: bytes, entered_by: User) -> RemittanceImport:
    """Record the remittances of the bank's file `content` and reconcile each of its days.
    Raises RemittanceFileError (nothing recorded) for a file that cannot be read as a whole;
    wrong rows are returned with their reasons and recorded nothing."""
    from sanad.models import ServiceCentre

    reader = csv.reader(io.StringIO(_text(content), newline=""))
    try:
        lines = list(reader)
    except csv.Error:
        raise RemittanceFileError(
            _("This CSV file cannot be read: check that its quotes are balanced.")
        ) from None
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise RemittanceFileError(_("The first row must be the header with the column names."))
    at = _header(lines[0])
    body = [
        (n, cells) for n, cells in enumerate(lines[1:], start=2) if any(c.strip() for c in cells)
    ]
    if len(body) > MAX_ROWS:
        raise RemittanceFileError(_("The file has more than 5,000 rows: split it by day."))
    centres = {
        licence.upper(): pk
        for pk, licence in ServiceCentre.objects.values_list("pk", "licence_number")
    }
    result = RemittanceImport()
    rows: list[_Row] = []
    for number, cells in body:
        parsed = _parse(number, cells, at, centres)
        if isinstance(parsed, _Row):
            rows.append(parsed)
        else:
            result.errors.extend(parsed)
    seen = Counter((row.centre_id, row.day) for row in rows)
    recorded_before = {
        (remittance.centre_id, remittance.day): remittance.amount_baisas
        for remittance in CounterRemittance.objects.filter(
            day__in={row.day for row in rows}, centre_id__in={row.centre_id for row in rows}
        )
    }
    licences = {pk: licence for licence, pk in centres.items()}
    centre_of = {c.pk: c for c in ServiceCentre.objects.filter(pk__in={r.centre_id for r in rows})}
    for row in rows:
        key = (row.centre_id, row.day)
        if seen[key] > 1:
            result.errors.append(
                RowError(
                    row.number,
                    "centre_licence",
                    _(
                        "Centre %(centre)s has %(count)s rows for %(day)s in this file: none of "
                        "them was recorded."
                    )
                    % {
                        "centre": licences[row.centre_id],
                        "count": seen[key],
                        "day": row.day.isoformat(),
                    },
                )
            )
            continue
        if key in recorded_before:
            if recorded_before[key] == row.amount_baisas:
                result.already_recorded += 1
            else:
                result.errors.append(
                    RowError(
                        row.number,
                        "amount_baisas",
                        _(
                            "Centre %(centre)s's remittance for %(day)s is already recorded as "
                            "%(recorded)s baisas, not %(amount)s."
                        )
                        % {
                            "centre": licences[row.centre_id],
                            "day": row.day.isoformat(),
                            "recorded": recorded_before[key],
                            "amount": row.amount_baisas,
                        },
                    )
                )
            continue
        try:
            counter_remittance_record(
                centre=centre_of[row.centre_id],
                day=row.day,
                amount_baisas=row.amount_baisas,
                entered_by=entered_by,
                bank_reference=row.bank_reference,
            )
        except PaymentError as error:  # recorded meanwhile by someone else
            result.errors.append(RowError(row.number, "—", error.message))
            continue
        result.recorded += 1
    result.errors.sort(key=lambda error: error.row)
    result.days = sorted({row.day for row in rows if seen[(row.centre_id, row.day)] == 1})
    for day in result.days:
        result.cases_opened += counter_settlement_reconcile(on=day)
    return result
