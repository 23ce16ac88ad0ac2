"""Reads of terminations, absconding reports and objections.

Employer-facing lists take the establishment (tenancy); the worker's record excludes absconding
reports that were overturned (struck from the record).
"""

from __future__ import annotations

from django.db.models import QuerySet

from employers.models import Employee, Establishment
from employment.models import AbscondingReport, Termination
from permits.models import Permit

# A termination that stands or may still stand: it blocks a second termination and a renewal.
OPEN_TERMINATION: frozenset[str] = frozenset(
    {
        Termination.Status.NOTIFIED,
        Termination.Status.COMMITTEE,
        Termination.Status.OBJECTED,
        Termination.Status.UPHELD,
    }
)
OPEN_ABSCONDING: frozenset[str] = frozenset(
    {AbscondingReport.Status.FILED, AbscondingReport.Status.OBJECTED}
)
# Terminations of Omanis that create the duty to replace them with an Omani (the brief's
# "upheld or notified"; an objected one is contested and owes nothing until it is decided).
REPLACEMENT_OWED: frozenset[str] = frozenset(
    {Termination.Status.NOTIFIED, Termination.Status.UPHELD}
)


def termination_list_for_establishment(*, establishment: Establishment) -> QuerySet[Termination]:
    """The establishment's terminations, newest first."""
    return Termination.objects.filter(establishment=establishment).select_related(
        "employee", "notice"
    )


def absconding_report_list_for_establishment(
    *, establishment: Establishment
) -> QuerySet[AbscondingReport]:
    """The establishment's absconding reports (overturned ones included: the employer filed
    them), newest first."""
    return AbscondingReport.objects.filter(establishment=establishment).select_related(
        "employee", "notice"
    )


def termination_open_for_employee(*, employee: Employee) -> Termination | None:
    """The employee's termination that is notified, with the committee, objected or upheld."""
    return Termination.objects.filter(employee=employee, status__in=OPEN_TERMINATION).first()


def termination_open_for_worker(
    *, establishment_id: int, nationality: str, passport_number: str
) -> bool:
    """True when the worker (identified as on a permit) has an open termination with this
    establishment. Used by permit renewals, under the establishment's lock."""
    return Termination.objects.filter(
        establishment_id=establishment_id,
        employee__nationality=nationality,
        employee__passport_number=passport_number,
        status__in=OPEN_TERMINATION,
    ).exists()


def absconding_report_open_for_employee(*, employee: Employee) -> AbscondingReport | None:
    return AbscondingReport.objects.filter(employee=employee, status__in=OPEN_ABSCONDING).first()


def absconding_reports_on_record(*, employee: Employee) -> QuerySet[AbscondingReport]:
    """The worker's absconding reports as the worker's record shows them: overturned reports
    are struck and never shown."""
    return AbscondingReport.objects.filter(employee=employee).exclude(
        status=AbscondingReport.Status.OVERTURNED
    )


def worker_held_permit(*, employee: Employee) -> Permit | None:
    """The foreign worker's held permit with the employee's establishment (found by
    establishment, nationality and passport, as permits identify workers), or None."""
    if not employee.passport_number or employee.nationality == Employee.OMANI:
        return None
    return (
        Permit.objects.filter(
            establishment_id=employee.establishment_id,
            nationality=employee.nationality,
            passport_number=employee.passport_number,
            status__in=Permit.HELD,
        )
        .order_by("-valid_from", "-id")
        .first()
    )


def worker_latest_permit(*, employee: Employee) -> Permit | None:
    """The worker's held permit, else the worker's latest permit of any status with the
    employee's establishment: where the language of the worker's messages is on record (its
    typed mobile is never used to reach the worker: employment.services.notices)."""
    held = worker_held_permit(employee=employee)
    if held is not None or not employee.passport_number:
        return held
    return (
        Permit.objects.filter(
            establishment_id=employee.establishment_id,
            nationality=employee.nationality,
            passport_number=employee.passport_number,
        )
        .order_by("-id")
        .first()
    )


def omani_replacements_owed(*, establishment: Establishment) -> int:
    """How many dismissed Omanis the establishment still has to replace with an Omani.

    Each notified or upheld termination of an Omani owes one replacement, met by the earliest
    Omani on the register whose contract starts on or after the notice was given (not the
    dismissed employee, and each hire meets one dismissal only). Returns the unmet count.
    """
    dismissals = list(
        Termination.objects.filter(
            establishment=establishment,
            employee__nationality=Employee.OMANI,
            status__in=REPLACEMENT_OWED,
        )
        .order_by("notice_given_on", "id")
        .values_list("notice_given_on", "employee_id")
    )
    if not dismissals:
        return 0
    dismissed_ids = {employee_id for _, employee_id in dismissals}
    hires = list(
        Employee.objects.filter(
            establishment=establishment,
            nationality=Employee.OMANI,
            contract_start__gte=dismissals[0][0],
        )
        .exclude(pk__in=dismissed_ids)
        .order_by("contract_start", "id")
        .values_list("contract_start", flat=True)
    )
    owed = 0
    index = 0
    for notice_given_on, _employee_id in dismissals:
        while index < len(hires) and hires[index] < notice_given_on:
            index += 1
        if index < len(hires):
            index += 1  # this hire replaces this dismissal
        else:
            owed += 1
    return owed
