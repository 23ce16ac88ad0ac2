"""An ISCO code written with the classification's name before it ("ISCO 7411", "ISCO-08:
7411", "isco08 7411", as CVs and other systems' exports write it) names its group, like the
bare code (issue 24, rules 2026-12.10)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ISCO 7411", "7411"),
        ("isco-08: 7411", "7411"),
        ("ISCO-08 7411", "7411"),
        ("isco08 741", "741"),
        ("ISCO: 8322", "8322"),
        ("ISCO 8322", "8322"),  # an 8 that begins the code is not the classification's 08
        ("ISCO-08: ٧٤١١", "7411"),  # Arabic-Indic digits
        ("7411 - electricians", "7411"),
    ],
)
def test_a_code_after_the_classifications_name_names_its_group(taxonomy, text, code):
    # when
    found = taxonomy.resolve("occupation", text)

    # then
    assert found is not None
    assert (found.code, found.method) == (code, "code")


@pytest.mark.parametrize("text", ["ISCO", "isco-08", "ISCO-08:"])
def test_the_classifications_name_alone_names_no_group(taxonomy, text):
    found = taxonomy.resolve("occupation", text)

    assert found is None or found.method != "code"
