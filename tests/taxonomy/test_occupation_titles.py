"""A job title with a word of rank before it ("senior roofers", "assistant firefighters",
"فني الندل"), which no title or synonym spells, names the occupation of the title without it;
a rank the synonyms give its own group keeps it ("junior accountant", "مساعد طباخ")
(issue 24, rules 2026-12.12)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("senior roofers", "roofers"),
        ("Senior Hairdressers", "hairdressers"),
        ("assistant firefighters", "firefighters"),
        ("asistant firefighters", "firefighters"),  # the rank word misspelt
        ("trainee roofers", "roofers"),
        ("فني الندل", "الندل"),
        ("فني المحاسبون", "المحاسبون"),
    ],
)
def test_a_title_with_a_rank_names_the_occupation_of_the_title_without_it(taxonomy, text, bare):
    # given
    without = taxonomy.resolve("occupation", bare)
    assert without is not None

    # when
    found = taxonomy.resolve("occupation", text)

    # then
    assert found is not None
    assert found.code == without.code


@pytest.mark.parametrize(("text", "code"), [("junior accountant", "3313"), ("مساعد طباخ", "9412")])
def test_a_rank_the_synonyms_name_keeps_its_own_group(taxonomy, text, code):
    assert taxonomy.resolve("occupation", text).code == code
