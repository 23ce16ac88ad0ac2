"""Reads of accommodation: an operator's sites (every read names the operator), an
establishment's declarations, a worker's own places, and the staff worklist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum

from accommodation import residency
from accommodation.models import (
    Block,
    Declaration,
    LastCheckIn,
    Operator,
    OperatorMember,
    Resident,
    Room,
    Site,
)
from accounts.models import User
from employers.models import Employee, Establishment, Membership
from permits.models import Permit


def operator_for_user(*, user: User) -> Operator | None:
    """The active operator a person acts for: an accommodation operator's account, the
    representative the ministry registered (by the person's proven civil or resident number), or
    a representative (workforce service) of an establishment that operates its own
    accommodation. A suspended operator is nobody's."""
    active = Operator.objects.filter(status=Operator.Status.ACTIVE)
    member = (
        OperatorMember.objects.filter(user=user, operator__status=Operator.Status.ACTIVE)
        .select_related("operator")
        .first()
    )
    if member is not None:
        return member.operator
    if user.identity_proven:
        represented = active.filter(representative_civil_id=user.civil_id).order_by("pk").first()
        if represented is not None:
            return represented
    if user.role != User.Role.EMPLOYER:
        return None
    establishments = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "establishment_id"
    )
    return (
        active.filter(establishment_id__in=establishments).order_by("pk").first()
        if establishments
        else None
    )


def operators_all(*, search: str = "") -> QuerySet[Operator]:
    """Every operator (ministry staff), with its sites and beds counted; `search` matches a
    name, the CR number or the representative's number."""
    operators = Operator.objects.select_related("establishment").annotate(
        site_count=Count("sites", distinct=True)
    )
    search = search.strip()
    if search:
        operators = operators.filter(
            Q(name_ar__icontains=search)
            | Q(name_en__icontains=search)
            | Q(cr_number=search)
            | Q(representative_civil_id=search)
        )
    return operators.order_by("name_en", "name_ar", "pk")


def sites_for_operator(*, operator: Operator) -> QuerySet[Site]:
    return (
        Site.objects.filter(operator=operator)
        .annotate(beds=Sum("blocks__rooms__capacity"), room_count=Count("blocks__rooms"))
        .order_by("name")
    )


def site_for_operator(*, operator: Operator, site_id: int) -> Site:
    return Site.objects.get(operator=operator, pk=site_id)


def block_for_operator(*, operator: Operator, block_id: int) -> Block:
    return Block.objects.select_related("site").get(site__operator=operator, pk=block_id)


def rooms_of_site(*, site: Site) -> QuerySet[Room]:
    return (
        Room.objects.filter(block__site=site)
        .select_related("block")
        .order_by("block__name", "number")
    )


def residents_of_site(*, site: Site) -> list[dict[str, Any]]:
    """Everyone declared to a room of the site or on the operator's record of it, with the
    three records side by side."""
    declared = Declaration.objects.filter(room__block__site=site).values_list(
        "employee_id", flat=True
    )
    recorded = Resident.objects.filter(site=site).values_list("employee_id", flat=True)
    employees = (
        Employee.objects.filter(Q(pk__in=declared) | Q(pk__in=recorded))
        .select_related(
            "establishment",
            "accommodation_declaration__room__block",
            "accommodation_resident__room__block",
        )
        .order_by("name_en", "pk")
    )
    last = {
        c.employee_id: c
        for c in LastCheckIn.objects.filter(employee__in=employees).select_related("room__block")
    }
    rows = []
    for employee in employees:
        declaration = getattr(employee, "accommodation_declaration", None)
        record = getattr(employee, "accommodation_resident", None)
        rows.append(
            {
                "employee": employee,
                "declaration": declaration,
                "record": record,
                "last": last.get(employee.pk),
                "declared_here": declaration is not None
                and declaration.room.block.site_id == site.pk,
            }
        )
    return rows


def resident_employee_for_operator(*, operator: Operator, employee_id: int) -> Employee:
    """A worker declared to, or recorded at, one of the operator's sites (else DoesNotExist)."""
    return Employee.objects.get(
        Q(accommodation_declaration__room__block__site__operator=operator)
        | Q(accommodation_resident__site__operator=operator),
        pk=employee_id,
    )


def declarations_for_establishment(*, establishment: Establishment) -> QuerySet[Declaration]:
    return (
        Declaration.objects.filter(employee__establishment=establishment)
        .select_related("employee", "room__block__site")
        .order_by("employee__name_en", "pk")
    )


def rooms_all() -> QuerySet[Room]:
    """Every room (an employer declares a worker into any licensed site's room)."""
    return Room.objects.select_related("block__site").order_by(
        "block__site__name", "block__name", "number"
    )


def workers_of_person(*, user: User) -> list[Employee]:
    """The foreign worker's own places on registers: by the proven civil or resident number on
    the register or on a permit (nothing for an account whose number is not proven)."""
    if not user.identity_proven:
        return []
    by_permit = Permit.objects.filter(worker_civil_id=user.civil_id, employee__isnull=False).values(
        "employee_id"
    )
    return list(
        Employee.objects.filter(Q(civil_id=user.civil_id) | Q(pk__in=by_permit))
        .exclude(nationality=Employee.OMANI)
        .select_related(
            "establishment",
            "accommodation_declaration__room__block__site",
            "accommodation_resident__site",
        )
        .order_by("pk")
    )


def room_at_site(*, room_id: int, site_id: int) -> Room | None:
    """The room a QR code names, if it is at the site the code names."""
    return (
        Room.objects.filter(pk=room_id, block__site_id=site_id)
        .select_related("block__site")
        .first()
    )


def last_checkin(*, employee_id: int) -> LastCheckIn | None:
    return (
        LastCheckIn.objects.filter(employee_id=employee_id)
        .select_related("room__block__site")
        .first()
    )


# --- the staff worklist -----------------------------------------------------------------------


@dataclass(frozen=True)
class SiteLoad:
    site_id: int
    name: str
    operator: str
    beds: int
    declared: int
    confirmed: int


def sites_over_capacity_all_operators() -> list[SiteLoad]:
    """Sites where more workers are declared, or confirmed, than the rooms have beds."""
    sql = """
    SELECT s.id, s.name, COALESCE(NULLIF(o.name_en, ''), o.name_ar),
           COALESCE(b.beds, 0), COALESCE(d.n, 0), COALESCE(r.n, 0)
    FROM accommodation_site s
    JOIN accommodation_operator o ON o.id = s.operator_id
    LEFT JOIN (SELECT bl.site_id, sum(rm.capacity) AS beds FROM accommodation_room rm
               JOIN accommodation_block bl ON bl.id = rm.block_id GROUP BY bl.site_id) b
      ON b.site_id = s.id
    LEFT JOIN (SELECT bl.site_id, count(*) AS n FROM accommodation_declaration dc
               JOIN accommodation_room rm ON rm.id = dc.room_id
               JOIN accommodation_block bl ON bl.id = rm.block_id GROUP BY bl.site_id) d
      ON d.site_id = s.id
    LEFT JOIN (SELECT site_id, count(*) AS n FROM accommodation_resident
               WHERE status = 'confirmed' GROUP BY site_id) r ON r.site_id = s.id
    WHERE GREATEST(COALESCE(d.n, 0), COALESCE(r.n, 0)) > COALESCE(b.beds, 0)
    ORDER BY s.name
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [SiteLoad(*row) for row in cursor.fetchall()]


def unconfirmed_declarations_all_operators(*, limit: int = 200) -> QuerySet[Declaration]:
    """Declarations the site's operator has neither confirmed nor disputed."""
    return (
        Declaration.objects.exclude(
            employee__accommodation_resident__site_id=F("room__block__site_id")
        )
        .select_related("employee__establishment", "room__block__site")
        .order_by("created_at")[:limit]
    )


def mismatches_all_operators(*, limit: int = 200) -> list[tuple[int, str, str, list[str]]]:
    """Workers whose records disagree: (employee id, name, employer, reasons), by the same
    comparison as the residency code."""
    sql = f"""
    SELECT e.id, COALESCE(NULLIF(e.name_en, ''), e.name_ar), est.name_ar,
           array_remove(ARRAY[{residency.CASES}], NULL) AS reasons
    FROM employers_employee e
    JOIN employers_establishment est ON est.id = e.establishment_id
    {residency.JOINS.format(employee="e.id")}
    WHERE acc_d.employee_id IS NOT NULL OR acc_r.employee_id IS NOT NULL
    """  # noqa: S608  # nosec B608 # fragments from code, no values
    query = f"SELECT * FROM ({sql}) x WHERE cardinality(reasons) > 0 ORDER BY 2 LIMIT %s"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(query, [limit])
        return [(row[0], row[1], row[2], list(row[3])) for row in cursor.fetchall()]
