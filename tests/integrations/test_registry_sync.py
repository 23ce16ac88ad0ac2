"""The commerce registry's sync builds the portal's establishments (with their owners), a
replayed feed changes nothing, the chamber of commerce's membership is shown, and a record whose
owners are malformed is refused."""

from __future__ import annotations

import pytest

from core.models import AuditEvent
from employers.models import Establishment, EstablishmentOwner
from integrations.entities import Entity
from integrations.models import RejectedRecord
from integrations.services import sync_run
from integrations.stubs.world import FIRST_CR, FIRST_OWNER

pytestmark = pytest.mark.django_db


def test_every_registration_becomes_an_establishment_with_its_owner(stub, waits):
    run = sync_run(entity=Entity.COMMERCE_REGISTRY)

    assert run is not None
    assert run.created == stub.world.counts()[Entity.COMMERCE_REGISTRY] == 100
    assert Establishment.objects.count() == 100
    first = Establishment.objects.get(cr_number=str(FIRST_CR))
    assert first.name_en == "Establishment 0"
    assert first.address.startswith("Building ")
    assert first.capital is not None
    assert EstablishmentOwner.objects.filter(
        establishment=first, civil_id=str(FIRST_OWNER), kind="owner"
    ).exists()


def test_reading_the_feed_again_changes_nothing(stub, waits):
    sync_run(entity=Entity.COMMERCE_REGISTRY)
    applied = AuditEvent.objects.filter(action="employers.registry_applied").count()
    updated = list(Establishment.objects.order_by("pk").values_list("pk", "updated_at"))

    sync_run(entity=Entity.COMMERCE_REGISTRY, from_start=True)

    assert AuditEvent.objects.filter(action="employers.registry_applied").count() == applied
    assert list(Establishment.objects.order_by("pk").values_list("pk", "updated_at")) == updated


def test_a_changed_registration_updates_its_establishment(stub, waits):
    sync_run(entity=Entity.COMMERCE_REGISTRY)

    stub.inject(
        {
            "entity": Entity.COMMERCE_REGISTRY,
            "put": [
                {"index": 4, "fields": {"name_en": "Renamed Trading", "governorate": "dhofar"}}
            ],
        }
    )
    run = sync_run(entity=Entity.COMMERCE_REGISTRY)

    assert run is not None
    assert run.updated == 1
    establishment = Establishment.objects.get(cr_number=str(FIRST_CR + 4))
    assert establishment.name_en == "Renamed Trading"
    assert establishment.governorate == "dhofar"


def test_malformed_owners_are_refused_and_nothing_is_created(stub, waits):
    stub.inject(
        {
            "entity": Entity.COMMERCE_REGISTRY,
            "add": [
                {
                    "cr_number": "7711111",
                    "name_ar": "مؤسسة",
                    "name_en": "Broken Owners",
                    "activity_code": "4711",
                    "status": "active",
                    "status_changed_on": "2026-01-01",
                    "governorate": "muscat",
                    "registered_on": "2026-01-01",
                    "owners": "90000002:owner;DROP TABLE",
                }
            ],
        }
    )

    sync_run(entity=Entity.COMMERCE_REGISTRY)

    assert not Establishment.objects.filter(cr_number="7711111").exists()
    assert RejectedRecord.objects.get(record_key="7711111").field_name == "owners"


def test_the_chamber_of_commerce_membership_is_shown_on_the_establishment(stub, waits):
    sync_run(entity=Entity.COMMERCE_REGISTRY)
    sync_run(entity=Entity.CHAMBER_OF_COMMERCE)

    statuses = set(Establishment.objects.values_list("chamber_status", flat=True))
    record = stub.world.chamber_of_commerce(0, 0)
    first = Establishment.objects.get(cr_number=str(FIRST_CR))

    assert statuses <= {"valid", "expired"}
    assert first.chamber_valid_until.isoformat() == record["valid_until"]
    expected = "expired" if record["status"] == "expired" else "valid"
    assert first.chamber_status == expected
