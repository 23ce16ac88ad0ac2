"""Sites with rooms, operators and residents for the accommodation tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from accommodation import services
from accommodation.models import Operator, OperatorMember, Room, Site
from accounts.models import User
from tests.factories import UserFactory

_numbers = itertools.count(1)


def operator_with_user() -> tuple[Operator, User]:
    n = next(_numbers)
    operator = Operator.objects.create(name_ar=f"مشغل {n}", name_en=f"Operator {n}")
    user = UserFactory.create(role=User.Role.ACCOMMODATION_OPERATOR)
    OperatorMember.objects.create(operator=operator, user=user)
    return operator, user


def site_with_rooms(operator: Operator, *, rooms: int = 3, beds: int = 4) -> Site:
    n = next(_numbers)
    site = Site.objects.create(
        operator=operator,
        name=f"Camp {n}",
        address="Industrial area, Rusayl",
        governorate="muscat",
        licence_number=f"ACC-{n:05d}",
        licence_valid_until=timezone.localdate() + datetime.timedelta(days=365),
    )
    anyone = UserFactory.create()
    services.block_add(
        site=site, name="A", first_room=101, last_room=100 + rooms, beds=beds, by=anyone
    )
    return site


def room(site: Site, number: str = "101") -> Room:
    return Room.objects.get(block__site=site, number=number)


def person(civil_id: str) -> Any:
    return UserFactory.create(civil_id=civil_id, identity_proven_at=timezone.now())
