"""A foreign worker's departure from Oman, as the passport and residence directorate reports it:
the worker's contract ends on the departure date and their held permit ends (DOMAIN.md 3.4).

Reported through the G2G endpoint until the directorate's feed is synchronised (issue 7); the
same service will take the synchronised records. Sending the same departure again changes
nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from employers.locks import establishments_lock
from employers.models import Employee
from employers.services import employee_end_contract
from employment.services.cases import CaseError
from permits.models import Permit
from permits.services.lifecycle import permit_transition


@dataclass(frozen=True)
class DepartureRecorded:
    permits_ended: list[str]
    contracts_ended: int
    already_recorded: bool


def departure_record(
    *,
    nationality: str,
    passport_number: str,
    departed_on: datetime.date,
    reported_by: User,
    reference: str,
) -> DepartureRecorded:
    """End the held permits and the open contracts of the worker with this passport.

    Each establishment concerned is locked first (the lock order of permits and cases). Raises
    CaseError for a departure in the future or a worker the portal does not know.
    """
    nationality = (nationality or "").strip().upper()
    passport_number = (passport_number or "").strip().upper()
    if departed_on > timezone.localdate():
        raise CaseError(_("A departure cannot be in the future."))
    held = Permit.objects.filter(
        nationality=nationality, passport_number=passport_number, status__in=Permit.HELD
    )
    employees = Employee.objects.filter(nationality=nationality, passport_number=passport_number)
    establishment_ids = sorted(
        {*held.values_list("establishment_id", flat=True)}
        | {*employees.values_list("establishment_id", flat=True)}
    )
    if (
        not establishment_ids
        and not Permit.objects.filter(
            nationality=nationality, passport_number=passport_number
        ).exists()
    ):
        raise CaseError(_("No worker with this passport is known to the portal."))
    permits_ended: list[str] = []
    contracts_ended = 0
    with transaction.atomic():
        establishments_lock(establishment_ids=establishment_ids)
        for permit in held.order_by("pk"):
            ended = permit_transition(
                permit=permit,
                to=Permit.Status.CANCELLED,
                actor=reported_by,
                note=_("Departed from Oman on %(date)s") % {"date": departed_on.isoformat()},
                changes={"ended_reason": f"departure {reference} {departed_on.isoformat()}"},
            )
            permits_ended.append(ended.number)
        for employee in employees.order_by("pk"):
            if employee.contract_end is not None and employee.contract_end <= departed_on:
                continue
            employee_end_contract(employee=employee, contract_end=departed_on, actor=reported_by)
            contracts_ended += 1
        already = not permits_ended and not contracts_ended
        audit_record(
            actor=reported_by,
            action="employment.departure_recorded",
            after={
                "nationality": nationality,
                "passport_number": passport_number,
                "departed_on": departed_on,
                "reference": reference,
                "permits_ended": permits_ended,
                "contracts_ended": contracts_ended,
                "already_recorded": already,
            },
        )
    return DepartureRecorded(permits_ended, contracts_ended, already)
