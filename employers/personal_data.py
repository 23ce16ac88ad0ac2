"""The section of a person's data that employers keep: where they are on a workforce register
(by their civil ID) (core.personal_data)."""

from __future__ import annotations

import contextlib
from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy as _

from core import retention
from core.personal_data import Row, Section, register, rows
from employers.models import Employee
from taxonomy.text import name_problem


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


def _purge_import_files(cutoff: Any, batch: int) -> int:
    """A finished import's stored file and its list of rejected rows (both hold people's IDs
    and names) go; the import's counts stay."""
    from core.private_files import private_file_path
    from employers.models import WorkforceImport

    old = list(
        WorkforceImport.objects.filter(status__in=WorkforceImport.FINISHED, finished_at__lt=cutoff)
        .exclude(stored_path="")
        .order_by("pk")[:batch]
    )
    for workforce_import in old:
        # a path outside the private root (ValueError) was never ours to delete
        with contextlib.suppress(ValueError):
            private_file_path(workforce_import.stored_path).unlink(missing_ok=True)
    WorkforceImport.objects.filter(pk__in=[i.pk for i in old]).update(
        stored_path="", rejected_rows=[]
    )
    return len(old)


def register_data_classes() -> None:
    retention.register(
        retention.DataClass(
            "import_files",
            _("Uploaded workforce files and their rejected rows"),
            _purge_import_files,
            outcome=retention.ANONYMISED,
        )
    )


# --- corrections (core.personal_data.Correctable) ----------------------------------------------


def _register_name(person: Any, field: str) -> str:
    if not person.civil_id:
        return ""
    names = sorted(
        set(Employee.objects.filter(civil_id=person.civil_id).values_list(field, flat=True))
    )
    return " / ".join(names)


def _register_name_apply(field: str) -> Any:
    def apply(person: Any, value: str, actor: Any) -> None:
        from employers.services import employee_names_correct

        employee_names_correct(civil_id=person.civil_id, field=field, value=value, actor=actor)

    return apply


def register_correctable_fields() -> None:
    from core.personal_data import Correctable, register_correctable

    register_correctable(
        Correctable(
            "register_name_ar",
            _("your name in Arabic on employers' registers"),
            lambda person: _register_name(person, "name_ar"),
            _register_name_apply("name_ar"),
            partial(name_problem, language="ar"),
        )
    )
    register_correctable(
        Correctable(
            "register_name_en",
            _("your name in English on employers' registers"),
            lambda person: _register_name(person, "name_en"),
            _register_name_apply("name_en"),
            partial(name_problem, language="en"),
        )
    )
