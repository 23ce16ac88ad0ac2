"""A question a lower app asks and a higher app answers (ADR 0018).

Apps sit in layers (`.importlinter`): an app imports only the apps below it. When a lower app
needs an answer that only a higher app has (does this person represent an establishment? may
this worker move to another employer?), it declares the question in its `questions.py`, with
the answer's signature as a Protocol:

    class PendingHires(Protocol):
        def __call__(self, *, establishment: Establishment) -> list[Hire]: ...

    pending_hires = Question[PendingHires]("omanization: hires waiting for a work permit")

and asks it: `pending_hires.ask(establishment=establishment)`. The higher app answers from its
`AppConfig.ready()`: `pending_hires.answer_with(pending_hires_for_establishment)`. mypy checks
the answer against the Protocol; asking a question that no app answers raises
ImproperlyConfigured, and so does a second, different answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

F = TypeVar("F", bound=Callable[..., Any])


class Question(Generic[F]):
    """One question, answered by one function of a higher app."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._answer: F | None = None

    def __repr__(self) -> str:
        return f"<Question {self.name!r}>"

    def answer_with(self, answer: F) -> None:
        """Give the answer (from the answering app's `AppConfig.ready()`)."""
        if self._answer is not None and self._answer is not answer:
            raise ImproperlyConfigured(f"{self.name!r} is answered twice.")
        self._answer = answer

    @property
    def ask(self) -> F:
        """The answering function: `question.ask(...)` calls it."""
        if self._answer is None:
            raise ImproperlyConfigured(
                f"No app answers {self.name!r}: the app that does calls answer_with() from its "
                "AppConfig.ready(), and it must be in INSTALLED_APPS."
            )
        return self._answer
