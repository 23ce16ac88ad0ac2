"""A real Celery worker, consuming from a real Redis, runs a task against the real database."""

from __future__ import annotations

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.conftest import celery_on_broker

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def redis_celery(redis_url):
    with celery_on_broker(redis_url, results=True) as app:
        yield app


def test_worker_purges_expired_sessions_through_redis(redis_celery):
    # given one expired and one live session
    now = timezone.now()
    Session.objects.create(
        session_key="expired" * 4, session_data="x", expire_date=now - datetime.timedelta(days=1)
    )
    Session.objects.create(
        session_key="current" * 4, session_data="x", expire_date=now + datetime.timedelta(days=1)
    )

    # when the periodic task is sent through Redis to a running worker
    from accounts.tasks import purge_expired_sessions

    with start_worker(redis_celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = purge_expired_sessions.delay()
        deleted = result.get(timeout=30)

    # then only the expired session is gone
    assert deleted == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current" * 4]
