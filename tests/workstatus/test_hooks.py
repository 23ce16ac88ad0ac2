"""The incremental path: the workers an event touches get their code again when it commits
(permits, health records saved one by one, establishments), the health feeds written in bulk
by a sync are caught up every minute; and the scan log is partitioned by month."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from integrations.models import HealthOrder
from permits.models import Permit
from tests.workstatus.conftest import fitness, green_worker, today
from workstatus.hooks import health_feed_catch_up
from workstatus.models import StatusChange, WorkerStatus
from workstatus.services import recompute_all

pytestmark = pytest.mark.django_db


def _code(worker) -> WorkerStatus:
    return WorkerStatus.objects.get(employee_id=worker.pk)


def test_a_permit_cancelled_turns_the_worker_red_when_it_commits(
    django_capture_on_commit_callbacks,
):
    worker = green_worker()
    recompute_all()
    permit = Permit.objects.get(employee=worker)

    with django_capture_on_commit_callbacks(execute=True):
        permit.status = Permit.Status.CANCELLED
        permit.save()

    assert _code(worker).reasons == ["work.no_valid_permit"]
    change = StatusChange.objects.filter(employee_id=worker.pk).latest("changed_at")
    assert (change.from_overall, change.to_overall, change.run_id) == ("green", "red", None)


def test_a_fitness_result_received_is_applied_when_it_commits(django_capture_on_commit_callbacks):
    worker = green_worker()
    recompute_all()

    with django_capture_on_commit_callbacks(execute=True):
        fitness(worker, result="unfit", days_ago=0)

    assert _code(worker).reasons == ["health.unfit"]


def test_an_establishment_suspended_turns_all_its_workers_red(django_capture_on_commit_callbacks):
    first = green_worker()
    second = green_worker(first.establishment)
    recompute_all()
    establishment = first.establishment

    with django_capture_on_commit_callbacks(execute=True):
        establishment.status = "suspended"
        establishment.save()

    assert _code(first).overall == _code(second).overall == "red"


def test_health_orders_synchronised_in_bulk_are_caught_up():
    worker = green_worker()
    recompute_all()
    assert health_feed_catch_up() == 0  # the first call only sets the watermark

    HealthOrder.objects.bulk_create(
        [
            HealthOrder(
                reference="HO-BULK-1",
                nationality=worker.nationality,
                passport_number=worker.passport_number,
                kind="isolation",
                valid_from=today() - datetime.timedelta(days=1),
                valid_until=today() + datetime.timedelta(days=6),
                status="in_force",
                source_version=1,
                synced_at=timezone.now(),
            )
        ]
    )

    assert health_feed_catch_up() == 1
    assert _code(worker).reasons == ["health.isolation"]
    assert health_feed_catch_up() == 0  # nothing new since


def test_the_scan_log_is_partitioned_by_month():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_partkeydef('workstatus_scanlog'::regclass), "
            "(SELECT count(*) FROM pg_inherits WHERE inhparent = 'workstatus_scanlog'::regclass)"
        )
        key, partitions = cursor.fetchone()
    assert key == "RANGE (scanned_at)"
    assert partitions >= 2  # this month's (and those ahead) and the default
