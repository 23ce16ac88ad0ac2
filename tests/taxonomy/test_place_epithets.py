"""A governorate written with its capital's epithet ("مسقط العامرة", Muscat the flourishing),
by its airport's code ("MCT", "SLL"), or by the name of a region that spans several wilayat of
one governorate ("جعلان", Ja'alan) (issue 24, rules 2026-12.21)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("مسقط العامرة", "muscat"),
        ("محافظة مسقط العامرة", "muscat"),
        ("Muscat Al Amerah", "muscat"),
        ("MCT", "muscat"),
        ("MCT, Oman", "muscat"),
        ("SLL", "dhofar"),
        ("جعلان", "south_ash_sharqiyah"),
        ("Jaalan", "south_ash_sharqiyah"),
        ("ولاية جعلان", "south_ash_sharqiyah"),
    ],
)
def test_an_epithet_an_airport_or_a_region_names_the_governorate(taxonomy, text, code):
    # when
    found = taxonomy.resolve("governorate", text)

    # then
    assert found is not None
    assert found.code == code
