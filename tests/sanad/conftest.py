"""Sanad tests ask an in-process civil registry (tests/permits/registry.py) unless they start
the stub entities (`stub`)."""

from __future__ import annotations

import pytest

from tests.permits.registry import FakeRegistry, install


@pytest.fixture(autouse=True)
def registry(request, monkeypatch) -> FakeRegistry | None:
    """The civil registry the consent services ask (None when the test uses `stub`)."""
    return install(request, monkeypatch)
