"""The rules of one register entry, shared by the one-employee form and the import."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from employers import validators as v
from tests.employers.conftest import foreign_row, row

CODES = frozenset({"1120", "7411"})


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12345678", "12345678"), (" ١٢٣٤٥٦٧٨ ", "12345678"), ("", None)],
)
def test_civil_id_accepts_eight_digits_in_either_script(text, expected):
    assert v.parse_civil_id(text) == expected


@pytest.mark.parametrize("text", ["1234567", "123456789", "12-345678", "ABCDEFGH"])
def test_civil_id_refuses_anything_else(text):
    with pytest.raises(ValidationError, match="is not a civil ID number"):
        v.parse_civil_id(text)


@pytest.mark.parametrize(("text", "expected"), [("k1234567", "K1234567"), ("AB12345", "AB12345")])
def test_passport_is_alphanumeric_in_capitals(text, expected):
    assert v.parse_passport_number(text) == expected


@pytest.mark.parametrize("text", ["K12", "K-123456", "A" * 21])
def test_passport_refuses_short_long_or_punctuated(text):
    with pytest.raises(ValidationError, match="is not a passport number"):
        v.parse_passport_number(text)


def test_nationality_is_an_iso_alpha3_code():
    assert v.parse_nationality(" omn ") == "OMN"
    assert v.parse_nationality("IND") == "IND"
    for wrong in ("OM", "XYZ", "Oman"):
        with pytest.raises(ValidationError, match="is not a country code"):
            v.parse_nationality(wrong)


@pytest.mark.parametrize("text", ["محمد بن سعيد", "عبد الله-الحارثي", "مُحَمَّد", "ش.م.م", "پرویز"])
def test_arabic_name_in_arabic_letters(text):
    assert v.parse_name_ar(text) == text


@pytest.mark.parametrize("text", ["Mohammed", "محمد Ali", "محمد 2", "-محمد"])
def test_arabic_name_refuses_other_scripts_and_digits(text):
    with pytest.raises(ValidationError, match="not written in Arabic letters"):
        v.parse_name_ar(text)


@pytest.mark.parametrize("text", ["Anne-Marie O'Brien", "José Reyes", "Dr. D'Souza"])
def test_english_name_in_latin_letters(text):
    assert v.parse_name_en(text) == text


@pytest.mark.parametrize("text", ["محمد", "Ali محمد", "Worker 7"])
def test_english_name_refuses_other_scripts_and_digits(text):
    with pytest.raises(ValidationError, match="not written in Latin letters"):
        v.parse_name_en(text)


def test_occupation_must_be_a_known_unit_group():
    assert v.parse_occupation_code("٧٤١١", occupation_codes=CODES) == "7411"
    with pytest.raises(ValidationError, match="9999 is not an ISCO-08 occupation"):
        v.parse_occupation_code("9999", occupation_codes=CODES)


@pytest.mark.parametrize(("text", "level"), [("1", 1), ("4", 4), ("٢", 2)])
def test_job_level_one_to_four(text, level):
    assert v.parse_job_level(text) == level


@pytest.mark.parametrize("text", ["0", "5", "manager"])
def test_job_level_refuses_others(text):
    with pytest.raises(ValidationError, match="is not a job level"):
        v.parse_job_level(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("450", "450.000"), ("450.5", "450.500"), ("0", "0.000"), ("450.1250", "450.125")],
)
def test_salary_up_to_three_decimals(text, amount):
    assert v.parse_monthly_salary(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "negative"),
        ("450.1234", "more than 3 decimals"),
        ("1,200", "not an amount"),
        ("NaN", "not an amount"),
        ("12345678", "too large"),
    ],
)
def test_salary_refuses_wrong_amounts(text, message):
    with pytest.raises(ValidationError, match=message):
        v.parse_monthly_salary(text)


def test_working_time_and_disability_words():
    assert v.parse_working_time("Full") is True
    assert v.parse_working_time("part time") is False
    assert v.parse_disability("YES") is True
    assert v.parse_disability("no") is False
    with pytest.raises(ValidationError, match="is not a working time"):
        v.parse_working_time("half")
    with pytest.raises(ValidationError, match="is not yes or no"):
        v.parse_disability("maybe")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025-01-31", datetime.date(2025, 1, 31)),
        ("31/01/2025", datetime.date(2025, 1, 31)),
        ("٣١/٠١/٢٠٢٥", datetime.date(2025, 1, 31)),
    ],
)
def test_dates_in_either_format(text, date):
    assert v.parse_date(text, required=True) == date


@pytest.mark.parametrize("text", ["31/02/2025", "2025-13-01", "01-31-2025", "tomorrow"])
def test_impossible_dates_are_named(text):
    with pytest.raises(ValidationError) as error:
        v.parse_date(text, required=True)
    assert error.value.messages == [f"{text} is not a date (use YYYY-MM-DD or DD/MM/YYYY)."]


def test_good_rows_give_clean_data():
    omani = v.validate_employee(row(), occupation_codes=CODES)
    foreign = v.validate_employee(foreign_row(), occupation_codes=CODES)

    assert omani.is_valid
    assert omani.data is not None
    assert omani.data.civil_id == "12345678"
    assert omani.data.is_full_time
    assert not omani.data.has_disability
    assert foreign.is_valid
    assert foreign.data is not None
    assert foreign.data.contract_start == datetime.date(2024, 3, 1)
    assert foreign.data.passport_number == "K1234567"


def test_omani_needs_civil_id_and_foreigner_passport():
    omani = v.validate_employee(row(civil_id=""), occupation_codes=CODES)
    foreign = v.validate_employee(foreign_row(passport_number=""), occupation_codes=CODES)

    assert [(p.column, p.reason) for p in omani.problems] == [
        ("civil_id", "An Omani employee (nationality OMN) needs a civil ID number.")
    ]
    assert [p.column for p in foreign.problems] == ["passport_number"]


def test_every_problem_of_a_row_is_reported():
    result = v.validate_employee(
        row(contract_end="2024-12-31", name_ar="Salim", job_level="9"), occupation_codes=CODES
    )

    assert result.data is None
    assert {p.column for p in result.problems} == {"name_ar", "job_level", "contract_end"}
    assert "before it starts" in next(
        p.reason for p in result.problems if p.column == "contract_end"
    )


def test_duplicate_ids_name_the_other_rows():
    rows = [
        (2, v.validate_employee(row(), occupation_codes=CODES)),
        (3, v.validate_employee(foreign_row(), occupation_codes=CODES)),
        (4, v.validate_employee(row(name_en="Other Person"), occupation_codes=CODES)),
        (5, v.validate_employee(row(job_level="x"), occupation_codes=CODES)),
    ]

    problems = list(v.duplicate_problems(rows))

    assert [(number, p.column) for number, p in problems] == [
        (2, "civil_id"),
        (4, "civil_id"),
        (5, "civil_id"),
    ]
    assert problems[0][1].reason == "The civil ID 12345678 is also in rows 4, 5 of this file."
