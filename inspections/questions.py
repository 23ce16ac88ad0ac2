"""What inspections asks of the apps above it (ADR 0018), answered from their side at start-up.

- `accommodation_risk` (accommodation): per establishment of a governorate, the accommodation
  sites over capacity where its workers live and its workers whose accommodation records are
  unconfirmed or disagree, read set-based in one statement (the plan scores a governorate of
  30,000 establishments in one statement too). Only establishments with something to count
  are returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.questions import Question


@dataclass(frozen=True)
class AccommodationRisk:
    establishment_id: int
    sites_over_capacity: int
    residents_unconfirmed: int
    residents_mismatched: int


class AccommodationRiskRead(Protocol):
    def __call__(self, *, governorate: str) -> list[AccommodationRisk]: ...


accommodation_risk = Question[AccommodationRiskRead](
    "inspections: accommodation risk of a governorate's establishments"
)
