"""A skill said of a person in Gulf Arabic ("عنده خبرة التفاوض", "يعرف الرسم الفني", "لدي خبرة
حل المشكلات") or given with a rating after it ("التنجيد - ممتاز", "negotiation - excellent")
names the skill (framing words, issue 24, rules 2026-12.22)."""

from __future__ import annotations

import pytest

from taxonomy.resolve import taxonomy_from_files


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("عنده خبرة التفاوض", "negotiation"),
        ("عندي خبرة في خدمة العملاء", "customer_service"),
        ("لديه خبرة حل المشكلات", "problem_solving"),
        ("يعرف الرسم الفني", "technical_drawing"),
        ("يجيد التنجيد", "upholstery"),
        ("التنجيد - ممتاز", "upholstery"),
        ("حل المشكلات جيد جدا", "problem_solving"),
        ("negotiation - excellent", "negotiation"),
    ],
)
def test_a_skill_said_of_a_person_or_rated_names_the_skill(taxonomy, text, code):
    # when
    found = taxonomy.resolve("skill", text)

    # then
    assert found is not None
    assert found.code == code
