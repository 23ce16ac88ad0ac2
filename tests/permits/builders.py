"""Builders for permit tests: applications, issued permits, and establishments with a quota."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from employers.models import Establishment
from permits.models import Permit
from permits.services import WorkerAndJob, permit_apply
from tests.factories import MembershipFactory, UserFactory

_passports = iter(range(1_000_000, 9_999_999))


def next_passport() -> str:
    return f"N{next(_passports)}"


def worker(**overrides: Any) -> WorkerAndJob:
    """A valid application for a foreign worker; `overrides` change any field."""
    on = timezone.localdate()
    values: dict[str, Any] = {
        "worker_name_ar": "راجيش كومار",
        "worker_name_en": "Rajesh Kumar",
        "nationality": "IND",
        "passport_number": next_passport(),
        "passport_expiry": on + datetime.timedelta(days=5 * 365),
        "date_of_birth": datetime.date(1990, 5, 17),
        "occupation_code": "7411",
        "job_level": 4,
        "monthly_salary": Decimal("250.000"),
        "requested_start": on + datetime.timedelta(days=14),
        "worker_mobile": "+96892000001",
        "worker_language": "en",
    }
    values.update(overrides)
    return WorkerAndJob(**values)


def representative(establishment: Establishment, **user: Any) -> User:
    member = UserFactory.create(role=User.Role.EMPLOYER, mobile="+96891000001", **user)
    MembershipFactory.create(user=member, establishment=establishment)
    return member


def apply(establishment: Establishment, applied_by: User | None = None, **overrides: Any) -> Permit:
    return permit_apply(
        establishment=establishment, data=worker(**overrides), applied_by=applied_by
    )


_numbers = iter(range(900_000_000, 999_999_999))


def permit_in(status: str, establishment: Establishment, **overrides: Any) -> Permit:
    """A permit row put straight into `status` (for tests of what each status allows)."""
    from permits.selectors import permit_rule_set_in_force

    on = timezone.localdate()
    held = status in Permit.HELD | Permit.TERMINAL
    values: dict[str, Any] = {
        "number": f"WP{on:%Y}{next(_numbers):09d}",
        "establishment": establishment,
        "status": status,
        "worker_name_ar": "راجيش كومار",
        "worker_name_en": "Rajesh Kumar",
        "nationality": "IND",
        "passport_number": next_passport(),
        "passport_expiry": on + datetime.timedelta(days=5 * 365),
        "date_of_birth": datetime.date(1990, 5, 17),
        "worker_mobile": "+96892000001",
        "occupation_code": "7411",
        "job_level": 4,
        "monthly_salary": Decimal("250.000"),
        "requested_start": on,
        "valid_from": on - datetime.timedelta(days=300) if held else None,
        "valid_until": on + datetime.timedelta(days=400) if held else None,
        "rule_set": permit_rule_set_in_force(on=on),
        "fee_band": "third",
        "base_fee": Decimal("201.000"),
        "fee_multiplier": Decimal("1.000"),
        "fee_amount": Decimal("201.000"),
        "checks": [],
        "checks_passed": True,
    }
    values.update(overrides)
    return Permit.objects.create(**values)
