"""Reads of the worker status codes."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from accounts.models import User
from employers.models import Employee, Establishment
from permits.models import Permit
from workstatus.models import Finding, ScanLog, StatusChange, WorkerStatus


def status_for_employee(*, employee_id: int) -> WorkerStatus | None:
    return WorkerStatus.objects.filter(employee_id=employee_id).first()


def overall_code_for_employee(*, employee_id: int) -> str:
    """The worker's overall code now, or "" (asked by accommodation's movement rules)."""
    code = WorkerStatus.objects.filter(employee_id=employee_id).values_list("overall", flat=True)
    return code.first() or ""


def employees_of_person(*, user: User) -> list[Employee]:
    """The foreign worker's own places on registers: by the proven civil or resident number on
    the register or on a permit (nothing for an account whose number is not proven)."""
    if not user.identity_proven:
        return []
    civil_id = user.civil_id
    by_permit = Permit.objects.filter(worker_civil_id=civil_id, employee__isnull=False).values(
        "employee_id"
    )
    return list(
        Employee.objects.filter(Q(civil_id=civil_id) | Q(pk__in=by_permit))
        .exclude(nationality=Employee.OMANI)
        .select_related("establishment")
        .order_by("pk")
    )


def employee_for_permit_number(*, number: str) -> Employee | None:
    """The register entry a permit number names (the permit's employee)."""
    permit = (
        Permit.objects.filter(number=number.strip().upper(), employee__isnull=False)
        .select_related("employee__establishment")
        .first()
    )
    return permit.employee if permit else None


def statuses_for_establishment(*, establishment: Establishment, only_red: bool = False) -> Any:
    """The codes of the establishment's workers with their names, red first."""
    rows = WorkerStatus.objects.filter(establishment_id=establishment.pk)
    if only_red:
        rows = rows.filter(overall="red")
    names = {
        e.pk: e
        for e in Employee.objects.filter(establishment=establishment).only(
            "pk", "name_ar", "name_en", "passport_number", "nationality"
        )
    }
    result = []
    for status in rows.order_by("-overall", "employee_id"):
        employee = names.get(status.employee_id)
        if employee is not None:
            result.append({"status": status, "employee": employee})
    return result


_COUNT_KEYS = {
    "code": "s.overall",
    "sector": "a.code",
    "governorate": "est.governorate",
}


def counts(*, by: str) -> list[dict[str, Any]]:
    """Workers by `by` (overall code, reason, sector or governorate): red, green, in all."""
    if by == "reason":
        sql = (
            "SELECT r, count(*), 0, count(*) FROM workstatus_workerstatus s, unnest(s.reasons) r "
            "GROUP BY r ORDER BY count(*) DESC, r"
        )
    else:
        key = _COUNT_KEYS[by]
        sql = f"""
            SELECT {key}, count(*) FILTER (WHERE s.overall = 'red'),
                   count(*) FILTER (WHERE s.overall = 'green'), count(*)
            FROM workstatus_workerstatus s
            JOIN employers_establishment est ON est.id = s.establishment_id
            JOIN employers_economicactivity a ON a.id = est.activity_id
            GROUP BY 1 ORDER BY 2 DESC, 1
        """  # noqa: S608  # nosec B608 # the key is one of _COUNT_KEYS
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [
            {"key": k, "red": red, "green": green, "total": total}
            for k, red, green, total in cursor.fetchall()
        ]


def history_for_employee(*, employee_id: int) -> QuerySet[StatusChange]:
    return StatusChange.objects.filter(employee_id=employee_id).order_by("-changed_at", "-id")


def search_workers(*, query: str) -> list[Employee]:
    """Foreign workers by permit number, passport number or name (staff history search)."""
    query = query.strip()
    if len(query) < 3:
        return []
    by_permit = Permit.objects.filter(number=query.upper()).values("employee_id")
    return list(
        Employee.objects.exclude(nationality=Employee.OMANI)
        .filter(
            Q(pk__in=by_permit)
            | Q(passport_number=query.upper())
            | Q(name_en__icontains=query)
            | Q(name_ar__icontains=query)
        )
        .select_related("establishment")
        .order_by("pk")[:50]
    )


def scans_by(*, user: User, limit: int = 20) -> QuerySet[ScanLog]:
    return ScanLog.objects.filter(scanned_by=user).order_by("-scanned_at")[:limit]


def findings_recent(*, limit: int = 50) -> QuerySet[Finding]:
    return Finding.objects.select_related("employee", "establishment", "reported_by")[:limit]
