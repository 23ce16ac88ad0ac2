"""A skill phrase read word by word (issue 24, rules 2026-12.9): the words of a skill in
another order or with a small word between them, a word cut short, half the phrase in each
script, and Arabic words with their clitics, still name the skill; what names no skill
stays unresolved."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files
from taxonomy.words import WordIndex, word_form


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("maint. of pumps", "pump_maintenance"),  # cut short, "of" between, the other order
        ("elec. wiring", "electrical_wiring"),
        ("wiring, electrical", "electrical_wiring"),
        ("رخصة heavy vehicle driving", "driving_licence_heavy"),  # English alone: the driving
        ("ادارة hotel operations", "hotel_management"),
        ("مراقبة stock", "stock_control"),  # "stock" alone reads as livestock
        ("تحليل data", "data_analysis"),
    ],
)
def test_a_phrase_read_word_by_word_names_the_skill_whose_words_it_uses(taxonomy, text, code):
    # when
    found = taxonomy.resolve("skill", text)

    # then
    assert found is not None
    assert (found.code, found.method) == (code, "fuzzy")


@pytest.mark.parametrize("text", ["available immediately", "married", "own car", "نشيط"])
def test_words_that_name_no_skill_stay_unresolved(taxonomy, text):
    assert taxonomy.resolve("skill", text) is None


@pytest.mark.parametrize(
    ("words", "form"),
    [
        (("بالطوب", "الطوب", "طوب"), "طوب"),  # the article, and ب before it
        (("والكي", "الكي"), "كي"),  # و before the article
        (("للسيارات", "السيارات", "سيارات", "سياره"), "سيار"),  # ل+ال, plural, taa marbuta
        (("البناء", "البنا", "بناء"), "بنا"),  # hamza on the line left out
        (("engines", "engine"), "engine"),
    ],
)
def test_a_word_with_its_clitics_and_endings_has_one_form(words, form):
    assert {word_form(word) for word in words} == {form}


def test_a_word_is_not_cut_below_two_letters():
    assert word_form("له") == "له"
    assert word_form("بال") == "بال"


def test_the_phrase_must_have_most_of_the_skills_words_and_its_words_most_of_the_phrase():
    # given
    index = WordIndex(
        ["engine repair", "engine", "pump maintenance"], ["engine_repair", "engines", "pumps"]
    )

    # when
    repair, score = index.best("repair of the engine") or ("", 0.0)
    bare, bare_score = index.best("engine") or ("", 0.0)

    # then
    assert (repair, score) == ("engine_repair", pytest.approx(1.0))
    assert (bare, bare_score) == ("engines", pytest.approx(1.0))
    assert index.best("gardening") is None
