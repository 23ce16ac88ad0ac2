"""An education written as a school grade's ordinal alone ("12th", "9th or above"), a school's
name with its grade in brackets ("basic school (9th)"), the minimum said with "+" or "كحد
أدنى", or the lack of any certificate said as a sentence ("ما عندي شهادة", "ليس لدي مؤهل")
(issue 24, rules 2026-12.20)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("12th", "secondary"),
        ("10th", "primary"),
        ("min. 11th", "primary"),
        ("12th or above", "secondary"),
        ("secondary school (12th)", "secondary"),
        ("basic school (8th) +", "primary"),
        ("grade 10+", "primary"),
        ("الصف الثامن كحد أدنى", "primary"),
        ("دبلوم كحد أدنى", "diploma"),
        ("ما عندي شهادة", "none"),
        ("ليس لدي مؤهل", "none"),
        ("لا توجد شهادة", "none"),
        ("no certificate", "none"),
        ("without any qualification", "none"),
    ],
)
def test_a_grade_or_the_lack_of_a_certificate_names_the_level(taxonomy, text, code):
    # when
    found = taxonomy.resolve("education", text)

    # then
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize("text", ["12", "13th", "school"])
def test_a_number_that_is_no_grade_names_no_level(taxonomy, text):
    # when
    found = taxonomy.resolve("education", text)

    # then
    assert found is None or found.method != "exact"
