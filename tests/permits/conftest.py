"""Permit tests store uploaded documents in a temporary folder, and ask an in-process civil
registry (tests/permits/registry.py) unless they start the stub entities (`stub`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from integrations.stubs.server import StubEntities
from tests.permits.registry import FakeRegistry, install


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path: Path) -> Path:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture(autouse=True)
def registry(request, monkeypatch) -> FakeRegistry | None:
    """The civil registry the permit services ask (None when the test uses `stub`)."""
    return install(request, monkeypatch)


@pytest.fixture
def stub(settings) -> Iterator[StubEntities]:
    """The stub entities on a free loopback port (as tests/integrations/conftest.py), for the
    end-to-end tests of the civil registry."""
    server = StubEntities(seed=7, scale=3000).start()
    settings.INTEGRATIONS_STUB_URL = server.url
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = ""
    settings.INTEGRATIONS_BASE_URLS = {}
    settings.INTEGRATIONS_CONNECT_TIMEOUT = 1.0
    settings.INTEGRATIONS_READ_TIMEOUT = 1.0
    settings.CIVIL_REGISTRY_READ_TIMEOUT = 1.0
    yield server
    server.stop()
