"""Helpers for the employer's permit pages: files as a browser uploads them, the apply form as
a browser posts it, and permit rows written straight to the database for lists and bulk jobs."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import User
from employers.models import Establishment
from permits.models import Permit
from permits.selectors import permit_rule_set_in_force
from tests.conftest import sign_in
from tests.permits.builders import representative
from tests.permits.factories import next_passport

# A minimal but complete PDF: the magic at the start, %%EOF at the end.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16 + b"IEND\xaeB`\x82"

_numbers = itertools.count(700_000_000)


def pdf(name: str = "passport.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def signed_in(client: Client, establishment: Establishment) -> User:
    """Sign in a new representative of `establishment` (with a mobile number, for SMS)."""
    user = representative(establishment)
    sign_in(client, user)
    return user


def apply_form(**overrides: Any) -> dict[str, Any]:
    """The apply form as a browser posts it, for a worker every check accepts."""
    today = timezone.localdate()
    values: dict[str, Any] = {
        "worker_name_ar": "راجيش كومار",
        "worker_name_en": "Rajesh Kumar",
        "nationality": "IND",
        "passport_number": next_passport(),
        "passport_expiry": (today + datetime.timedelta(days=5 * 365)).isoformat(),
        "date_of_birth": "1990-05-17",
        "worker_mobile": "+96892000001",
        "worker_language": "en",
        "occupation_code": "7411",
        "job_level": "4",
        "monthly_salary": "250.500",
        "requested_start": (today + datetime.timedelta(days=14)).isoformat(),
        "passport_copy": pdf(),
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def permit_row(
    establishment: Establishment, status: str = Permit.Status.ACTIVE, **overrides: Any
) -> Permit:
    """An unsaved permit in `status` (for `bulk_create`): issued 600 days ago when it is held,
    ending in 30 days, so that it sits inside the renewal window."""
    today = timezone.localdate()
    held = status in Permit.HELD | Permit.TERMINAL
    values: dict[str, Any] = {
        "number": f"WP{today:%Y}{next(_numbers):09d}",
        "establishment": establishment,
        "status": status,
        "worker_name_ar": "راجيش كومار",
        "worker_name_en": "Rajesh Kumar",
        "nationality": "IND",
        "passport_number": next_passport(),
        "passport_expiry": today + datetime.timedelta(days=5 * 365),
        "date_of_birth": datetime.date(1990, 5, 17),
        "worker_mobile": "+96892000001",
        "worker_language": "en",
        "occupation_code": "7411",
        "job_level": 4,
        "monthly_salary": Decimal("250.000"),
        "requested_start": today - datetime.timedelta(days=700),
        "valid_from": today - datetime.timedelta(days=700) if held else None,
        "valid_until": today + datetime.timedelta(days=30) if held else None,
        "fee_band": "third",
        "base_fee": Decimal("201.000"),
        "fee_multiplier": Decimal("1.000"),
        "fee_amount": Decimal("201.000"),
        "checks": [],
        "checks_passed": True,
    }
    values.update(overrides)
    if "rule_set" not in values:
        values["rule_set"] = permit_rule_set_in_force(on=today)
    return Permit(**values)


def permit_saved(
    establishment: Establishment, status: str = Permit.Status.ACTIVE, **overrides: Any
) -> Permit:
    permit = permit_row(establishment, status, **overrides)
    permit.save()
    return permit


def stored_files(root: Path) -> list[Path]:
    """Every file under the private files root (documents are written there)."""
    return sorted(path for path in Path(root).rglob("*") if path.is_file())
