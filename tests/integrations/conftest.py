"""Integration tests: backoff waits recorded instead of slept (the `stub` entities fixture is in
tests/conftest.py)."""

from __future__ import annotations

import pytest

import integrations.services


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The backoff waits a sync asks for, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(integrations.services, "_sleep", recorded.append)
    return recorded
