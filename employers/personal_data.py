"""The section of a person's data that employers keep: where they are on a workforce register
(by their civil ID) (core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.personal_data import Row, Section, register, rows
from employers.models import Employee


def employment_records_of(person: Any) -> list[Row]:
    if not person.civil_id:
        return []
    records = Employee.objects.filter(civil_id=person.civil_id).select_related("establishment")
    return rows(
        records.order_by("contract_start", "id"),
        (
            "establishment",
            "name_ar",
            "name_en",
            "nationality",
            "occupation_code",
            "job_level",
            "monthly_salary",
            "contract_start",
            "contract_end",
        ),
    )


def register_sections() -> None:
    register(
        Section(
            "employment_records",
            _("Where you are on an employer's register"),
            employment_records_of,
            model=Employee,
        )
    )
