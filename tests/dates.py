"""Dates relative to today that a parametrised test names at collection and reads at run time.

`pytest.mark.parametrize` evaluates its arguments when the module is collected. A date computed
there (`timezone.localdate() + 1 day`) is yesterday's "tomorrow" when the run crosses midnight in
Muscat (20:00 UTC), and the test then fails for a reason that is not in the code under test: CI
did exactly that. Name the offset instead and resolve it inside the test::

    @pytest.mark.parametrize("overrides", [{"observed_on": FromToday(1)}])
    def test_x(overrides):
        record(**resolve(overrides))

`tests/test_test_rules.py` refuses a date call in a decorator or at module level.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.utils import timezone


@dataclasses.dataclass(frozen=True)
class FromToday:
    """`days` after today in the portal's time zone (negative for the past)."""

    days: int
    iso: bool = False

    def resolve(self) -> datetime.date | str:
        day = timezone.localdate() + datetime.timedelta(days=self.days)
        return day.isoformat() if self.iso else day

    def __repr__(self) -> str:  # the test id
        return f"today{self.days:+d}"


def resolve(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with every `FromToday` replaced by its date now."""
    return {
        key: value.resolve() if isinstance(value, FromToday) else value
        for key, value in values.items()
    }
