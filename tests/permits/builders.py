"""Scenario helpers for permit tests: a representative of an establishment, and an application
filed through the service. Rows are made by the factories (tests/permits/factories.py)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from employers.models import Establishment
from permits.models import Permit
from permits.services import permit_apply
from tests.factories import MembershipFactory, UserFactory
from tests.permits.factories import WorkerAndJobFactory


def representative(establishment: Establishment, **user: Any) -> User:
    member = UserFactory.create(role=User.Role.EMPLOYER, mobile="+96891000001", **user)
    MembershipFactory.create(user=member, establishment=establishment)
    return member


def apply(establishment: Establishment, applied_by: User | None = None, **overrides: Any) -> Permit:
    return permit_apply(
        establishment=establishment,
        data=WorkerAndJobFactory.build(**overrides),
        applied_by=applied_by,
    )
