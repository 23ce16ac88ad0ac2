"""Demo accommodation for `manage.py seed_demo`: the demo dormitory operator (`dormitory`) runs
one licensed site with a block of rooms; the demo resident Rajesh Kumar (resident number
70000001, on the first demo permit) is declared by his employer in room 101 and confirmed there
by the operator (or, when his permit's worker is not on a register, the first holder of a valid
demo permit who is), so, signed in, he can scan room 101's code (the operator prints the
block's sheet) and check in, and his code stays green. Idempotent: everything is keyed (the
licence number, the block name, one declaration and one record per worker)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accommodation import services
from accommodation.models import Block, Declaration, Operator, OperatorMember, Resident, Site
from accounts.models import User
from permits.models import Permit

DEMO_LICENCE = "DEMO-ACC-0001"
DEMO_RESIDENT_NUMBER = "70000001"


@dataclass(frozen=True)
class AccommodationSeed:
    site: Site
    rooms: int
    resident_number: str | None


def seed_accommodation(*, operator_user: User, employer: User) -> AccommodationSeed:
    """The demo operator's site and rooms, and the demo resident declared and confirmed in
    room 101 (when his permit's worker is on a register)."""
    operator, _created = Operator.objects.get_or_create(
        name_en="Rusayl Workers' Village (demo)",
        defaults={"name_ar": "قرية عمال الرسيل (تجريبية)"},
    )
    OperatorMember.objects.get_or_create(user=operator_user, defaults={"operator": operator})
    site = Site.objects.filter(licence_number=DEMO_LICENCE).first()
    if site is None:
        site = services.site_register(
            operator=operator,
            name="Rusayl Workers' Village",
            address="Rusayl Industrial Estate, Muscat",
            governorate="muscat",
            licence_number=DEMO_LICENCE,
            licence_valid_until=timezone.localdate() + datetime.timedelta(days=730),
            by=operator_user,
        )
    if not Block.objects.filter(site=site, name="A").exists():
        services.block_add(
            site=site, name="A", first_room=101, last_room=110, beds=6, by=operator_user
        )
    room = site.blocks.get(name="A").rooms.get(number="101")
    holders = (
        Permit.objects.exclude(worker_civil_id="")
        .filter(employee__isnull=False, status__in=[Permit.Status.ACTIVE, Permit.Status.EXPIRING])
        .select_related("employee")
        .order_by("pk")
    )
    # the demo resident when his permit's worker is on a register, else the first such holder
    permit = holders.filter(worker_civil_id=DEMO_RESIDENT_NUMBER).first() or holders.first()
    if permit is None or permit.employee is None:
        return AccommodationSeed(site=site, rooms=room.block.rooms.count(), resident_number=None)
    worker = permit.employee
    if not Declaration.objects.filter(employee=worker).exists():
        services.declaration_save(employee=worker, room=room, declared_by=employer)
    if not Resident.objects.filter(employee=worker).exists():
        services.resident_confirm(operator=operator, employee=worker, room=room, by=operator_user)
    return AccommodationSeed(
        site=site, rooms=room.block.rooms.count(), resident_number=permit.worker_civil_id
    )
