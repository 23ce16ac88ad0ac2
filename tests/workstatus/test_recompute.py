"""The full recompute writes what the one plain statement computes (the statement the benchmark
measures as its floor), however it is planned: every code and reason of the workers of every
kind of red, the history rows of the changes only, and the session's settings as they were."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from permits.models import Permit
from tests.workstatus.conftest import absconding, fitness, green_worker, order
from workstatus.compute import COLUMNS, statement
from workstatus.models import Declaration, StatusChange, WorkerStatus
from workstatus.services import recompute_all, rule_set_in_force

pytestmark = pytest.mark.django_db


def _world() -> list[Any]:
    """Green workers and workers red for one, two or three components."""
    workers = [green_worker() for _ in range(6)]
    Permit.objects.filter(employee=workers[1]).update(status=Permit.Status.CANCELLED)
    fitness(workers[2], result="unfit", days_ago=1)
    order(workers[3], "isolation")
    Declaration.objects.filter(employee=workers[3]).update(address="")
    absconding(workers[4], "upheld")
    order(workers[4], "sick_leave")
    Declaration.objects.filter(employee=workers[4]).update(address=" ")
    return workers


def _rows(sql: str) -> list[tuple[Any, ...]]:
    rule_set = rule_set_in_force(on=timezone.localdate())
    assert rule_set is not None
    params: dict[str, Any] = {
        "rule_set_id": rule_set.pk,
        "as_of": timezone.localdate(),
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT employee_id, work, health, residency, overall, reasons FROM ({sql}) x "  # noqa: S608  # nosec B608
            "ORDER BY employee_id",
            params,
        )
        return cursor.fetchall()


def test_the_statement_computing_each_array_once_gives_the_plain_statement_s_rows():
    _world()

    once = _rows(statement(incremental=False, arrays_once=True))

    plain = _rows(statement(incremental=False))
    assert once == plain
    assert {row[4] for row in plain} == {"green", "red"}
    assert any(len(row[5]) == 3 for row in plain)


def test_the_full_recompute_writes_the_plain_statement_s_codes_and_each_change_once():
    workers = _world()

    recompute_all()

    written = list(
        WorkerStatus.objects.order_by("employee_id").values_list(
            "employee_id", "work", "health", "residency", "overall", "reasons"
        )
    )
    assert written == _rows(statement(incremental=False))
    assert StatusChange.objects.count() == len(workers)
    Permit.objects.filter(employee=workers[0]).update(status=Permit.Status.CANCELLED)

    recompute_all()

    change = StatusChange.objects.order_by("-id").first()
    assert StatusChange.objects.count() == len(workers) + 1
    assert (change.employee_id, change.from_overall, change.to_overall, change.reasons) == (
        workers[0].pk,
        "green",
        "red",
        ["work.no_valid_permit"],
    )
    assert sorted(COLUMNS.replace(" ", "").split(",")) == sorted(
        f.column for f in WorkerStatus._meta.concrete_fields
    )


def test_the_recompute_leaves_the_caller_s_settings_as_they_were():
    """The recompute's own settings (SET LOCAL) would last to the end of a caller's
    transaction; they are put back when it ends."""
    green_worker()
    names = ("parallel_tuple_cost", "maintenance_work_mem", "enable_hashjoin", "work_mem")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
        before = cursor.fetchone()

        recompute_all()

        cursor.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
        assert cursor.fetchone() == before
