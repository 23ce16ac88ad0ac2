"""Framing words of two words or more typed a slip away ("خربة في", "expereinced in", "goud
knowledge of") are dropped like the words spelt right (issue 24, rules 2026-12.13)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("خربة في التوظيف", "recruitment"),
        ("خبرو في تحضير الطعام", "food_preparation"),
        ("expereinced in forklift operation", "forklift_operation"),
        ("goud knowledge of teamwork", "teamwork"),
        ("experiense with first aid", "first_aid"),
    ],
)
def test_framing_words_a_slip_away_are_dropped(taxonomy, text, code):
    # when
    found = taxonomy.resolve("skill", text)

    # then
    assert found is not None
    assert found.code == code


def test_a_single_framing_word_a_slip_away_is_kept():
    # "basic" and "strong" are one slip from words that may begin a skill: only framing of
    # two words or more is taken a slip away
    from taxonomy.resolve import _framing, _without_slipped_prefix

    prefixes, _suffixes = _framing()
    assert _without_slipped_prefix("basin cleaning", prefixes) == "basin cleaning"
