"""Permit tests store uploaded documents in a temporary folder, and ask an in-process civil
registry (tests/permits/registry.py) unless they start the stub entities (`stub`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.permits.registry import FakeRegistry, install


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path: Path) -> Path:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture(autouse=True)
def registry(request, monkeypatch) -> FakeRegistry | None:
    """The civil registry the permit services ask (None when the test uses `stub`)."""
    return install(request, monkeypatch)
