"""Fields people write in parts (issue 24, rules 2026-12.24): a place with its town or district
before the governorate ("Al Seeb, Muscat", "صحار - شمال الباطنة"), an ISCO code after any
word or two ("Occ. 7411", "No. 7411"), skills joined by a plus sign ("welding + grinding") and,
when the whole names nothing, by "and", "&" or "و" between two skills."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


def _code(taxonomy, kind, text):
    found = taxonomy.resolve(kind, text)
    return found.code if found is not None else None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Al Seeb, Muscat", "muscat"),
        ("Seeb, muscat governorate", "muscat"),
        ("بوشر، محافظة مسقط", "muscat"),
        ("Al Khuwair, Seeb, Muscat", "muscat"),
        ("صحار - شمال الباطنة", "north_al_batinah"),
        ("Salalah / Dhofar", "dhofar"),
        ("Nizwa, Ad Dakhiliyah", "ad_dakhiliyah"),
    ],
)
def test_a_place_written_with_its_town_names_its_governorate(taxonomy, text, code):
    assert _code(taxonomy, "governorate", text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Sohar, Muscat",  # two governorates: which one is not said
        "somewhere, nowhere",
    ],
)
def test_a_place_whose_parts_disagree_or_name_nothing_names_none(taxonomy, text):
    assert _code(taxonomy, "governorate", text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Occ. 7411", "7411"),
        ("occ 7411", "7411"),
        ("No. 7411", "7411"),
        ("Occupation No. 7411", "7411"),
        ("مهنة: 7411", "7411"),
        ("Occ. ٧٤١١", "7411"),
        ("Occ. 7411 (electrician)", "7411"),
    ],
)
def test_a_code_after_any_word_names_its_unit_group(taxonomy, text, code):
    # when
    found = taxonomy.resolve("occupation", text)

    # then
    assert found is not None
    assert (found.code, found.method) == (code, "code")


@pytest.mark.parametrize("text", ["since 2019", "Tel. 2456", "room 9999"])
def test_four_digits_that_are_no_unit_group_are_not_cut_to_a_prefix(taxonomy, text):
    found = taxonomy.resolve("occupation", text)
    assert found is None or found.method != "code"


@pytest.mark.parametrize(
    "entry",
    ["{0} + {1}", "{0}+ {1}", "{0} and {1}", "{0} & {1}", "{0} و {1}"],
)
def test_two_skills_joined_in_one_entry_both_count(taxonomy, entry):
    # given
    first, second = "Risk management", "الأمن السيبراني"
    expected = {_code(taxonomy, "skill", first), _code(taxonomy, "skill", second)}

    # when
    found = taxonomy.skill_phrases([entry.format(first, second)])

    # then
    assert found.codes == expected


@pytest.mark.parametrize(
    "text",
    ["Occupational health and safety", "Food safety & hygiene", "Hand and power tools"],
)
def test_one_skill_whose_name_holds_and_is_read_whole(taxonomy, text):
    # when
    found = taxonomy.skill_phrases([text])

    # then one skill, the one the whole name names
    assert found.codes == {_code(taxonomy, "skill", text)}


def test_a_plus_inside_a_name_does_not_split_it():
    from taxonomy.resolve import _list_parts

    assert _list_parts("C++ programming") == []
    assert _list_parts("welding + C++") == ["welding", "C++"]


@pytest.mark.parametrize("text", ["7ares", "6abba5", "7addad"])
def test_digits_run_into_letters_are_no_code(taxonomy, text):
    # a title typed in Arabizi (7 for ح, 6 for ط) is not the major group of its first digit
    found = taxonomy.resolve("occupation", text)
    assert found is None or found.method != "code"
