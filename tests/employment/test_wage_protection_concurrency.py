"""Two checks of the same month at once, on real PostgreSQL: the month's lock orders them, so
the second follows what the first wrote instead of failing on the lines' unique key."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from employment.models import (
    WageProtectionLine,
    WageProtectionResult,
    WageProtectionRun,
    WorkerNotice,
)
from employment.services.wage_protection import wage_protection_check_month
from tests.employment.test_wage_protection import months_ago, pay, worker

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_checks_of_a_month_at_once_both_succeed_and_write_once(establishment):
    # given a month with one worker paid late and one not paid
    month = months_ago(2)
    late, unpaid = worker(establishment), worker(establishment)
    pay(establishment, late, month, days_after_due=15)
    pay(establishment, unpaid, month, days_after_due=None)

    # when two checks of the month start at the same instant
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def check() -> None:
        try:
            barrier.wait()
            wage_protection_check_month(month=month)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then both runs succeeded, and the month holds one line per missed worker, one result
    # and one notice to each missed worker
    assert errors == []
    assert set(WageProtectionRun.objects.values_list("status", flat=True)) == {"succeeded"}
    assert WageProtectionLine.objects.filter(month=month).count() == 2
    assert WageProtectionResult.objects.filter(month=month).count() == 1
    notices = list(WorkerNotice.objects.values_list("civil_id", flat=True))
    assert sorted(notices) == sorted([late.civil_id, unpaid.civil_id])
