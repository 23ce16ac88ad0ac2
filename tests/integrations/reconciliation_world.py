"""A portal that agrees with the stub entities, then a hidden set of inconsistencies planted in
the stubs with known answers (what reconciliation must raise, kind and subject)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from employers.models import Employee, Establishment
from integrations.entities import Entity
from integrations.models import DataQualityCase
from integrations.services import sync_run
from integrations.stubs.server import StubEntities
from integrations.stubs.world import FIRST_CIVIL_ID, FIRST_CR, MONTHS, mix
from permits.models import Permit
from tests.factories import EconomicActivityFactory, EstablishmentFactory
from tests.permits.factories import PermitFactory

Kind = DataQualityCase.Kind
FIRST = ["Ahmed", "Salim", "Khalid", "Hamed", "Saif", "Nasser", "Said", "Ali", "Yusuf", "Majid"]
LAST = ["Balushi", "Harthy", "Rawahi", "Kindi", "Hinai", "Siyabi", "Amri", "Shukaili"]
FIRST_AR = ["أحمد", "سالم", "خالد", "حامد", "سيف", "ناصر", "سعيد", "علي", "يوسف", "ماجد"]
LAST_AR = ["البلوشي", "الحارثي", "الرواحي", "الكندي", "الهنائي", "السيابي", "العامري", "الشكيلي"]
PORTAL_ESTABLISHMENTS = 4  # of the world's establishments, these are registered on the portal


def person_name(n: int) -> tuple[str, str]:
    """A distinct realistic name (English, Arabic) for the n-th person of the register."""
    first, rest = n % len(FIRST), n // len(FIRST)
    middle, last = rest % len(FIRST), rest // len(FIRST)
    return (
        f"{FIRST[first]} {FIRST[middle]} Al {LAST[last % len(LAST)]}",
        f"{FIRST_AR[first]} {FIRST_AR[middle]} {LAST_AR[last % len(LAST)]}",
    )


@dataclass
class World:
    stub: StubEntities
    establishments: dict[str, Establishment] = field(default_factory=dict)
    persons: dict[int, str] = field(default_factory=dict)  # person -> CR on the portal
    employees: dict[int, Employee] = field(default_factory=dict)
    expected: set[tuple[str, str]] = field(default_factory=set)

    def salary(self, person: int) -> Decimal:
        return Decimal(325 + mix(self.stub.world.seed, person, 2) % 1700)

    def civil_id(self, person: int) -> str:
        return str(FIRST_CIVIL_ID + person)

    def si_index(self, person: int, month: int) -> int:
        return person * len(MONTHS) + month

    def sync_all(self) -> None:
        for entity in Entity.values:
            run = sync_run(entity=entity)
            assert run is not None, entity
            assert run.status == "succeeded", (entity, run.failure_reason)
            assert run.rejected == 0, entity
        # The registry's sync creates every registration it sends; this portal registered only
        # its PORTAL_ESTABLISHMENTS (with their registers), so the others are left out of it.
        Establishment.objects.exclude(cr_number__in=list(self.establishments)).delete()


def portal_agreeing_with(stub: StubEntities) -> World:
    """Establishments 0..3 of the stub world on the portal, their registers exactly as social
    insurance and the wage protection files have them (names apart: the entity's are not
    names), every one employed since 2025."""
    world = World(stub=stub)
    activity = EconomicActivityFactory.create(code="4711")
    for index in range(PORTAL_ESTABLISHMENTS):
        cr = str(FIRST_CR + index)
        world.establishments[cr] = EstablishmentFactory.create(cr_number=cr, activity=activity)
    rows: list[Employee] = []
    for person in range(stub.world.persons):
        cr = stub.world.cr_of_person(person)
        if cr not in world.establishments:
            continue
        world.persons[person] = cr
        name_en, name_ar = person_name(len(rows))
        rows.append(
            Employee(
                establishment=world.establishments[cr],
                civil_id=world.civil_id(person),
                name_en=name_en,
                name_ar=name_ar,
                nationality="OMN",
                occupation_code="4110",
                job_level=4,
                monthly_salary=world.salary(person),
                contract_start=datetime.date(2025, 1, 1),
            )
        )
    for employee in Employee.objects.bulk_create(rows):
        person = int(employee.civil_id or 0) - FIRST_CIVIL_ID
        world.employees[person] = employee
    return world


def plant_inconsistencies(world: World) -> None:
    """Plant one inconsistency of every kind in the stubs (and, for the permit checks, the
    portal's permits afterwards), recording the (kind, subject) each must raise."""
    stub, si, wps = world.stub, Entity.SOCIAL_INSURANCE, Entity.WAGE_PROTECTION
    persons = sorted(world.persons)
    crs = sorted(world.establishments)
    latest = len(MONTHS) - 1

    # an insured person the register does not have
    stub.inject(
        {
            "entity": si,
            "add": [
                {
                    "civil_id": "99000001",
                    "cr_number": crs[0],
                    "month": MONTHS[latest],
                    "salary": "410.000",
                    "insured_name": "Zahir Al Maskari",
                }
            ],
        }
    )
    world.expected.add((Kind.INSURED_NOT_ON_REGISTER, f"99000001@{crs[0]}"))

    # a person on the register whose last two months are insured at an establishment elsewhere
    moved = persons[0]
    stub.inject(
        {
            "entity": si,
            "put": [
                {"index": world.si_index(moved, m), "fields": {"cr_number": "5009999"}}
                for m in (latest - 1, latest)
            ],
        }
    )
    world.expected.add(
        (Kind.REGISTER_NOT_INSURED, f"{world.civil_id(moved)}@{world.persons[moved]}")
    )

    # an insured salary that is not the register's
    raised = persons[1]
    stub.inject(
        {
            "entity": si,
            "put": [
                {
                    "index": world.si_index(raised, latest),
                    "fields": {"salary": f"{world.salary(raised) + 100}.000"},
                }
            ],
        }
    )
    world.expected.add(
        (Kind.INSURED_SALARY_MISMATCH, f"{world.civil_id(raised)}@{world.persons[raised]}")
    )

    # a wage protection file with another salary than the register's
    underpaid = persons[2]
    due = f"{world.salary(underpaid) - 50}.000"
    stub.inject(
        {
            "entity": wps,
            "put": [
                {
                    "index": world.si_index(underpaid, latest),
                    "fields": {"salary_due": due, "salary_paid": due},
                }
            ],
        }
    )
    world.expected.add(
        (Kind.WAGE_SALARY_MISMATCH, f"{world.civil_id(underpaid)}@{world.persons[underpaid]}")
    )

    # one person under two civil IDs: social insurance knows them under another civil ID
    # (also: the register's civil ID uninsured, the insurance's not on the register)
    twin = persons[3]
    twin_cr = world.persons[twin]
    stub.inject(
        {
            "entity": si,
            "put": [
                {
                    "index": world.si_index(twin, m),
                    "fields": {
                        "civil_id": "98000003",
                        "insured_name": world.employees[twin].name_en.upper(),
                        "salary": f"{world.salary(twin)}.000",
                    },
                }
                for m in range(len(MONTHS))
            ],
        }
    )
    low, high = sorted([world.civil_id(twin), "98000003"])
    world.expected |= {
        (Kind.DUPLICATE_PERSON, f"{low}={high}"),
        (Kind.REGISTER_NOT_INSURED, f"{world.civil_id(twin)}@{twin_cr}"),
        (Kind.INSURED_NOT_ON_REGISTER, f"98000003@{twin_cr}"),
    }

    # an establishment the commerce registry closed (its permits are planted below)
    closed_cr = crs[1]
    stub.inject(
        {
            "entity": Entity.COMMERCE_REGISTRY,
            "put": [
                {
                    "index": int(closed_cr) - FIRST_CR,
                    "fields": {"status": "closed", "status_changed_on": "2026-10-15"},
                }
            ],
        }
    )
    world.expected.add((Kind.CLOSED_WITH_PERMITS, closed_cr))

    # a worker who left Oman (the permit is issued after the departure was synchronised)
    stub.inject(
        {
            "entity": Entity.PASSPORT_DIRECTORATE,
            "add": [
                {
                    "reference": "PD-DEPARTED-1",
                    "kind": "departure",
                    "nationality": "IND",
                    "passport_number": "L4455667",
                    "person_name": "Ravi Shankar",
                    "occurred_on": "2026-10-01",
                    "status": "recorded",
                }
            ],
        }
    )
    world.expected.add((Kind.DEPARTED_WITH_PERMIT, "IND:L4455667"))


def plant_portal_side(world: World) -> dict[str, Permit]:
    """After the sync: permits (the departed worker's, two at the closed establishment, and a
    clean one for a traveller whose last movement is an arrival) and two register entries of
    one passport under two civil IDs."""
    crs = sorted(world.establishments)
    open_cr = world.establishments[crs[0]]
    permits = {
        "departed": PermitFactory.create(
            status=Permit.Status.ACTIVE,
            establishment=open_cr,
            nationality="IND",
            passport_number="L4455667",
        ),
        "closed_1": PermitFactory.create(
            status=Permit.Status.ACTIVE, establishment=world.establishments[crs[1]]
        ),
        "closed_2": PermitFactory.create(
            status=Permit.Status.EXPIRING, establishment=world.establishments[crs[1]]
        ),
    }
    arrival = next(
        e for e in _passport_events(world) if e["kind"] == "arrival"
    )  # a traveller who came in: a valid permit is consistent
    permits["arrived"] = PermitFactory.create(
        status=Permit.Status.ACTIVE,
        establishment=open_cr,
        nationality=arrival["nationality"],
        passport_number=arrival["passport_number"],
    )
    for civil_id in ("97000001", "97000002"):
        Employee.objects.create(
            establishment=world.establishments[crs[2]] if civil_id.endswith("1") else open_cr,
            civil_id=civil_id,
            passport_number="M1234567",
            name_en="Jose Santos",
            name_ar="خوسيه سانتوس",
            nationality="PHL",
            occupation_code="5120",
            job_level=4,
            monthly_salary=Decimal("300"),
            contract_start=datetime.date(2026, 10, 20),
        )
    world.expected.add((Kind.DUPLICATE_PERSON, "97000001=97000002"))
    return permits


def _passport_events(world: World) -> list[dict[str, object]]:
    generate = world.stub.world.passport_directorate
    return [generate(i, 0) for i in range(world.stub.world.travellers)]
