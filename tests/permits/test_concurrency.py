"""Simultaneous requests on real PostgreSQL: the row locks of the one transition path and the
establishment lock of the quota gate decide, never the timing."""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import User
from core.exceptions import ApplicationError
from core.models import AuditEvent
from notifications.models import SmsMessage
from permits.models import Permit
from permits.services import permit_apply, permit_approve
from tests.factories import (
    EstablishmentFactory,
    ForeignEmployeeFactory,
    OmaniEmployeeFactory,
    UserFactory,
)
from tests.omanization.builders import activity, establishment, publish_rule_set
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory, WorkerAndJobFactory
from tests.permits.transfer_helpers import REGISTRY_MOBILE, WORKER

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_together(calls: list[Callable[[], object]]) -> Counter[str]:
    """Run `calls` in threads released at the same instant; count outcomes by kind."""
    barrier = threading.Barrier(len(calls))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            result = call()
            kind = getattr(result, "status", "done")
        except ApplicationError:
            kind = "refused"
        except Exception as error:
            kind = f"error:{type(error).__name__}:{error}"
        finally:
            connection.close()
        with lock:
            outcomes[kind] += 1

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_twenty_simultaneous_approvals_give_one_approval_one_event_one_sms_each():
    # given: a case in the queue whose checks pass
    shop = EstablishmentFactory.create()
    employer = representative(shop)
    permit = PermitFactory.create(
        status=Permit.Status.UNDER_REVIEW,
        establishment=shop,
        applied_by=employer,
        worker_civil_id=WORKER,
    )
    approver = UserFactory.create(role=User.Role.APPROVER)
    # when
    outcomes = run_together(
        [
            lambda: permit_approve(permit=permit, approver=approver, reason="Documents in order")
            for _ in range(20)
        ]
    )
    # then
    assert outcomes == Counter({Permit.Status.ACTIVE: 1, "refused": 19})
    assert Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE
    assert (
        AuditEvent.objects.filter(action="permits.approved", object_id=str(permit.pk)).count() == 1
    )
    assert AuditEvent.objects.filter(action="permits.active", object_id=str(permit.pk)).count() == 1
    sent = Counter(SmsMessage.objects.values_list("to_number", flat=True))
    assert sent == Counter({REGISTRY_MOBILE: 1, str(employer.mobile): 1})


def test_an_establishment_with_room_for_k_gets_at_most_k_of_3k_simultaneous_applications():
    # given: a 50% target; 10 Omanis and 5 foreign workers leave room for 5 more foreigners
    publish_rule_set(effective_from=datetime.date(2023, 1, 1), targets=[(None, "", None, "50")])
    shop = establishment(activity=activity("4711"))
    OmaniEmployeeFactory.create_batch(10, establishment=shop, monthly_salary=Decimal("600"))
    ForeignEmployeeFactory.create_batch(5, establishment=shop)
    user = representative(shop)
    k = 5
    # when
    outcomes = run_together(
        [
            lambda: permit_apply(
                establishment=shop, data=WorkerAndJobFactory.build(), applied_by=user
            )
            for _ in range(3 * k)
        ]
    )
    # then: k issued straight through, the others wait in the queue with the quota check failed
    assert outcomes == Counter({Permit.Status.ACTIVE: k, Permit.Status.SUBMITTED: 2 * k})
    queued = Permit.objects.filter(establishment=shop, status=Permit.Status.SUBMITTED)
    assert all(
        {"code": "omanization", "outcome": "failed"}.items()
        <= next(c for c in p.checks if c["code"] == "omanization").items()
        for p in queued
    )


def test_twenty_identical_applications_at_once_create_one_permit():
    # given
    shop = EstablishmentFactory.create()
    user = representative(shop)
    same = WorkerAndJobFactory.build(passport_number="Z1234567", monthly_salary=Decimal("300"))
    # when
    outcomes = run_together(
        [lambda: permit_apply(establishment=shop, data=same, applied_by=user) for _ in range(20)]
    )
    # then
    assert outcomes == Counter({Permit.Status.ACTIVE: 1, "refused": 19})
    assert Permit.objects.filter(passport_number="Z1234567").count() == 1
    assert AuditEvent.objects.filter(action="permits.applied").count() == 1
