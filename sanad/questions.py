"""What sanad asks of the apps above it (ADR 0018), answered from their AppConfig.ready().

- `counter_fee_recorded` (payments): told of a fee the clerk just recorded at the counter,
  inside the recording's transaction; payments makes it an invoice paid at the counter (a
  counter payment with its receipt), at the time of the act.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from core.questions import Question

if TYPE_CHECKING:
    from sanad.models import SanadFee


class CounterFeeRecorded(Protocol):
    def __call__(self, *, fee: SanadFee) -> object: ...


counter_fee_recorded = Question[CounterFeeRecorded]("counter_fee_recorded")
