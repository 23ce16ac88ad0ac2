"""What employers asks of the apps above it (ADR 0018), answered from their AppConfig.ready().

- `open_vacancies_close` (jobseekers): close the open vacancies of establishments the commerce
  registry struck off; returns how many were closed, per establishment.
- `commerce_registry_lookup` (integrations): ask the commerce registry now about one CR number
  that its feed has not brought yet, and apply its record as the sync would (the establishment
  and its owners). Returns False when the registry does not know the number; raises
  CommerceRegistryUnavailableError when it cannot answer now.
"""

from __future__ import annotations

from typing import Protocol

from core.questions import Question


class CommerceRegistryUnavailableError(Exception):
    """The commerce registry could not give a usable answer now (outage, timeout, bad answer)."""


class VacanciesClose(Protocol):
    def __call__(self, *, establishment_ids: list[int], note: str) -> dict[int, int]: ...


class RegistryLookup(Protocol):
    def __call__(self, *, cr_number: str) -> bool: ...


open_vacancies_close = Question[VacanciesClose](
    "employers: close the open vacancies of an establishment that was struck off"
)
commerce_registry_lookup = Question[RegistryLookup](
    "employers: look one CR number up in the commerce registry now and apply its record"
)
