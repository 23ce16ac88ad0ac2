"""Payment tests: the stub gateway on loopback (its callbacks collected, delivered through the
test client), and the in-process civil registry of the permit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from payments.gateway_stub import StubGateway
from tests.payments.helpers import Collected
from tests.permits.registry import FakeRegistry, install


@pytest.fixture(autouse=True)
def registry(request, monkeypatch) -> FakeRegistry | None:
    return install(request, monkeypatch)


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path) -> None:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def gateway(settings) -> Iterator[StubGateway]:
    """The stub gateway on a free loopback port; callbacks wait in `gateway.collected`."""
    from payments.gateway import _gateway

    collected = Collected()
    stub = StubGateway(
        secret_key=settings.PAYMENT_GATEWAY_SECRET_KEY,
        webhook_secret=settings.PAYMENT_WEBHOOK_SECRET,
        timeout_sleep=1.2,
        deliver=collected.add,
    ).start()
    stub.collected = collected  # type: ignore[attr-defined]
    settings.PAYMENT_GATEWAY_URL = stub.url
    settings.PAYMENT_GATEWAY_TIMEOUT = 0.5
    _gateway.cache_clear()
    yield stub
    stub.stop()
    _gateway.cache_clear()
