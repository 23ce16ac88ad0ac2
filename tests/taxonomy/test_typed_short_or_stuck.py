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


def test_digits_and_doubled_letters_are_left_as_typed():
    assert normalize("7111 skills") == "7111 skills"
    assert normalize("Accounting") == "accounting"


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
        pytest.param("Teamworkkk", "Teamwork", id="stuck-1"),
        pytest.param(
            "iiindustrial mechanical maintenance", "industrial mechanical maintenance", id="stuck-2"
        ),
        pytest.param("Clllassroom management", "Classroom management", id="stuck-3"),
        pytest.param("Peoppple management", "People management", id="stuck-4"),
        pytest.param("خدمةةة العملاء", "خدمة العملاء", id="stuck-5"),
        pytest.param("Risk mgmt", "Risk management", id="contracted-7"),
        pytest.param("people mgmt", "People management", id="contracted-8"),
        pytest.param("Classroom mgmt", "Classroom management", id="contracted-9"),
        pytest.param("cust. svc", "Customer service", id="contracted-10"),
        pytest.param("Process Engg", "Process engineering", id="contracted-11"),
        pytest.param("1) PEOPLE MGMT", "People management", id="cv-words-13"),
        pytest.param("* Exp. In Cust. Svc", "Customer service", id="cv-words-14"),
        pytest.param("• cust. svc etc", "Customer service", id="cv-words-15"),
        pytest.param("- hands-on Repurt writing", "Report writing", id="cv-words-16"),
        pytest.param("2. hands-on network admin", "Network administration", id="cv-words-17"),
        pytest.param("خدمة الزبائن", "خدمة العملاء", id="gulf-19"),
        pytest.param("بناء طابوق", "أعمال البناء بالطوب", id="gulf-20"),
        pytest.param("OPS MGMT", "Operations management", id="plural-language-22"),
        pytest.param("English (spoken & written)", "English language", id="plural-language-23"),
        pytest.param("arabic native", "Arabic language", id="plural-language-24"),
    ],
)
def test_a_phrase_typed_so_names_the_skill_its_plain_form_names(taxonomy, typed, meant):
    """stuck: a key stuck; contracted: consonants kept; cv-words: CV words and a list's
    numbering around it; gulf: a Gulf word for the label's; plural-language: a plural
    contracted, a language said with how it is known."""
    # given
    expected = _skill(taxonomy, meant)

    # when / then
    assert expected is not None
    assert _skill(taxonomy, typed) == expected
