"""What synchronised records change elsewhere: registry closures bar establishments, directorate
departures end permits and contracts; replaying the same pages repeats nothing."""

from __future__ import annotations

import pytest

from core.models import AuditEvent
from employers.models import Establishment
from integrations.entities import Entity
from integrations.models import SyncRun
from integrations.services import sync_run
from permits.models import Permit
from tests.employment.builders import foreign_worker
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_a_closure_in_the_commerce_registry_bars_the_establishment_once(stub, waits):
    # given an establishment of the portal that the registry knows, and then reports closed
    establishment = EstablishmentFactory.create(cr_number="5000004")
    stub.inject(
        {
            "entity": Entity.COMMERCE_REGISTRY,
            "put": [
                {"index": 3, "fields": {"status": "closed", "status_changed_on": "2026-10-30"}}
            ],
        }
    )

    # when the registry is synchronised, and read again from the start
    run = sync_run(entity=Entity.COMMERCE_REGISTRY)
    sync_run(entity=Entity.COMMERCE_REGISTRY, from_start=True)

    # then the establishment is barred from new permits, with the registry's reason, once
    assert run.status == SyncRun.Status.SUCCEEDED
    establishment = Establishment.objects.get(pk=establishment.pk)
    assert establishment.permits_barred
    assert establishment.bar_reason == "Commerce registry: closed since 2026-10-30"
    assert AuditEvent.objects.filter(action="employers.establishment_barred").count() == 1


def test_an_active_establishment_in_the_registry_is_left_alone(stub, waits):
    establishment = EstablishmentFactory.create(cr_number="5000002")
    stub.inject(
        {"entity": Entity.COMMERCE_REGISTRY, "put": [{"index": 1, "fields": {"status": "active"}}]}
    )

    sync_run(entity=Entity.COMMERCE_REGISTRY)

    assert not Establishment.objects.get(pk=establishment.pk).permits_barred


def test_a_departure_from_the_directorate_ends_the_permit_once(stub, waits):
    # given a foreign worker with a permit, whose departure the directorate records
    employee, permit = foreign_worker(EstablishmentFactory.create())
    stub.inject(
        {
            "entity": Entity.PASSPORT_DIRECTORATE,
            "put": [
                {
                    "index": 0,
                    "fields": {
                        "kind": "departure",
                        "status": "recorded",
                        "nationality": permit.nationality,
                        "passport_number": permit.passport_number,
                        "occurred_on": "2026-10-01",
                    },
                }
            ],
        }
    )

    # when the directorate is synchronised, and read again from the start
    sync_run(entity=Entity.PASSPORT_DIRECTORATE)
    sync_run(entity=Entity.PASSPORT_DIRECTORATE, from_start=True)

    # then the permit is cancelled and the contract ended on the departure date, once
    permit.refresh_from_db()
    employee.refresh_from_db()
    assert permit.status == Permit.Status.CANCELLED
    assert str(employee.contract_end) == "2026-10-01"
    recorded = AuditEvent.objects.filter(action="employment.departure_recorded")
    # (the replayed record is unchanged, so it is not passed on again)
    assert recorded.count() == 1
    assert recorded.get().actor.username == "sync-passport-directorate"
