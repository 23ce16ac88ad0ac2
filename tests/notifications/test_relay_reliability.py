"""The SMS relay on real PostgreSQL, a real Redis and real workers: outages and crashes lose
nothing and send nothing twice."""

from __future__ import annotations

import datetime
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, transaction
from django.utils import timezone

import notifications.services
from accounts.models import User
from notifications.models import SmsMessage
from notifications.services import sms_enqueue, sms_sweep
from tests.conftest import celery_on_broker, wait_until
from tests.processes import start_worker_process, stop_process_group, worker_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]


def _status_counts() -> dict[str, object]:
    stuck = SmsMessage.objects.exclude(status=SmsMessage.Status.SENT).first()
    history = (
        list(stuck.events.values_list("source", "from_status", "to_status", "note"))
        if stuck
        else []
    )
    return {
        **Counter(SmsMessage.objects.values_list("status", flat=True)),
        "stuck": history,
        "next": stuck.next_attempt_at if stuck else None,
        "activity": _activity(),
    }


def _activity() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state, left(query, 80) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchall()


def _sent_count() -> int:
    return SmsMessage.objects.filter(status=SmsMessage.Status.SENT).count()


def _count_publishes(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record each attempt to publish the relay's task on the broker (the attempt still runs)."""
    from notifications.tasks import send_sms_batch_task

    attempts: list[Any] = []
    publish = send_sms_batch_task.apply_async

    def counted(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        return publish(*args, **kwargs)

    monkeypatch.setattr(send_sms_batch_task, "apply_async", counted)
    return attempts


def test_requests_succeed_while_redis_is_down_and_the_messages_go_out_after(
    client, make_user, fake_sms, private_redis, civil_registry, monkeypatch
):
    # given ten citizens who will ask for sign-in codes (codes go to the civil registry's mobile,
    # which the stub derives from the number: "+9689" and its last seven digits)
    citizens = [
        make_user(
            User.Role.JOBSEEKER,
            civil_id=f"3200000{n}",
            mobile=f"+9689200000{n}",
            mobile_verified_at=timezone.now(),
        )
        for n in range(10)
    ]
    with celery_on_broker(private_redis.url) as app:
        # when Redis is stopped and each of them asks for a code
        private_redis.stop()
        notifications.services._broker_down_until = 0.0
        publishes = _count_publishes(monkeypatch)
        for n, citizen in enumerate(citizens):
            response = client.post(
                "/ar/accounts/sms-sign-in/",
                {"civil_id": citizen.civil_id},
                REMOTE_ADDR=f"10.1.0.{n}",
            )
            assert response.status_code == 302

        # then every request answered, only the first one tried the dead broker (the others
        # skipped it rather than wait on it again), and every SMS waits in the ledger
        assert len(publishes) == 1
        assert notifications.services._broker_down_until > time.monotonic()
        assert SmsMessage.objects.filter(status=SmsMessage.Status.CREATED).count() == 10
        assert fake_sms.state.messages == []

        # when Redis comes back and the sweeper runs with a worker listening
        private_redis.start()
        notifications.services._broker_down_until = 0.0  # the sweeper's own process
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            sms_sweep(now=timezone.now() + datetime.timedelta(minutes=1))
            assert wait_until(lambda: _sent_count() == 10, timeout=30)

    # then each message reached the provider exactly once
    numbers = Counter(m["to"] for m in fake_sms.state.messages)
    assert sorted(numbers) == sorted(str(c.mobile) for c in citizens)
    assert set(numbers.values()) == {1}


def test_killing_the_worker_mid_batch_sends_each_message_exactly_once(
    make_user, fake_sms, redis_url, settings
):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    fake_sms.state.delay = 0.004  # a provider that takes a moment per message
    count = 1000
    # given 1,000 messages in the ledger (written with the nudges held back)
    notifications.services._broker_down_until = time.monotonic() + 3600
    with transaction.atomic():
        for n in range(count):
            sms_enqueue(
                template_code="permit_decision",
                context={"permit_number": f"WP-{n:04d}", "decision": "approved"},
                idempotency_key=f"crash-{n}",
                to_number=f"+96891{n:06d}",
            )
    notifications.services._broker_down_until = 0.0
    log = Path(tempfile.mkdtemp(prefix="sms-worker-")) / "worker.log"
    env = worker_env(
        redis_url=redis_url, provider_url=fake_sms.url, auth_token=settings.TWILIO_AUTH_TOKEN
    )

    with celery_on_broker(redis_url):
        # when a real worker (2 processes) sends them in batches and is SIGKILLed mid-way
        worker = start_worker_process(env, log)
        try:
            sms_sweep(now=timezone.now() + datetime.timedelta(minutes=1))
            assert wait_until(lambda: len(fake_sms.state.messages) >= count * 0.3, timeout=60), (
                log.read_text()
            )
            stop_process_group(worker)
            # (the sweeper reconciles a row only when it has been sending for minutes, long
            # after the provider answered whatever the dead worker had sent; this test moves
            # the clock instead, so it waits until the provider has finished with those requests)
            assert wait_until(lambda: fake_sms.state.connections == 0, timeout=30)
            at_kill = len(fake_sms.state.messages)
            assert at_kill < count

            # and a new worker starts, and the sweeper reconciles what the old one left
            worker = start_worker_process(env, log)
            sms_sweep(now=timezone.now() + datetime.timedelta(minutes=10))
            finished = wait_until(lambda: _sent_count() == count, timeout=120)
            assert finished, (_status_counts(), log.read_text()[-3000:])
        finally:
            stop_process_group(worker)

    # then the provider received each message exactly once
    bodies = Counter(m["body"] for m in fake_sms.state.messages)
    # (on failure: the bodies the ledger never rendered, and the ledger's other messages)
    rendered = set(SmsMessage.objects.values_list("rendered_text", flat=True))
    others = SmsMessage.objects.exclude(idempotency_key__startswith="crash-")
    assert len(bodies) == count, (
        sorted(set(bodies) - rendered),
        list(others.values_list("idempotency_key", "template__code", "status")),
    )
    assert set(bodies.values()) == {1}
    assert SmsMessage.objects.exclude(status=SmsMessage.Status.SENT).count() == 0


# A relay process that dies between the two writes of a request: urllib3 sends the request line
# and headers, then the body, in separate writes (a SIGKILL can land between them).
_DIE_AFTER_THE_HEADERS = """
import os, signal, sys
import django
django.setup()
import urllib3.connection
from notifications.services import sms_send

send_headers = urllib3.connection.HTTPConnection.endheaders

def die_after_the_headers(self, *args, **kwargs):
    send_headers(self, *args, **kwargs)
    if self._method == "POST":
        os.kill(os.getpid(), signal.SIGKILL)

urllib3.connection.HTTPConnection.endheaders = die_after_the_headers
sms_send(message_id=int(sys.argv[1]))
"""


def test_a_worker_killed_between_a_requests_headers_and_its_body_sends_the_message_once(
    fake_sms, redis_url, settings
):
    # given a message in the ledger (its nudge held back)
    notifications.services._broker_down_until = time.monotonic() + 3600
    message = sms_enqueue(
        template_code="permit_decision",
        context={"permit_number": "WP-0001", "decision": "approved"},
        idempotency_key="cut-1",
        to_number="+96891000001",
    )
    notifications.services._broker_down_until = 0.0
    assert message is not None
    env = worker_env(
        redis_url=redis_url, provider_url=fake_sms.url, auth_token=settings.TWILIO_AUTH_TOKEN
    )

    # when the relay process claims it and is killed after its request's headers went out,
    # before its body did
    relay = subprocess.run(
        [sys.executable, "-c", _DIE_AFTER_THE_HEADERS, str(message.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert relay.returncode == -signal.SIGKILL, relay.stderr.decode()[-3000:]
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENDING

    # and, once the provider has finished with the dead process's connection, the sweeper
    # reconciles it
    assert wait_until(lambda: fake_sms.state.connections == 0, timeout=30)
    sms_sweep(now=timezone.now() + datetime.timedelta(minutes=10))

    # then the provider holds the message once, as the ledger rendered it, and nothing else
    # (a request whose body never arrived is no message: a real provider never reads one)
    received = [(m["to"], m["body"]) for m in fake_sms.state.messages]
    assert received == [(message.to_number, message.rendered_text)]
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
