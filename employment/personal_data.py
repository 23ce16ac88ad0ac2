"""The sections of a person's data that the employment lifecycle keeps: contracts,
terminations, absconding reports and resignations of their register entries (by civil ID)
(core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import Row, Section, register, rows
from employment.models import AbscondingReport, Contract, Resignation, Termination


def _of(model: Any, person: Any, fields: tuple[str, ...]) -> list[Row]:
    if not person.civil_id:
        return []
    objects = model.objects.filter(employee__civil_id=person.civil_id).select_related(
        "establishment"
    )
    return rows(objects.order_by("created_at", "id"), fields)


def contracts_of(person: Any) -> list[Row]:
    """Contracts offered to the person's civil ID, accepted or not."""
    if not person.civil_id:
        return []
    offered = Contract.objects.filter(
        Q(employee__civil_id=person.civil_id) | Q(civil_id=person.civil_id)
    ).select_related("establishment")
    return rows(
        offered.order_by("created_at", "id"),
        ("establishment", "status", "occupation_code", "monthly_salary", "starts_on", "ends_on"),
    )


def terminations_of(person: Any) -> list[Row]:
    return _of(
        Termination,
        person,
        ("establishment", "status", "reason_code", "notice_given_on", "last_working_day"),
    )


def absconding_reports_of(person: Any) -> list[Row]:
    return _of(AbscondingReport, person, ("establishment", "status", "last_seen_on", "details"))


def resignations_of(person: Any) -> list[Row]:
    return _of(Resignation, person, ("establishment", "status", "notice_days", "last_working_day"))


def register_sections() -> None:
    register(Section("contracts", _("Employment contracts"), contracts_of, model=Contract))
    register(Section("terminations", _("Terminations"), terminations_of, model=Termination))
    register(
        Section(
            "absconding_reports",
            _("Absconding reports"),
            absconding_reports_of,
            model=AbscondingReport,
        )
    )
    register(Section("resignations", _("Resignations"), resignations_of, model=Resignation))
