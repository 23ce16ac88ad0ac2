"""The scan log is personal data kept for a time (ADR 0024): a retention class whose period the
retention rules in force give; the sweep drops its months whole once they are past it."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from core.models import RetentionPeriod, RetentionRuleSet
from core.partitions import monthly_partitions, partition_create
from core.retention import data_classes, retention_sweep
from tests.factories import ForeignEmployeeFactory, UserFactory
from workstatus.models import Finding, ScanLog
from workstatus.services import scan_record

pytestmark = pytest.mark.django_db
TABLE = "workstatus_scanlog"


def _scan(at: datetime.datetime) -> ScanLog:
    guard = UserFactory.create(role="accommodation_guard")
    with time_machine.travel(at, tick=False):
        answer = scan_record(scanned_by=guard, method="number", place="Gate 2", result="not_found")
    return ScanLog.objects.get(pk=answer.scan_id)


def test_the_scan_log_is_a_retention_class():
    assert "worker_status_scans" in {c.code for c in data_classes()}


def test_without_a_period_in_force_the_scans_are_kept():
    partition_create(TABLE, datetime.date(2022, 5, 1))
    old = _scan(datetime.datetime(2022, 5, 10, tzinfo=datetime.UTC))

    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC), tick=False):
        retention_sweep()

    assert ScanLog.objects.filter(pk=old.pk).exists()


def test_past_the_period_whole_months_of_scans_go_and_the_recent_ones_stay():
    # given scans of May 2022 (in its partition), of June 2022 caught by the default partition,
    # and of last month, and a rule in force keeping scans a year
    partition_create(TABLE, datetime.date(2022, 5, 1))
    old = _scan(datetime.datetime(2022, 5, 10, tzinfo=datetime.UTC))
    stray = _scan(datetime.datetime(2022, 6, 10, tzinfo=datetime.UTC))
    recent = _scan(datetime.datetime(2026, 5, 10, tzinfo=datetime.UTC))
    worker = ForeignEmployeeFactory.create()
    finding = Finding.objects.create(
        employee=worker,
        establishment_id=worker.establishment_id,
        reported_by=UserFactory.create(role="inspector"),
        scan_id=old.pk,
        place="Site 7",
    )
    RetentionPeriod.objects.create(
        rule_set=RetentionRuleSet.objects.get(status="published"),
        data_class="worker_status_scans",
        days=365,
    )

    # when the sweep runs in June 2026
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC), tick=False):
        counts = retention_sweep()

    # then May 2022's month is dropped whole, the stray row deleted, last month's scan kept,
    # and the finding (the inspector's record) kept
    assert counts["worker_status_scans"] == 2
    assert datetime.date(2022, 5, 1) not in monthly_partitions(TABLE)
    assert not ScanLog.objects.filter(pk__in=[old.pk, stray.pk]).exists()
    assert ScanLog.objects.filter(pk=recent.pk).exists()
    assert Finding.objects.filter(pk=finding.pk).exists()
