"""Lower apps ask higher ones through core.questions (ADR 0018): every question declared in an
app's `questions.py` has its answer once the apps are ready, and an unanswered or doubly
answered question fails loudly."""

from __future__ import annotations

import importlib
import importlib.util

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from core.questions import Question


def _declared_questions() -> list[tuple[str, Question]]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.questions"
        if config.name == "core" or importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        found += [
            (f"{name}.{attribute}", value)
            for attribute, value in vars(module).items()
            if isinstance(value, Question)
        ]
    return found


def test_the_apps_declare_questions():
    assert {name.split(".")[0] for name, _ in _declared_questions()} == {
        "accounts",
        "employers",
        "omanization",
        "permits",
        "employment",
        "accommodation",
        "inspections",
        "sanad",
        "notifications",
    }


@pytest.mark.parametrize(
    "question", [pytest.param(question, id=name) for name, question in _declared_questions()]
)
def test_every_question_is_answered_at_start_up(question):
    assert callable(question.ask)


def test_an_unanswered_question_says_so():
    question: Question = Question("test: nobody answers this")

    with pytest.raises(ImproperlyConfigured, match="nobody answers this"):
        question.ask()


def test_a_question_has_one_answer():
    question: Question = Question("test: one answer")
    question.answer_with(len)
    question.answer_with(len)  # the same answer again (AppConfig.ready run twice) is fine

    with pytest.raises(ImproperlyConfigured, match="answered twice"):
        question.answer_with(str)
    assert question.ask("abc") == 3
