"""The set-based recompute and the incremental path agree on every worker: after any sequence
of changes, each followed by the incremental recompute of the workers it touched, a full
recompute finds nothing to change (a property test over random changes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from employers.models import Establishment
from integrations.models import HealthOrder
from permits.models import Permit
from tests.factories import EstablishmentFactory
from tests.workstatus.conftest import absconding, fitness, green_worker, order
from workstatus.models import Declaration, StatusChange, WorkerStatus
from workstatus.services import recompute_all, recompute_workers

# a dozen random worlds, each with two full recomputes: the slow tier
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _touch_one(w: Any) -> list[int]:
    return [w.pk]


def _est_workers(w: Any) -> list[int]:
    statuses = WorkerStatus.objects.filter(establishment_id=w.establishment_id)
    return [*statuses.values_list("employee_id", flat=True), w.pk]


def _room(number: str) -> Any:
    """A room of the one accommodation site of the example (made on first use)."""
    from accommodation.models import Room
    from tests.accommodation.helpers import operator_with_user, room, site_with_rooms

    existing = Room.objects.filter(block__site__name="Agreement camp", number=number).first()
    if existing is not None:
        return existing
    site = site_with_rooms(operator_with_user()[0])
    site.name = "Agreement camp"
    site.save(update_fields=["name"])
    return room(site, number)


def _acc_declare(w: Any) -> Any:
    from accommodation.models import Declaration as AccommodationDeclaration

    return AccommodationDeclaration.objects.update_or_create(
        employee=w, defaults={"room": _room("101")}
    )


def _acc_confirm(w: Any, number: str) -> Any:
    from accommodation.models import Resident

    r = _room(number)
    return Resident.objects.update_or_create(
        employee=w,
        defaults={"site": r.block.site, "room": r, "status": "confirmed", "recorded_by": _anyone()},
    )


def _acc_check_in(w: Any, number: str) -> Any:
    from django.utils import timezone

    from accommodation.models import LastCheckIn

    r = _room(number)
    return LastCheckIn.objects.update_or_create(
        employee=w,
        defaults={"room": r, "site": r.block.site, "checked_in_at": timezone.now()},
    )


def _anyone() -> Any:
    from tests.factories import UserFactory

    return UserFactory.create()


OPS = {
    "cancel_permit": lambda w: Permit.objects.filter(employee=w).update(status="cancelled"),
    "restore_permit": lambda w: Permit.objects.filter(employee=w).update(status="active"),
    "suspend": lambda w: Establishment.objects.filter(pk=w.establishment_id).update(
        status="suspended"
    ),
    "reactivate": lambda w: Establishment.objects.filter(pk=w.establishment_id).update(
        status="active"
    ),
    "unfit": lambda w: fitness(w, result="unfit", days_ago=0, ref=f"U{w.pk}"),
    "isolate": lambda w: order(w, "isolation", start=-1, end=3),
    "lift": lambda w: HealthOrder.objects.filter(passport_number=w.passport_number).update(
        status="lifted"
    ),
    "no_address": lambda w: Declaration.objects.filter(employee=w).update(address=""),
    "address": lambda w: Declaration.objects.filter(employee=w).update(address="Ruwi"),
    "absconding": lambda w: absconding(w, "upheld"),
    # accommodation (issue 21): the employer's declaration, the operator's record, check-ins
    "acc_declare": _acc_declare,
    "acc_confirm_same": lambda w: _acc_confirm(w, "101"),
    "acc_confirm_other": lambda w: _acc_confirm(w, "102"),
    "acc_check_in_same": lambda w: _acc_check_in(w, "101"),
    "acc_check_in_other": lambda w: _acc_check_in(w, "103"),
}
TOUCHES = {"suspend": _est_workers, "reactivate": _est_workers}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(sorted(OPS)), st.integers(min_value=0, max_value=5)),
        min_size=1,
        max_size=8,
    )
)
def test_the_full_and_the_incremental_recompute_agree(changes):
    with transaction.atomic():
        first, second = EstablishmentFactory.create(), EstablishmentFactory.create()
        workers = [green_worker(first if i < 3 else second) for i in range(6)]
        recompute_all()
        for op, index in changes:
            worker = workers[index]
            if op == "unfit" and StatusChange.objects.filter(employee_id=worker.pk).count() > 5:
                continue
            try:
                with transaction.atomic():
                    OPS[op](worker)
            except IntegrityError:  # a repeated unique reference: the same change twice
                continue
            recompute_workers(employee_ids=TOUCHES.get(op, _touch_one)(worker), notify=False)
        incremental = {
            s.employee_id: (s.overall, s.work, s.health, s.residency, list(s.reasons))
            for s in WorkerStatus.objects.all()
        }
        changes_before = StatusChange.objects.count()

        recompute_all()

        full = {
            s.employee_id: (s.overall, s.work, s.health, s.residency, list(s.reasons))
            for s in WorkerStatus.objects.all()
        }
        assert full == incremental
        assert StatusChange.objects.count() == changes_before
        transaction.set_rollback(True)
