"""A sync on a real Celery worker (Redis broker, the test's PostgreSQL): SIGKILL in the middle
of 10,000 records loses nothing and duplicates nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.db import connection

from integrations.models import InsuredEmployment, SyncRun, SyncSource
from integrations.stubs.server import StubEntities
from integrations.tasks import sync_entity_task
from tests.conftest import celery_on_broker, wait_until
from tests.processes import start_worker_process, stop_process_group, worker_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORDS = 10_000


def _distinct_keys() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT DISTINCT civil_id, cr_number, month "
            "FROM integrations_insuredemployment) k"
        )
        return int(cursor.fetchone()[0])


def test_killing_the_worker_mid_sync_ends_with_every_record_exactly_once(redis_url, settings):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    stub = StubEntities(seed=3, scale=RECORDS).start()
    # a slow entity: 20 pages of 500, each answered after 0.2 s
    stub.control({"entity": "social_insurance", "delay": 0.2})
    log = Path(tempfile.mkdtemp(prefix="sync-worker-")) / "worker.log"
    env = {
        **worker_env(redis_url=redis_url, provider_url="http://127.0.0.1:1", auth_token="x"),
        "INTEGRATIONS_STUB_URL": stub.url,
        "INTEGRATIONS_PAGE_SIZE": "500",
        "INTEGRATIONS_BACKOFF_BASE_SECONDS": "0.1",
    }
    try:
        with celery_on_broker(redis_url):
            # when a real worker syncs the 10,000 records and is SIGKILLed part of the way
            worker = start_worker_process(env, log)
            try:
                sync_entity_task.delay("social_insurance")
                assert wait_until(lambda: InsuredEmployment.objects.count() >= 3000, timeout=90), (
                    log.read_text()[-3000:]
                )
                stop_process_group(worker)
                at_kill = InsuredEmployment.objects.count()
                assert at_kill < RECORDS
                assert SyncRun.objects.get().status == SyncRun.Status.RUNNING
                # the watermark is exactly where the committed pages end
                assert SyncSource.objects.get(entity="social_insurance").watermark == str(at_kill)

                # and a new worker takes the next scheduled run
                worker = start_worker_process(env, log)
                sync_entity_task.delay("social_insurance")
                assert wait_until(
                    lambda: SyncRun.objects.filter(status=SyncRun.Status.SUCCEEDED).exists(),
                    timeout=120,
                ), log.read_text()[-3000:]
            finally:
                stop_process_group(worker)
    finally:
        stub.stop()

    # then every record is there once, and the watermark is at the end of the feed
    assert InsuredEmployment.objects.count() == RECORDS
    assert _distinct_keys() == RECORDS
    assert SyncSource.objects.get(entity="social_insurance").watermark == str(RECORDS)
    summary = stub.feed("social_insurance").summary()
    assert (
        sum(InsuredEmployment.objects.values_list("source_version", flat=True))
        == (summary["version_sum"])
    )
    # the killed run is marked failed, the resumed one fetched only what was left
    killed, resumed = SyncRun.objects.order_by("started_at")
    assert killed.status == SyncRun.Status.FAILED
    assert "Interrupted" in killed.failure_reason
    assert resumed.watermark_from == str(at_kill)
    assert resumed.created == RECORDS - at_kill
    assert killed.created + resumed.created == RECORDS
