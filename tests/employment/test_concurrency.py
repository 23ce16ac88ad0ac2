"""A termination and a permit renewal of the same worker at the same instant, on real
PostgreSQL: both take the establishment lock first, so one is decided after the other and the
worker never ends with both an active renewed permit and a standing termination."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from core.exceptions import ApplicationError
from employment.models import Termination
from permits.models import Permit
from permits.services import permit_renew
from tests.employment.builders import foreign_worker, representative, terminate
from tests.factories import EstablishmentFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROUNDS = 5


def run_together(calls: list[Callable[[], object]]) -> list[str]:
    """Run `calls` in threads released at the same instant; return each outcome in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            outcomes[index] = "done"
        except ApplicationError:
            outcomes[index] = "refused"
        except Exception as error:
            outcomes[index] = f"error:{type(error).__name__}:{error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_termination_and_a_renewal_racing_never_leave_both_standing():
    # ROUNDS races in one test, each of its own worker: a transactional test's set-up and
    # flush cost far more than a race
    for _ in range(ROUNDS):
        _race_a_termination_and_a_renewal()


def _race_a_termination_and_a_renewal() -> None:
    # given: a worker whose permit is in its renewal window
    shop = EstablishmentFactory.create()
    employee, held = foreign_worker(
        shop, valid_until=timezone.localdate() + datetime.timedelta(days=30)
    )
    user = representative(shop)
    # when
    terminated, renewed = run_together(
        [
            lambda: terminate(employee, user),
            lambda: permit_renew(permit=held, requested_by=user),
        ]
    )
    # then: no errors; the termination always stands (it comes first, or cancels the renewal)
    assert terminated == "done"
    assert renewed in ("done", "refused")
    standing = Termination.objects.filter(
        employee=employee, status__in=[Termination.Status.NOTIFIED, Termination.Status.UPHELD]
    )
    assert standing.count() == 1
    renewals = Permit.objects.filter(
        passport_number=held.passport_number,
        kind=Permit.Kind.RENEWAL,
        status__in=Permit.VALID | Permit.PENDING,
    )
    assert not renewals.exists()
    if renewed == "refused":
        assert Permit.objects.filter(passport_number=held.passport_number).count() == 1
