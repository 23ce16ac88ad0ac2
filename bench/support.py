"""Helpers the benchmarks share with the tests: signing a staff member in with a confirmed
authenticator, and pointing Celery at a real broker. Here, not in tests/, because a benchmark
runs with the runtime install alone (tests import them from here)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from celery import Celery
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in_staff(client: Client, user: Any) -> TOTPDevice:
    """Sign a staff member in as if they had passed TOTP (a confirmed authenticator)."""
    device = TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@contextlib.contextmanager
def celery_on_broker(url: str, *, results: bool = False) -> Iterator[Celery]:
    """Point the project's Celery app at a real broker for one test (and at it as the result
    backend too when the test reads task results)."""
    from labor_portal.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager", "broker_transport_options")
    saved = {key: app.conf[key] for key in keys}

    def reset_pools() -> None:
        app._pool = None  # type: ignore[attr-defined]
        if "amqp" in app.__dict__:
            app.amqp._producer_pool = None  # type: ignore[attr-defined]
        # the result backend is cached per thread
        app._local.__dict__.pop("backend", None)  # type: ignore[attr-defined]

    app.conf.update(
        broker_url=url,
        result_backend=url if results else None,
        task_always_eager=False,
        broker_transport_options={**saved["broker_transport_options"], "max_retries": 0},
    )
    reset_pools()
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset_pools()
