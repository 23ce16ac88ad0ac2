"""A place name of four letters typed with one left out ("مسط" for مسقط, "Lwa" for Liwa) names
its governorate when it is the only name of the governorates and wilayat it can come from;
three letters are otherwise too few to guess from (issue 24, rules 2026-12.11)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import Taxonomy, taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("مسط", "muscat"),
        ("مقط", "muscat"),
        ("ظار", "dhofar"),  # ظفار
        ("عري", "ad_dhahirah"),  # عبري, a wilayah
        ("Lwa", "north_al_batinah"),  # Liwa, a wilayah
        ("ولاية مسط", "muscat"),
    ],
)
def test_a_four_letter_place_with_a_letter_left_out_names_its_governorate(taxonomy, text, code):
    # when
    found = taxonomy.resolve("governorate", text)

    # then
    assert found is not None
    assert (found.code, found.method) == (code, "fuzzy")


def _places(*names: tuple[str, str]) -> Taxonomy:
    return Taxonomy.build(
        occupations=[],
        skills=[],
        unit_links=[],
        synonyms=[],
        education=[],
        governorates=[(code, name, name, "") for code, name in names],
    )


def test_a_short_name_two_places_could_come_from_names_none():
    # given: "Sar" is "Sara" and "Saru" with a letter left out
    taxonomy = _places(("north", "Sara"), ("south", "Saru"))

    # then
    assert taxonomy.resolve("governorate", "Sar") is None
    assert taxonomy.resolve("governorate", "Sra").code == "north"


def test_a_short_skill_or_a_name_of_two_letters_left_out_is_not_guessed(taxonomy):
    assert taxonomy.resolve("governorate", "مط") is None
    assert taxonomy.resolve("skill", "gil") is None
