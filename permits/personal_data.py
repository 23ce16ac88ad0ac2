"""The section of a person's data that the permits app keeps: the work permits where they are
the worker (by civil or resident number) (core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import Row, Section, register, rows
from permits.models import Permit


def permits_of(person: Any) -> list[Row]:
    if not person.civil_id:
        return []
    held = Permit.objects.filter(
        Q(worker_civil_id=person.civil_id) | Q(employee__civil_id=person.civil_id)
    ).select_related("establishment")
    return rows(
        held.order_by("created_at", "id"),
        (
            "number",
            "kind",
            "status",
            "establishment",
            "worker_name_ar",
            "worker_name_en",
            "nationality",
            "occupation_code",
            "monthly_salary",
            "valid_from",
            "valid_until",
        ),
    )


def register_sections() -> None:
    register(
        Section("permits", _("Work permits where you are the worker"), permits_of, model=Permit)
    )
