"""Shared fixtures: users of every role, signed-in clients, and a real Redis when one exists."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from employers.models import Establishment
from notifications.fake_provider import FakeSmsProvider
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: str = User.Role.JOBSEEKER, **kwargs: object) -> User:
        return UserFactory.create(role=role, **kwargs)

    return make


@pytest.fixture
def establishment(db: None) -> Establishment:
    return EstablishmentFactory.create()


@pytest.fixture
def employer_user(establishment: Establishment) -> User:
    return MembershipFactory.create(establishment=establishment).user


def sign_in_staff(client: Client, user: User) -> TOTPDevice:
    """Sign a staff member in as if they had passed TOTP (a confirmed authenticator)."""
    device = TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def staff_client(client: Client, make_user: Callable[..., User]) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        sign_in_staff(client, make_user(role))
        return client

    return make


# --- Redis ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _redis_unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but Redis is unavailable: {reason}", pytrace=False)
    pytest.skip(f"needs Redis: {reason} (set REDIS_URL or put redis-server on PATH)")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis for this test session: REDIS_URL if set, else a private redis-server on loopback."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        _redis_unavailable("redis-server is not on PATH")
        return
    port = _free_port()
    workdir = tempfile.mkdtemp(prefix="portal-redis-")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
            "--maxmemory-policy",
            "noeviction",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Wait for the server's own "ready" line rather than polling on a timer.
    assert process.stdout is not None
    for line in process.stdout:
        if "Ready to accept connections" in line:
            break
    else:
        process.kill()
        _redis_unavailable("redis-server exited before it was ready")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


# --- SMS -----------------------------------------------------------------------------------------


@pytest.fixture
def fake_sms(settings) -> Iterator[FakeSmsProvider]:
    """The fake SMS provider on a free loopback port, used through the real twilio SDK."""
    from notifications.clients import _provider

    provider = FakeSmsProvider(auth_token=settings.TWILIO_AUTH_TOKEN, timeout_sleep=1.5).start()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_API_BASE_URL = provider.url
    settings.SMS_PROVIDER_TIMEOUT = 0.5
    provider.state.callbacks = False  # tests that want receipts turn them on
    _provider.cache_clear()
    yield provider
    provider.stop()
    _provider.cache_clear()
