"""A governorate as people in Oman write it: the direction of its name abbreviated or in
transliterated Arabic ("N. Batinah", "Shamal Al Batinah", "جنوب" is "janub"), the kind of place
after it ("Sohar area", "Muscat gov", "Musandam peninsula"), the central region (Al Wusta) and
a district of the capital or a town that is not a wilayah ("Ruwi", "Al Khuwair": towns in
`written_forms.csv`) (issue 24, rules 2026-12.15)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Shamal Al Batinah", "north_al_batinah"),
        ("Janub Al Batinah", "south_al_batinah"),
        ("janoob al batinah governorate", "south_al_batinah"),
        ("N. Batinah", "north_al_batinah"),
        ("S. Sharqiyah", "south_ash_sharqiyah"),
        ("N. Sharkiya gov", "north_ash_sharqiyah"),
        ("Central region", "al_wusta"),
        ("Sohar area", "north_al_batinah"),
        ("نزوى area", "ad_dakhiliyah"),
        ("Muscat gov", "muscat"),
        ("Musandam peninsula", "musandam"),
        ("Ruwi", "muscat"),
        ("Al Khuwair, Oman", "muscat"),
        ("ولاية روي", "muscat"),
        ("Fanja", "ad_dakhiliyah"),
    ],
)
def test_a_governorate_as_people_write_it_names_the_governorate(taxonomy, text, code):
    # when
    found = taxonomy.resolve("governorate", text)

    # then
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("North Al Batinah", "north_al_batinah"),
        ("South Al Batinah", "south_al_batinah"),
        ("Nizwa", "ad_dakhiliyah"),
        ("Sur", "south_ash_sharqiyah"),
        ("Al Wusta", "al_wusta"),
    ],
)
def test_the_names_already_known_still_name_their_governorate(taxonomy, text, code):
    # when
    found = taxonomy.resolve("governorate", text)

    # then
    assert found is not None
    assert found.code == code
