"""The stub entities on a free loopback port, and the sync settings tests use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import integrations.services
from integrations.stubs.server import StubEntities


@pytest.fixture
def stub(settings) -> Iterator[StubEntities]:
    """Stub entities (seed 7, 3,000 social-insurance records) that the clients talk to."""
    server = StubEntities(seed=7, scale=3000).start()
    settings.INTEGRATIONS_STUB_URL = server.url
    settings.INTEGRATIONS_BASE_URLS = {}
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = ""
    settings.CIVIL_REGISTRY_READ_TIMEOUT = 1.0
    settings.INTEGRATIONS_PAGE_SIZE = 500
    settings.INTEGRATIONS_CONNECT_TIMEOUT = 1.0
    settings.INTEGRATIONS_READ_TIMEOUT = 1.0
    settings.INTEGRATIONS_MAX_ATTEMPTS = 3
    settings.INTEGRATIONS_BACKOFF_BASE_SECONDS = 0.5
    settings.INTEGRATIONS_BACKOFF_MAX_SECONDS = 30.0
    yield server
    server.stop()


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The backoff waits a sync asks for, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(integrations.services, "_sleep", recorded.append)
    return recorded
