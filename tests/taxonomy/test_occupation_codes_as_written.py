"""An ISCO code with the word for a code before it ("Code 5141", "occupation code: 7411",
"رمز المهنة 5142", "كود 7411") or typed with spaces inside it ("23 53", as a code is read out
in pairs) names its group, like the bare code (issue 24, rules 2026-12.17)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Code 5141", "5141"),
        ("code: 7411", "7411"),
        ("Occupation code 7411", "7411"),
        ("ISCO code 8322", "8322"),
        ("job code #7411", "7411"),
        ("رمز المهنة 5142", "5142"),
        ("رمز المهنه: 7411", "7411"),
        ("كود ٧٤١١", "7411"),
        ("Code 31", "31"),
        ("23 53", "2353"),
        ("74 11 - electricians", "7411"),
        ("ISCO 23 53", "2353"),
    ],
)
def test_a_code_as_people_write_it_names_its_group(taxonomy, text, code):
    # when
    found = taxonomy.resolve("occupation", text)

    # then
    assert found is not None
    assert (found.code, found.method) == (code, "code")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("7411", "7411"),
        ("ISCO-08: 7411", "7411"),
        ("7411 - electricians", "7411"),
        ("2353 12", "2353"),  # a code of four digits is whole: what follows is not part of it
    ],
)
def test_a_code_written_plainly_names_the_same_group(taxonomy, text, code):
    # when
    found = taxonomy.resolve("occupation", text)

    # then
    assert found is not None
    assert found.code == code
