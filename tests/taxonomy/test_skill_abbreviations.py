"""A skill written as the abbreviation its certificate or licence class is known by: OHS
(occupational health and safety), ICDL / ECDL (the International, formerly European, Computer
Driving Licence), LMV / HMV (light and heavy motor vehicle, the licence classes of South Asia)
(issue 24, rules 2026-12.23)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("OHS", "occupational_safety"),
        ("ICDL", "computer_literacy"),
        ("ECDL certified", "computer_literacy"),
        ("LMV", "driving_licence_light"),
        ("LMV driver", "driving_licence_light"),
        ("HMV", "driving_licence_heavy"),
    ],
)
def test_an_abbreviation_names_the_skill(taxonomy, text, code):
    # when
    found = taxonomy.resolve("skill", text)

    # then
    assert found is not None
    assert found.code == code
