"""Several skills typed in one entry, separated by commas, semicolons, slashes or the Arabic
comma ("masonry, plastering", "تقويم الطلاب؛ إدارة الصف", "welding / plumbing"): each part that
names a skill counts, when the whole entry names none exactly and at least two parts name a
skill (issue 24, rules 2026-12.18)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


def _codes(taxonomy, *phrases: str) -> set[str]:
    return {taxonomy.resolve("skill", p).code for p in phrases}


@pytest.mark.parametrize(
    "entry",
    [
        "{0}, {1}",
        "{0}; {1}",
        "{0} / {1}",
        "{0}/{1}",
        "{0} ، {1}",
        "{0}؛ {1}",
        "{0} | {1}",
    ],
)
def test_each_skill_of_an_entry_that_lists_several_counts(taxonomy, entry):
    # given
    first, second = "Lesson planning", "Classroom management"
    expected = _codes(taxonomy, first, second)

    # when
    found = taxonomy.skill_phrases([entry.format(first, second)])

    # then
    assert found.codes == expected


def test_an_entry_in_both_scripts_lists_each_skill(taxonomy):
    # given
    entry = "تقويم الطلاب; Lesson planning; إدارة الصف; Teaching mathematics"
    expected = _codes(taxonomy, "تقويم الطلاب", "Lesson planning", "إدارة الصف")

    # when
    found = taxonomy.skill_phrases([entry])

    # then
    assert expected <= found.codes
    assert len(found.codes) >= 3


def test_a_skill_whose_name_holds_a_separator_is_read_whole(taxonomy):
    # given: a label with a comma or slash in it is one skill
    labels = [en for en, _ar in taxonomy.skills.values() if "," in en or "/" in en][:5]

    # when / then
    for label in labels:
        found = taxonomy.skill_phrases([label])
        assert found.codes == {taxonomy.resolve("skill", label).code}


def test_an_entry_whose_one_part_names_a_skill_counts_that_skill(taxonomy):
    # given: the other parts name nothing a vacancy asks for
    entry = "Arc welding; GPA 3.1; ready for shifts"

    # when
    found = taxonomy.skill_phrases([entry])

    # then
    assert found.codes == _codes(taxonomy, "Arc welding")


def test_an_entry_whose_part_in_one_script_is_exact_still_lists_the_others(taxonomy):
    # given: the Arabic part alone is a skill's exact label
    entry = "Emergency response and evacuation; تخطيط المسارات والملاحة"

    # when
    found = taxonomy.skill_phrases([entry])

    # then
    assert found.codes == _codes(
        taxonomy, "Emergency response and evacuation", "تخطيط المسارات والملاحة"
    )
