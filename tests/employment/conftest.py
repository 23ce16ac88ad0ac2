"""Service tests of the employment lifecycle read refusals in English; the Arabic of the same
messages is checked in test_cases.py (test_refusals_read_in_arabic).

Every test reaches the civil registry of the stub entities over loopback (the real client, the
real answers of integrations.stubs.people): one server for the session, reset before each test
(`registry`). A test that wants a server of its own asks for `stub` (as tests/integrations do).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from integrations.stubs.server import StubEntities


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def _registry_server() -> Iterator[StubEntities]:
    server = StubEntities(seed=7, scale=300).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def registry(_registry_server: StubEntities, settings) -> StubEntities:
    """The stub civil registry every test talks to, with no fault, mode or planted answer."""
    _registry_server.reset()
    with _registry_server.lock:
        _registry_server.people.clear()
    settings.INTEGRATIONS_STUB_URL = _registry_server.url
    settings.INTEGRATIONS_CIVIL_REGISTRY_URL = ""
    settings.CIVIL_REGISTRY_READ_TIMEOUT = 1.0
    settings.INTEGRATIONS_CONNECT_TIMEOUT = 1.0
    return _registry_server
