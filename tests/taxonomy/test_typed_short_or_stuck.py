"""Words typed short or with a key stuck, and education as Omani and South Asian forms write
it (issue 24, rules 2026-12.25): a letter typed three times or more is read once ("Teamworkkk",
"iiindustrial"); an English word contracted to its consonants is read as the word ("Risk mgmt",
"cust. svc", "Process Engg"); "دبلوم بعد التعليم العام" is a diploma (not the General
Education Diploma it follows), "خريج جامعة" a first degree, "12th pass" and "Plus Two" a
secondary certificate."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files
from taxonomy.text import normalize


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


def _skill(taxonomy, text):
    found = taxonomy.resolve("skill", text)
    return found.code if found is not None else None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Teamworkkk", "Teamwork"),
        ("iiindustrial mechanical maintenance", "industrial mechanical maintenance"),
        ("Clllassroom management", "Classroom management"),
        ("Peoppple management", "People management"),
        ("خدمةةة العملاء", "خدمة العملاء"),
    ],
)
def test_a_letter_typed_three_times_is_read_once(taxonomy, typed, meant):
    # given
    expected = _skill(taxonomy, meant)

    # when / then
    assert expected is not None
    assert _skill(taxonomy, typed) == expected


def test_digits_and_doubled_letters_are_left_as_typed():
    assert normalize("7111 skills") == "7111 skills"
    assert normalize("Accounting") == "accounting"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Risk mgmt", "Risk management"),
        ("people mgmt", "People management"),
        ("Classroom mgmt", "Classroom management"),
        ("cust. svc", "Customer service"),
        ("Process Engg", "Process engineering"),
    ],
)
def test_a_word_contracted_to_its_consonants_is_read_as_the_word(taxonomy, typed, meant):
    # given
    expected = _skill(taxonomy, meant)

    # when / then
    assert expected is not None
    assert _skill(taxonomy, typed) == expected


def test_a_contraction_is_the_word_whose_consonants_it_keeps_most_of(taxonomy):
    # when
    near = dict(taxonomy._words.near("mktg"))

    # then
    assert near == {"marketing": pytest.approx(0.8)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("دبلوم بعد التعليم العام", "diploma"),
        ("دبلوم بعد العام", "diploma"),
        ("الدبلوم العام", "secondary"),
        ("خريج جامعة", "bachelor"),
        ("خريج جامعة السلطان قابوس", "bachelor"),
        ("12th pass", "secondary"),
        ("Plus Two", "secondary"),
        ("matric", "secondary"),
    ],
)
def test_education_as_omani_and_south_asian_forms_write_it(taxonomy, text, code):
    found = taxonomy.resolve("education", text)
    assert found is not None
    assert found.code == code


def test_a_grade_passed_is_the_grade(taxonomy):
    assert (
        taxonomy.resolve("education", "10th passed").code
        == taxonomy.resolve("education", "10th").code
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("1) PEOPLE MGMT", "People management"),
        ("* Exp. In Cust. Svc", "Customer service"),
        ("• cust. svc etc", "Customer service"),
        ("- hands-on Repurt writing", "Report writing"),
        ("2. hands-on network admin", "Network administration"),
    ],
)
def test_a_phrase_is_read_word_by_word_without_its_cv_words_and_numbering(taxonomy, typed, meant):
    # given
    expected = _skill(taxonomy, meant)

    # when / then
    assert expected is not None
    assert _skill(taxonomy, typed) == expected


@pytest.mark.parametrize(
    ("gulf", "label"),
    [("خدمة الزبائن", "خدمة العملاء"), ("بناء طابوق", "أعمال البناء بالطوب")],
)
def test_a_gulf_word_reads_as_the_labels_word(taxonomy, gulf, label):
    # given
    expected = _skill(taxonomy, label)

    # when / then
    assert expected is not None
    assert _skill(taxonomy, gulf) == expected


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("OPS MGMT", "Operations management"),
        ("English (spoken & written)", "English language"),
        ("arabic native", "Arabic language"),
    ],
)
def test_a_plural_contracted_and_a_language_said_with_how_it_is_known(taxonomy, typed, meant):
    # given
    expected = _skill(taxonomy, meant)

    # when / then
    assert expected is not None
    assert _skill(taxonomy, typed) == expected
