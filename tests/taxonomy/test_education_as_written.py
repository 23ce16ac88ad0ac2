"""An education as people write it in a vacancy or a profile: the minimum said around it ("at
least a diploma", "حد أدنى الصف السادس", "بكالوريوس فما فوق"), a school grade run together or
typed a slip away ("grade6", "12thgrade", "grde 6"), and the abbreviations of South Asia's
school certificates and of a diploma ("SSC / HSC", "Dip.") (issue 24, rules 2026-12.16)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("at least high school", "secondary"),
        ("at least BA", "bachelor"),
        ("minimum diploma", "diploma"),
        ("Bachelor or above", "bachelor"),
        ("حد أدنى الصف السادس", "primary"),
        ("لا يقل عن بكالوريوس", "bachelor"),
        ("لا يقل عن ثانوية عامة", "secondary"),
        ("بكالوريوس فما فوق", "bachelor"),
        ("الصف الثاني عشر على الأقل", "secondary"),
        ("grade6", "primary"),
        ("12thgrade", "secondary"),
        ("grde 6", "primary"),
        ("12th garde", "secondary"),
        ("SSC / HSC", "secondary"),
        ("HSC", "secondary"),
        ("SSLC", "secondary"),
        ("Dip.", "diploma"),
    ],
)
def test_an_education_as_people_write_it_names_the_level(taxonomy, text, code):
    # when
    found = taxonomy.resolve("education", text)

    # then
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Diploma", "diploma"),
        ("Master's degree", "master"),
        ("grade 12", "secondary"),
        ("الصف السادس", "primary"),
    ],
)
def test_the_levels_already_read_are_read_the_same(taxonomy, text, code):
    # when
    found = taxonomy.resolve("education", text)

    # then
    assert found is not None
    assert found.code == code
