"""A green foreign worker to turn red one input at a time, and the recompute helpers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from employment.models import AbscondingReport
from integrations.models import HealthOrder, MedicalFitnessResult
from permits.models import Permit
from tests.factories import EconomicActivityFactory, EstablishmentFactory, ForeignEmployeeFactory
from tests.permits.factories import PermitFactory
from workstatus.models import Declaration, WorkerStatus
from workstatus.services import recompute_all, recompute_workers


def today() -> datetime.date:
    return timezone.localdate()


def fitness(employee: Any, *, result: str = "fit", days_ago: int = 30, ref: str = "") -> Any:
    return MedicalFitnessResult.objects.create(
        reference=ref or f"MF-T{employee.pk}-{days_ago}-{result}",
        nationality=employee.nationality,
        passport_number=employee.passport_number,
        person_name=employee.name_en,
        result=result,
        examined_on=today() - datetime.timedelta(days=days_ago),
        source_version=1,
        synced_at=timezone.now(),
    )


def order(
    employee: Any, kind: str, *, start: int = -1, end: int = 5, status: str = "in_force"
) -> Any:
    return HealthOrder.objects.create(
        reference=f"HO-T{employee.pk}-{kind}-{start}-{end}-{status}",
        nationality=employee.nationality,
        passport_number=employee.passport_number,
        kind=kind,
        valid_from=today() + datetime.timedelta(days=start),
        valid_until=today() + datetime.timedelta(days=end),
        status=status,
        source_version=1,
        synced_at=timezone.now(),
    )


def green_worker(establishment: Any = None, **employee_fields: Any) -> Any:
    """A foreign worker with a valid permit, a recent fit result and a declared address."""
    establishment = establishment or EstablishmentFactory.create()
    employee = ForeignEmployeeFactory.create(establishment=establishment, **employee_fields)
    PermitFactory.create(
        establishment=establishment,
        employee=employee,
        nationality=employee.nationality,
        passport_number=employee.passport_number,
        status=Permit.Status.ACTIVE,
    )
    fitness(employee)
    Declaration.objects.create(employee=employee, address="Building 4, Ghala, Muscat")
    return employee


def code_of(employee: Any, *, full: bool = False) -> WorkerStatus:
    if full:
        recompute_all()
    else:
        recompute_workers(employee_ids=[employee.pk], notify=False)
    return WorkerStatus.objects.get(employee_id=employee.pk)


def absconding(employee: Any, status: str) -> Any:
    return AbscondingReport.objects.create(
        establishment=employee.establishment,
        employee=employee,
        rule_set=_lifecycle_rule_set(),
        last_seen_on=today() - datetime.timedelta(days=10),
        salary_paid_until=today() - datetime.timedelta(days=10),
        salary_evidence="WPS-1",
        status=status,
        filed_by=_anyone(),
    )


def _lifecycle_rule_set() -> Any:
    from employment.models import LifecycleRuleSet

    return LifecycleRuleSet.objects.filter(status="published").order_by("-effective_from").first()


def _anyone() -> Any:
    from tests.factories import UserFactory

    return UserFactory.create()


@pytest.fixture
def activity() -> Any:
    return EconomicActivityFactory.create(code="4100", name_en="Construction", name_ar="تشييد")
