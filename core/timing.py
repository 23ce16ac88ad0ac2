"""Answers that take the same time whatever the answer (no enumeration by timing)."""

from __future__ import annotations

import time


def answer_no_sooner_than(started: float, *, floor_ms: int) -> None:
    """Sleep until `floor_ms` milliseconds have passed since `started` (time.monotonic()).

    A page that says the same words whether or not a number belongs to somebody must also take
    the same time: the work for a known number (a code, an SMS row, a registry call) is hidden
    under a fixed floor that is longer than that work.
    """
    remaining = floor_ms / 1000 - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
