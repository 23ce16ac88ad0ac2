"""The rules of one workforce register entry, shared by the one-employee form and the import.

Every column of the import template has a parser here that turns the text a person typed (or a
spreadsheet cell) into a clean value or raises `ValidationError` with a translated message that
names the value and says what to write instead. `validate_employee` applies them all to one row
and adds the rules that involve several columns (Omanis need a civil ID, foreigners a passport;
a contract does not end before it starts). Nothing here reads the database: the caller passes
the set of ISCO-08 unit groups, read once.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from core.digits import ascii_digits

if TYPE_CHECKING:
    from employers.models import Employee

OMANI = "OMN"

# The columns of the import template and of the export, in the documented order.
COLUMNS: tuple[str, ...] = (
    "civil_id",
    "passport_number",
    "nationality",
    "name_ar",
    "name_en",
    "occupation_code",
    "job_level",
    "monthly_salary",
    "working_time",
    "disability",
    "contract_start",
    "contract_end",
)

# The column a model field is reported under (the model's booleans are words in a file).
COLUMN_FOR_FIELD: dict[str, str] = {
    "is_full_time": "working_time",
    "has_disability": "disability",
}

NAME_MAX_LENGTH = 200
SALARY_MAX = Decimal("9999999.999")  # the model's max_digits=10, decimal_places=3

_CIVIL_ID = re.compile(r"\d{8}")
_PASSPORT = re.compile(r"[A-Z0-9]{5,20}")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_FULL_TIME = frozenset({"full", "full time", "full-time", "دوام كامل", "كامل"})
_PART_TIME = frozenset({"part", "part time", "part-time", "دوام جزئي", "جزئي"})
_YES = frozenset({"yes", "نعم"})
_NO = frozenset({"no", "لا"})


@cache
def nationality_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code django-countries knows."""
    return frozenset(code for code in (countries.alpha3(c.code) for c in countries) if code)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


# --- one parser per column --------------------------------------------------------------------


def parse_civil_id(value: str) -> str | None:
    """An 8-digit civil ID (Arabic-Indic digits accepted), or None when empty."""
    text = ascii_digits(_text(value))
    if not text:
        return None
    if not _CIVIL_ID.fullmatch(text):
        raise ValidationError(
            _("%(value)s is not a civil ID number: it has 8 digits.") % {"value": value}
        )
    return text


def parse_passport_number(value: str) -> str | None:
    """A passport number of 5 to 20 letters and digits, in capitals, or None when empty."""
    text = ascii_digits(_text(value)).upper()
    if not text:
        return None
    if not _PASSPORT.fullmatch(text):
        raise ValidationError(
            _("%(value)s is not a passport number: use 5 to 20 letters and digits.")
            % {"value": value}
        )
    return text


def parse_nationality(value: str) -> str:
    """An ISO 3166 alpha-3 country code, such as OMN or IND."""
    text = _text(value).upper()
    if not text:
        raise ValidationError(
            _("Enter the nationality as a three-letter country code, such as OMN.")
        )
    if text not in nationality_codes():
        raise ValidationError(
            _("%(value)s is not a country code: use the three-letter ISO code, such as OMN or IND.")
            % {"value": value}
        )
    return text


def _in_script(text: str, script: Literal["ARABIC", "LATIN"]) -> bool:
    """Whether every letter of `text` is of `script`, the first character is a letter, and the
    rest are spaces, hyphens or dots (and apostrophes in Latin names: O'Brien, D'Souza)."""
    punctuation = " -.'" if script == "LATIN" else " -."
    if not text or not unicodedata.category(text[0]).startswith("L"):
        return False
    for char in text:
        if char in punctuation:
            continue
        category = unicodedata.category(char)
        name = unicodedata.name(char, "")
        if category.startswith("L"):
            if not name.startswith(f"{script} "):
                return False
        elif category == "Mn":  # harakat in Arabic, combining accents in Latin
            if not name.startswith("ARABIC " if script == "ARABIC" else "COMBINING "):
                return False
        else:
            return False
    return True


def _name(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _text(value)).split())


def parse_name_ar(value: str) -> str:
    """A name written in Arabic letters (spaces, hyphens and dots allowed)."""
    text = _name(value)
    if not text:
        raise ValidationError(_("Enter the name in Arabic."))
    if len(text) > NAME_MAX_LENGTH:
        raise ValidationError(_("The name in Arabic is longer than 200 characters."))
    if not _in_script(text, "ARABIC"):
        raise ValidationError(
            _(
                "%(value)s is not written in Arabic letters: use Arabic letters, spaces, "
                "hyphens and dots only."
            )
            % {"value": value}
        )
    return text


def parse_name_en(value: str) -> str:
    """A name written in Latin letters (spaces, hyphens, dots and apostrophes allowed)."""
    text = _name(value)
    if not text:
        raise ValidationError(_("Enter the name in English."))
    if len(text) > NAME_MAX_LENGTH:
        raise ValidationError(_("The name in English is longer than 200 characters."))
    if not _in_script(text, "LATIN"):
        raise ValidationError(
            _(
                "%(value)s is not written in Latin letters: use English letters, spaces, "
                "hyphens, dots and apostrophes only."
            )
            % {"value": value}
        )
    return text


def parse_occupation_code(value: str, *, occupation_codes: Collection[str]) -> str:
    """A 4-digit ISCO-08 unit group that is in `occupation_codes`."""
    text = ascii_digits(_text(value))
    if not text:
        raise ValidationError(_("Enter the occupation as a 4-digit ISCO-08 code."))
    if text not in occupation_codes:
        raise ValidationError(
            _("%(value)s is not an ISCO-08 occupation: use the 4-digit code of a unit group.")
            % {"value": value}
        )
    return text


def parse_job_level(value: str) -> int:
    """A job level from 1 (top management) to 4 (operational)."""
    text = ascii_digits(_text(value))
    if not text:
        raise ValidationError(_("Enter the job level, from 1 (top management) to 4 (operational)."))
    if text not in {"1", "2", "3", "4"}:
        raise ValidationError(
            _("%(value)s is not a job level: use 1 (top management), 2, 3 or 4 (operational).")
            % {"value": value}
        )
    return int(text)


def parse_monthly_salary(value: str) -> Decimal:
    """A monthly salary in rials: zero or more, with at most 3 decimals (baisa)."""
    text = ascii_digits(_text(value)).replace("٫", ".")
    if not text:
        raise ValidationError(_("Enter the monthly salary in rials, such as 450.500."))
    if re.fullmatch(r"-(\d+\.?\d*|\.\d+)", text):
        raise ValidationError(_("%(value)s is negative: a salary is 0 or more.") % {"value": value})
    if not re.fullmatch(r"\d+\.?\d*|\.\d+", text):
        raise ValidationError(
            _("%(value)s is not an amount: write digits with up to 3 decimals, such as 450.500.")
            % {"value": value}
        )
    _whole, _dot, decimals = text.partition(".")
    if len(decimals.rstrip("0")) > 3:
        raise ValidationError(
            _("%(value)s has more than 3 decimals: a rial has 1000 baisa.") % {"value": value}
        )
    amount = Decimal(text).quantize(Decimal("0.001"))
    if amount > SALARY_MAX:
        raise ValidationError(_("%(value)s is too large for a monthly salary.") % {"value": value})
    return amount


def parse_working_time(value: str) -> bool:
    """True for full time, False for part time."""
    text = " ".join(_text(value).lower().split())
    if text in _FULL_TIME:
        return True
    if text in _PART_TIME:
        return False
    if not text:
        raise ValidationError(_("Enter the working time: full or part."))
    raise ValidationError(
        _("%(value)s is not a working time: write full or part.") % {"value": value}
    )


def parse_disability(value: str) -> bool:
    """Whether the employee is a person with a disability: yes or no."""
    text = _text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    if not text:
        raise ValidationError(_("Say whether the employee has a disability: yes or no."))
    raise ValidationError(_("%(value)s is not yes or no.") % {"value": value})


def parse_date(value: str, *, required: bool) -> datetime.date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY (Arabic-Indic digits accepted)."""
    text = ascii_digits(_text(value))
    if not text:
        if required:
            raise ValidationError(_("Enter the date as YYYY-MM-DD, such as 2025-01-31."))
        return None
    parts: tuple[str, str, str] | None = None
    if match := _ISO_DATE.fullmatch(text):
        parts = (match[1], match[2], match[3])
    elif match := _DMY_DATE.fullmatch(text):
        parts = (match[3], match[2], match[1])
    try:
        if parts is None:
            raise ValueError(text)
        return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a date (use YYYY-MM-DD or DD/MM/YYYY).") % {"value": value}
        ) from None


def check_contract_dates(*, start: datetime.date, end: datetime.date | None) -> None:
    """Raise ValidationError when the contract ends before it starts."""
    if end is not None and end < start:
        raise ValidationError(
            _("The contract cannot end (%(end)s) before it starts (%(start)s).")
            % {"end": end.isoformat(), "start": start.isoformat()}
        )


# --- one row ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployeeData:
    """One valid register entry, ready for a service to save."""

    civil_id: str | None
    passport_number: str | None
    nationality: str
    name_ar: str
    name_en: str
    occupation_code: str
    job_level: int
    monthly_salary: Decimal
    is_full_time: bool
    has_disability: bool
    contract_start: datetime.date
    contract_end: datetime.date | None

    @property
    def is_omani(self) -> bool:
        return self.nationality == OMANI

    def model_fields(self) -> dict[str, Any]:
        """The values by Employee field name."""
        return {
            "civil_id": self.civil_id,
            "passport_number": self.passport_number,
            "nationality": self.nationality,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "occupation_code": self.occupation_code,
            "job_level": self.job_level,
            "monthly_salary": self.monthly_salary,
            "is_full_time": self.is_full_time,
            "has_disability": self.has_disability,
            "contract_start": self.contract_start,
            "contract_end": self.contract_end,
        }


@dataclass(frozen=True)
class RowProblem:
    """Why one value of a row is refused. `column` is a template column name."""

    column: str
    value: str
    reason: str


# A key that identifies a person within one establishment:
# ("civil_id", civil ID) or ("passport_number", nationality, passport number).
IdentityKey = tuple[str, ...]


@dataclass
class RowResult:
    """The outcome of checking one row: the clean data, or the problems (or both empty)."""

    data: EmployeeData | None
    problems: list[RowProblem] = field(default_factory=list)
    keys: dict[IdentityKey, str] = field(default_factory=dict)  # key -> value as written

    @property
    def is_valid(self) -> bool:
        return self.data is not None and not self.problems


def _message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def validate_employee(values: Mapping[str, str], *, occupation_codes: Collection[str]) -> RowResult:
    """Check one row given as text by column name; every problem is reported, not only the first.

    `keys` holds the row's civil ID and (nationality, passport) when those are readable, even if
    another column is wrong, so that a caller can find IDs written twice in one file.
    """
    problems: list[RowProblem] = []
    clean: dict[str, Any] = {}

    def run(column: str, parse: Any, **kwargs: Any) -> None:
        raw = _text(values.get(column, ""))
        try:
            clean[column] = parse(raw, **kwargs)
        except ValidationError as error:
            problems.append(RowProblem(column=column, value=raw, reason=_message(error)))

    run("civil_id", parse_civil_id)
    run("passport_number", parse_passport_number)
    run("nationality", parse_nationality)
    run("name_ar", parse_name_ar)
    run("name_en", parse_name_en)
    run("occupation_code", parse_occupation_code, occupation_codes=occupation_codes)
    run("job_level", parse_job_level)
    run("monthly_salary", parse_monthly_salary)
    run("working_time", parse_working_time)
    run("disability", parse_disability)
    run("contract_start", parse_date, required=True)
    run("contract_end", parse_date, required=False)

    nationality = clean.get("nationality")
    civil_id = clean.get("civil_id")
    passport = clean.get("passport_number")
    if nationality == OMANI and "civil_id" in clean and civil_id is None:
        problems.append(
            RowProblem(
                column="civil_id",
                value="",
                reason=_("An Omani employee (nationality OMN) needs a civil ID number."),
            )
        )
    if nationality not in (None, OMANI) and "passport_number" in clean and passport is None:
        problems.append(
            RowProblem(
                column="passport_number",
                value="",
                reason=_("An employee who is not Omani needs a passport number."),
            )
        )
    start, end = clean.get("contract_start"), clean.get("contract_end")
    if start is not None and end is not None:
        try:
            check_contract_dates(start=start, end=end)
        except ValidationError as error:
            problems.append(
                RowProblem(
                    column="contract_end",
                    value=_text(values.get("contract_end", "")),
                    reason=_message(error),
                )
            )

    keys: dict[IdentityKey, str] = {}
    if civil_id:
        keys[("civil_id", civil_id)] = _text(values.get("civil_id", ""))
    if passport and nationality:
        keys[("passport_number", nationality, passport)] = _text(values.get("passport_number", ""))

    data = None
    if not problems:
        data = EmployeeData(
            civil_id=civil_id,
            passport_number=passport,
            nationality=nationality or "",
            name_ar=clean["name_ar"],
            name_en=clean["name_en"],
            occupation_code=clean["occupation_code"],
            job_level=clean["job_level"],
            monthly_salary=clean["monthly_salary"],
            is_full_time=clean["working_time"],
            has_disability=clean["disability"],
            contract_start=clean["contract_start"],
            contract_end=clean["contract_end"],
        )
    return RowResult(data=data, problems=problems, keys=keys)


# --- the other direction: an employee as a row ------------------------------------------------


def employee_as_row(employee: Employee) -> dict[str, str]:
    """The employee as the text of a template row (the export, and the edit form's initial)."""
    return {
        "civil_id": employee.civil_id or "",
        "passport_number": employee.passport_number or "",
        "nationality": employee.nationality,
        "name_ar": employee.name_ar,
        "name_en": employee.name_en,
        "occupation_code": employee.occupation_code,
        "job_level": str(employee.job_level),
        "monthly_salary": f"{Decimal(employee.monthly_salary):.3f}",
        "working_time": "full" if employee.is_full_time else "part",
        "disability": "yes" if employee.has_disability else "no",
        "contract_start": employee.contract_start.isoformat(),
        "contract_end": employee.contract_end.isoformat() if employee.contract_end else "",
    }


def duplicate_problems(rows: list[tuple[int, RowResult]]) -> Iterator[tuple[int, RowProblem]]:
    """For IDs written in more than one row of a file: one problem per row carrying them,
    naming the other rows. The caller rejects every such row."""
    rows_by_key: dict[IdentityKey, list[int]] = {}
    for number, result in rows:
        for key in result.keys:
            rows_by_key.setdefault(key, []).append(number)
    for number, result in rows:
        for key, written in result.keys.items():
            others = [other for other in rows_by_key[key] if other != number]
            if not others:
                continue
            listed = ", ".join(str(other) for other in others)
            if key[0] == "civil_id":
                reason = ngettext(
                    "The civil ID %(value)s is also in row %(rows)s of this file.",
                    "The civil ID %(value)s is also in rows %(rows)s of this file.",
                    len(others),
                )
            else:
                reason = ngettext(
                    "The passport number %(value)s (%(nationality)s) is also in row %(rows)s "
                    "of this file.",
                    "The passport number %(value)s (%(nationality)s) is also in rows %(rows)s "
                    "of this file.",
                    len(others),
                )
            yield (
                number,
                RowProblem(
                    column=key[0],
                    value=written,
                    reason=reason % {"value": key[-1], "nationality": key[1], "rows": listed},
                ),
            )
