"""Issue 17: the SMS status history is partitioned by month; partitions are made ahead, a
month's rows move out of the default partition when its partition is made, queries by message
stay index-backed across partitions, and retention drops whole months."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from core.partitions import monthly_partitions, partition_create, partitions_ensure
from core.retention import retention_sweep
from notifications.models import SmsStatusEvent
from notifications.services import sms_enqueue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TABLE = "notifications_smsstatusevent"


def _message():
    user = UserFactory.create(mobile="+96891000123", mobile_verified_at=timezone.now())
    return sms_enqueue(
        template_code="application_status",
        context={"employer": "E", "vacancy": "V", "status": "S"},
        idempotency_key=f"partition-test-{user.pk}",
        recipient=user,
    )


def _event(message, at: datetime.datetime) -> SmsStatusEvent:
    event = SmsStatusEvent.objects.create(message=message, source="relay", to_status="sent")
    SmsStatusEvent.objects.filter(pk=event.pk).update(occurred_at=at)
    return event


def _rows_in(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608 - a partition's name
        return int(cursor.fetchone()[0])


def test_this_month_and_the_next_three_have_their_partitions():
    # the migration made them by the database's clock (UTC); the daily task by Muscat's, which
    # is a month ahead in the last four hours of a month
    partitions_ensure()
    this_month = timezone.localdate().replace(day=1)
    months = sorted(monthly_partitions(TABLE))

    assert this_month in months
    assert len([m for m in months if m >= this_month]) >= 4
    assert partitions_ensure() == []  # nothing left to make


def test_a_new_month_takes_its_rows_from_the_default_partition():
    message = _message()
    old = datetime.datetime(2019, 3, 15, tzinfo=datetime.UTC)
    event = _event(message, old)
    assert _rows_in(f"{TABLE}_default") >= 1

    assert partition_create(TABLE, datetime.date(2019, 3, 1))

    assert _rows_in(f"{TABLE}_p201903") == 1
    assert SmsStatusEvent.objects.get(pk=event.pk).occurred_at == old
    assert not partition_create(TABLE, datetime.date(2019, 3, 1))


def test_a_message_s_history_is_read_by_index_across_partitions():
    message = _message()
    for month in (1, 2, 3):
        partition_create(TABLE, datetime.date(2020, month, 1))
        _event(message, datetime.datetime(2020, month, 10, tzinfo=datetime.UTC))

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT * FROM notifications_smsstatusevent WHERE message_id = %s "
            "ORDER BY occurred_at",
            [message.pk],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan" not in plan, plan
    assert plan.count("Index") >= 3, plan
    assert SmsStatusEvent.objects.filter(message=message).count() >= 3


def test_retention_drops_whole_months_of_history():
    message = _message()
    partition_create(TABLE, datetime.date(2024, 1, 1))
    partition_create(TABLE, datetime.date(2024, 2, 1))
    _event(message, datetime.datetime(2024, 1, 10, tzinfo=datetime.UTC))
    _event(message, datetime.datetime(2024, 2, 10, tzinfo=datetime.UTC))

    # more than 400 days after February 2024: January and February are past their period
    with time_machine.travel(datetime.datetime(2025, 4, 20, tzinfo=datetime.UTC), tick=False):
        counts = retention_sweep()

    assert counts["sms_status_history"] >= 2
    assert datetime.date(2024, 1, 1) not in monthly_partitions(TABLE)
    assert datetime.date(2024, 2, 1) not in monthly_partitions(TABLE)
