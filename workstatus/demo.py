"""Demo status codes for `manage.py seed_demo`: the health ministry's fitness results and the
employers' declared addresses and worksites for the demo foreign workers, then the real full
recompute, so a demo worker signed in with the resident number on their permit sees their code
and QR, and the demo supervisor, guard and inspector can scan green and red workers.
Idempotent: the records are keyed, and a second recompute of unchanged inputs writes no history.

The demo permits are issued before their workers are on a register; like an employer whose
worker has arrived, the demo puts each holder of a permit valid today on the establishment's
register and links the permit (skipped where linked already). The holder of a permit that starts
later has not arrived yet and is not on a register: putting them there would give a worker the
demo knows by resident number a red code, and an SMS about it, for a permit that is in order.

Red on purpose: of the demo permits valid today, the second holder has a fitness result older
than the rules allow, the third has no declared address (each is told by SMS at the number the
civil registry holds). The register's other foreign workers, known only by passport, have no
permit and are red without being texted (no number is known for them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from employers.demo import cr_number_for
from employers.models import Employee
from integrations.models import MedicalFitnessResult
from permits.models import Permit
from workstatus.models import Declaration, RecomputeRun, WorkerStatus
from workstatus.services import recompute_all

DEMO_REFERENCE = "DEMO-MF-"


@dataclass(frozen=True)
class WorkStatusSeed:
    workers: int
    green: int
    red: int


def _register_permit_holders(today: datetime.date) -> int:
    """An entry on the register for each demo permit valid today without one, linked to it."""
    created = 0
    permits = Permit.objects.filter(
        establishment__cr_number__in=[cr_number_for(i) for i in range(3)],
        employee__isnull=True,
        status__in=[Permit.Status.ACTIVE, Permit.Status.EXPIRING],
        valid_from__lte=today,
        valid_until__gte=today,
    ).order_by("pk")
    for permit in permits:
        employee = Employee.objects.create(
            establishment_id=permit.establishment_id,
            passport_number=permit.passport_number,
            name_en=permit.worker_name_en,
            name_ar=permit.worker_name_ar,
            nationality=permit.nationality,
            occupation_code=permit.occupation_code,
            job_level=permit.job_level,
            monthly_salary=permit.monthly_salary,
            contract_start=permit.valid_from or timezone.localdate(),
            contract_end=permit.valid_until,
        )
        Permit.objects.filter(pk=permit.pk).update(employee=employee)
        created += 1
    return created


def _first_permit_holders(today: datetime.date) -> list[int]:
    """The employees of the demo establishments' permits valid today (the others start later),
    in the order they were filed."""
    ids = (
        Permit.objects.filter(
            establishment__cr_number__in=[cr_number_for(i) for i in range(3)],
            employee__isnull=False,
            status__in=[Permit.Status.ACTIVE, Permit.Status.EXPIRING],
            valid_from__lte=today,
            valid_until__gte=today,
        )
        .order_by("pk")
        .values_list("employee_id", flat=True)
    )
    return list(dict.fromkeys(ids))


def seed_workstatus() -> WorkStatusSeed:
    """Fitness results and declarations for the foreign workers of the demo establishments
    (those missing), then a full recompute."""
    today = timezone.localdate()
    _register_permit_holders(today)
    holders = _first_permit_holders(today)
    expired = set(holders[1:2])
    no_address = set(holders[2:3])
    workers = (
        Employee.objects.exclude(nationality=Employee.OMANI)
        .filter(passport_number__isnull=False)
        .exclude(passport_number="")
        .order_by("pk")
    )
    known = set(
        MedicalFitnessResult.objects.filter(reference__startswith=DEMO_REFERENCE).values_list(
            "reference", flat=True
        )
    )
    declared = set(Declaration.objects.values_list("employee_id", flat=True))
    results: list[MedicalFitnessResult] = []
    declarations: list[Declaration] = []
    now = timezone.now()
    for employee in workers.iterator():
        reference = f"{DEMO_REFERENCE}{employee.nationality}-{employee.passport_number}"
        if reference not in known:
            age = 900 if employee.pk in expired else 30 + employee.pk % 300
            results.append(
                MedicalFitnessResult(
                    reference=reference,
                    nationality=employee.nationality,
                    passport_number=employee.passport_number or "",
                    person_name=employee.name_en,
                    result=MedicalFitnessResult.Result.FIT,
                    examined_on=today - datetime.timedelta(days=age),
                    source_version=1,
                    synced_at=now,
                )
            )
        if employee.pk not in declared:
            declarations.append(
                Declaration(
                    employee=employee,
                    address=""
                    if employee.pk in no_address
                    else f"Camp {employee.pk % 7 + 1}, Ruwi",
                    worksite=f"SITE-{employee.establishment_id}",
                )
            )
    MedicalFitnessResult.objects.bulk_create(results, batch_size=1000)
    Declaration.objects.bulk_create(declarations, batch_size=1000)
    recompute_all(trigger=RecomputeRun.Trigger.COMMAND, as_of=today)
    red = WorkerStatus.objects.filter(overall="red").count()
    total = WorkerStatus.objects.count()
    return WorkStatusSeed(workers=total, green=total - red, red=red)
