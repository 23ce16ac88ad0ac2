"""The occupation inferred for someone who gave none (issue 24, rules 2026-12.14): the unit
group whose typical skills explain most of theirs, not the one whose few skills they happen
to cover. The weighted skills shared are divided by the square root of the unit group's
weight (a cosine), so a small unit group is no longer preferred only for being small."""

from __future__ import annotations

import pytest

from jobseekers.matching.dataset import guess_fits
from taxonomy.resolve import Taxonomy


def _taxonomy() -> Taxonomy:
    skills = ["s1", "s2", "s3", "s4", "s5"]
    return Taxonomy.build(
        occupations=[("7", "Trades", ""), ("71", "Building", ""), ("7111", "Small", ""),
                     ("7112", "Broad", "")],
        skills=[(code, "trades", code, "") for code in skills],
        unit_links=[("7111", "s1", "essential"), ("7111", "s2", "essential")]
        + [("7112", code, "essential") for code in skills],
        synonyms=[],
        education=[],
        governorates=[],
    )  # fmt: skip


def test_the_unit_group_that_explains_most_of_the_skills_is_guessed_first():
    # given: someone holding four of the broad group's five skills, two of them the small
    # group's only two
    taxonomy = _taxonomy()
    held = frozenset({"s1", "s2", "s3", "s4"})

    # when
    guesses = taxonomy.infer_occupations(held, limit=2)

    # then
    assert guesses == ("7112", "7111")


def test_someone_holding_exactly_a_small_groups_skills_is_guessed_into_it():
    taxonomy = _taxonomy()

    assert taxonomy.infer_occupations(frozenset({"s1", "s2"}), limit=1) == ("7111",)


def test_the_fits_of_the_guesses_are_scored_as_the_guesses_are():
    # given
    taxonomy = _taxonomy()
    held = frozenset({"s1", "s2", "s3", "s4"})

    # when
    fits = guess_fits(("7112", "7111"), held, taxonomy)

    # then: 8 / sqrt(11) for the broad group, 4 / sqrt(5) for the small one
    assert fits == pytest.approx((1.0, (4 / 5**0.5) / (8 / 11**0.5)))
