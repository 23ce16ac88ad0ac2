"""Service tests of the employment lifecycle read refusals in English; the Arabic of the same
messages is checked in test_cases.py (test_refusals_read_in_arabic)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
