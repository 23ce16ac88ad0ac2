"""Issue 17: the SMS ledger and the audit trail are partitioned by month, like the status
history: the conversion keeps rows, indexes, keys and triggers; the append-only trigger holds on
every partition; "my messages" and the audit searches stay index-backed across partitions; an
idempotency key holds across a month's end; retention drops whole months of the ledger and what
refers to them."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from core.models import AuditEvent, RetentionPeriod, RetentionRuleSet
from core.partitions import (
    monthly_partitions,
    partition_create,
    partitions_ensure,
    table_partition_by_month,
)
from core.retention import retention_sweep
from core.selectors import audit_events_concerning, audit_events_for_object
from employment.models import WorkerNotice
from notifications.models import SmsIdempotencyKey, SmsMessage, SmsStatusEvent
from notifications.selectors import sms_messages_for_person
from notifications.services import sms_enqueue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LEDGER = "notifications_smsmessage"
AUDIT = "core_auditevent"


def _at(year: int, month: int, day: int = 10, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def _person(mobile: str = "+96891000321"):
    return UserFactory.create(mobile=mobile, mobile_verified_at=_at(2020, 1, 1))


def _enqueue(person, key: str, when: datetime.datetime) -> SmsMessage:
    with time_machine.travel(when, tick=False):
        message = sms_enqueue(
            template_code="application_status",
            context={"employer": "E", "vacancy": "V", "status": "S"},
            idempotency_key=key,
            recipient=person,
        )
    assert message is not None
    return message


def _audit(person, when: datetime.datetime) -> AuditEvent:
    with time_machine.travel(when, tick=False):
        return AuditEvent.objects.create(
            action="test.partitioned",
            subject=person,
            object_type="accounts.user",
            object_id=str(person.pk),
            object_repr="Person",
        )


def _plan(sql: str, params: list) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _primary_key(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'p'",
            [table],
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("table", "column"), [(LEDGER, "created_at"), (AUDIT, "occurred_at")])
def test_the_ledger_and_the_audit_trail_are_partitioned_by_month(table, column):
    # given the daily task has run
    partitions_ensure()

    # then each is a partitioned table with this month's partition and the next three
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [table])
        assert cursor.fetchone()[0] == "p"
    months = monthly_partitions(table)
    assert len([m for m in months if m >= timezone.localdate().replace(day=1)]) >= 4
    assert _primary_key(table) == f"PRIMARY KEY (id, {column})"


def test_my_messages_are_read_by_index_across_partitions():
    # given a person's messages in three months
    person = _person()
    for month in (1, 2, 3):
        partition_create(LEDGER, datetime.date(2021, month, 1))
        _enqueue(person, f"my-messages-{month}", _at(2021, month))

    # when the "my messages" query runs
    query = sms_messages_for_person(person=person)
    sql, params = query.query.sql_with_params()
    plan = _plan(sql, list(params))

    # then every partition is read by an index, never scanned whole
    assert "Seq Scan" not in plan, plan
    assert plan.count("Index") >= 3, plan
    assert [m.idempotency_key for m in query] == [f"my-messages-{m}" for m in (3, 2, 1)]


def test_the_audit_searches_are_read_by_index_across_partitions():
    person = _person()
    for month in (4, 5, 6):
        partition_create(AUDIT, datetime.date(2021, month, 1))
        _audit(person, _at(2021, month))

    for query in (audit_events_concerning(person=person), audit_events_for_object(obj=person)):
        sql, params = query.query.sql_with_params()
        plan = _plan(sql, list(params))
        assert "Seq Scan" not in plan, plan
        assert plan.count("Index") >= 3, plan
        assert query.filter(action="test.partitioned").count() == 3


def test_the_append_only_trigger_holds_on_every_partition():
    # given events in a monthly partition and in the default partition
    person = _person()
    partition_create(AUDIT, datetime.date(2021, 7, 1))
    _audit(person, _at(2021, 7))
    _audit(person, _at(1999, 1))  # no partition for 1999: the default one takes it
    names = [f"{AUDIT}_p202107", f"{AUDIT}_default", AUDIT]

    # then neither UPDATE nor DELETE passes, on the parent or on a partition
    for name in names:
        for statement in (
            f"UPDATE \"{name}\" SET action = 'rewritten'",  # noqa: S608 - a partition's name
            f'DELETE FROM "{name}"',  # noqa: S608 - a partition's name
        ):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
    assert AuditEvent.objects.filter(action="test.partitioned").count() == 2
    assert not AuditEvent.objects.filter(action="rewritten").exists()


def test_a_new_month_takes_the_audit_events_the_default_partition_caught():
    # given events caught by the default partition (the daily task did not run for months)
    person = _person()
    caught = [_audit(person, _at(1998, 3, day)) for day in (2, 20)]

    # when that month's partition is made
    assert partition_create(AUDIT, datetime.date(1998, 3, 1))

    # then the events moved whole, and the trigger still guards them
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{AUDIT}_p199803"')  # noqa: S608
        assert cursor.fetchone()[0] == 2
    assert {e.pk for e in AuditEvent.objects.filter(occurred_at__year=1998)} == {
        e.pk for e in caught
    }


def test_naming_a_table_without_the_copy_does_not_let_an_event_go():
    # given an event in the default partition and a table that does not hold its copy
    person = _person()
    _audit(person, _at(1997, 5))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE decoy (LIKE core_auditevent)")

    # when someone names the decoy and deletes the event
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('portal.partition_move_to', 'decoy', true)")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(f'DELETE FROM "{AUDIT}_default"')  # noqa: S608

    # then it is still there
    assert AuditEvent.objects.filter(occurred_at__year=1997).count() == 1


def test_an_idempotency_key_holds_across_a_month_s_end():
    # given a message written in the last second of January
    person = _person()
    first = _enqueue(
        person,
        "retry-across-months",
        _at(2022, 1, 31, 23) + datetime.timedelta(minutes=59, seconds=59),
    )

    # when the same change is retried in February (another partition)
    again = _enqueue(person, "retry-across-months", _at(2022, 2, 1, 0))

    # then it is the same message, written once
    assert again.pk == first.pk
    assert SmsMessage.objects.filter(idempotency_key="retry-across-months").count() == 1
    assert SmsIdempotencyKey.objects.filter(key="retry-across-months").count() == 1


def test_retention_drops_whole_months_of_the_ledger_and_what_refers_to_them():
    # given messages of January 2023 (with history in February, and on a worker notice) and a
    # recent one
    person = _person()
    partition_create(LEDGER, datetime.date(2023, 1, 1))
    partition_create("notifications_smsstatusevent", datetime.date(2023, 2, 1))
    old = _enqueue(person, "old-notice", _at(2023, 1, 20))
    with time_machine.travel(_at(2023, 2, 2), tick=False):
        SmsStatusEvent.objects.create(message=old, source="receipt", to_status="delivered")
    notice = WorkerNotice.objects.create(
        key="retention-notice",
        civil_id="12345678",
        template_code="application_status",
        contexts={},
        status=WorkerNotice.Status.SENT,
    )
    notice.messages.add(old)
    recent = _enqueue(person, "recent-notice", _at(2025, 3, 1))

    # and the rules in force keep messages two years (policy staff publish the period; the
    # first rule set has none, so messages are kept until then)
    RetentionPeriod.objects.create(
        rule_set=RetentionRuleSet.objects.get(status="published"),
        data_class="sms_messages",
        days=730,
    )

    # when the sweep runs long after January 2023
    with time_machine.travel(_at(2026, 6, 1), tick=False):
        counts = retention_sweep()

    # then January's month is gone with its history, links and key; the recent one stays
    assert counts.get("sms_messages", 0) >= 1
    assert datetime.date(2023, 1, 1) not in monthly_partitions(LEDGER)
    assert not SmsMessage.objects.filter(pk=old.pk).exists()
    assert not SmsStatusEvent.objects.filter(message_id=old.pk).exists()
    assert not SmsIdempotencyKey.objects.filter(key="old-notice").exists()
    assert WorkerNotice.objects.filter(pk=notice.pk).exists()
    assert not notice.messages.exists()
    assert SmsMessage.objects.filter(pk=recent.pk).exists()
    assert SmsIdempotencyKey.objects.filter(key="recent-notice").exists()


def test_the_conversion_keeps_rows_indexes_keys_and_triggers():
    # given an ordinary table with rows, an index, a foreign key, a check and a trigger
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE TABLE scratch_log (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL DEFAULT now(),
                owner_id bigint REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED,
                amount integer CHECK (amount >= 0)
            );
            CREATE INDEX scratch_log_owner ON scratch_log (owner_id, at);
            CREATE FUNCTION scratch_refuse() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'refused'; END; $$;
            CREATE TRIGGER scratch_guard BEFORE DELETE ON scratch_log
                FOR EACH ROW EXECUTE FUNCTION scratch_refuse();
            INSERT INTO scratch_log (at, amount) VALUES
                ('2020-01-05', 1), ('2020-03-05', 2), (now(), 3);
            """
        )

        # when it is partitioned
        table_partition_by_month(cursor, "scratch_log", "at")

        # then the rows, the id's sequence, the index, the key, the check and the trigger hold
        cursor.execute("SELECT count(*), max(id) FROM scratch_log")
        assert cursor.fetchone() == (3, 3)
        cursor.execute("INSERT INTO scratch_log (amount) VALUES (4) RETURNING id")
        assert cursor.fetchone()[0] == 4
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'scratch_log'::regclass")
        assert cursor.fetchone()[0] >= 4  # Jan, Feb, Mar 2020 ... this month, ahead, default
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'scratch_log_owner'")
        assert cursor.fetchone() is not None
        for statement, refusal in (
            ("INSERT INTO scratch_log (amount) VALUES (-1)", "check"),
            (
                "INSERT INTO scratch_log (owner_id) VALUES (-5); SET CONSTRAINTS ALL IMMEDIATE",
                "foreign key",
            ),
            ("DELETE FROM scratch_log", "refused"),
        ):
            with pytest.raises(DatabaseError, match=refusal), transaction.atomic():
                cursor.execute(statement)
