"""What omanization asks of the apps above it (ADR 0018), answered from their AppConfig.ready().

- `pending_hires` (permits): the foreign hires an establishment has on the way (approved permits
  whose worker is not yet on the register, and applications waiting for a decision), which the
  employer's projection counts.
"""

from __future__ import annotations

from typing import Protocol

from core.questions import Question
from employers.models import Establishment
from omanization.compliance import Hire


class PendingHires(Protocol):
    def __call__(self, *, establishment: Establishment) -> list[Hire]: ...


pending_hires = Question[PendingHires](
    "omanization: the foreign hires on the way to an establishment"
)
