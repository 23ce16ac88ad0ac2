"""What notifications asks the apps above it (ADR 0018)."""

from __future__ import annotations

from typing import Any, Protocol

from core.questions import Question


class WorkerPopulation(Protocol):
    def __call__(self) -> tuple[str, list[Any]]:
        """SQL (and its parameters) of one row per foreign worker a broadcast can reach, with
        the columns named in notifications.segments.POPULATION_COLUMNS."""
        ...


# The workers a broadcast is sent to, before its segment narrows them (answered by employment,
# which knows the register, the worker's accounts and the language of their contracts).
broadcast_population = Question[WorkerPopulation](
    "notifications: the foreign workers a broadcast can reach"
)
