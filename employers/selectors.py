"""Reads about establishments and their workforce.

Employer-facing reads take the establishment resolved by `employers.access` (never an id from the
request). Reads that cross establishments end in `_all_establishments` and serve staff only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from employers.models import ClaimDispute, Employee, Establishment, Membership, WorkforceImport


def _in_force(prefix: str = "") -> Q:
    """Memberships that let their holder act today: ACTIVE and not past their end date."""
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}valid_until__isnull": True})
        | Q(**{f"{prefix}valid_until__gte": timezone.localdate()})
    )


def establishment_list_for_member(*, user: User) -> QuerySet[Establishment]:
    """Establishments `user` actively represents."""
    return (
        Establishment.objects.filter(Q(memberships__user=user) & _in_force("memberships__"))
        .select_related("activity")
        .order_by("name_en")
    )


def active_membership_for(*, user: User, establishment_id: int) -> Membership | None:
    """The membership by which `user` acts for the establishment today, if any."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(_in_force(), user=user, establishment_id=establishment_id)
        .select_related("establishment__activity")
        .first()
    )


def user_has_active_membership(*, user: User) -> bool:
    """Whether `user` actively represents at least one establishment (the representative
    capacity of accounts.capacities)."""
    return Membership.objects.filter(_in_force(), user=user).exists()


def establishment_list_with_headcount_for_member(*, user: User) -> QuerySet[Establishment]:
    """The member's establishments with their Omani and total headcount, in one query."""
    return establishment_list_for_member(user=user).annotate(
        headcount=Count("employees", distinct=True),
        omani_headcount=Count(
            "employees", filter=Q(employees__nationality=Employee.OMANI), distinct=True
        ),
    )


def employee_list_for_establishment(
    *, establishment: Establishment, search: str = ""
) -> QuerySet[Employee]:
    """The workforce register of one establishment, optionally searched by name or ID."""
    employees = Employee.objects.filter(establishment=establishment)
    if search:
        employees = employees.filter(
            Q(name_en__icontains=search)
            | Q(name_ar__icontains=search)
            | Q(civil_id=search)
            | Q(passport_number=search)
        )
    return employees.order_by("name_en", "id")


def employees_matching_ids(
    *,
    establishment_id: int,
    civil_ids: set[str],
    passport_numbers: set[str],
) -> list[Employee]:
    """Employees of one establishment holding any of the civil IDs or passport numbers (for
    matching an import batch to the register in one query). Callers compare nationality."""
    if not civil_ids and not passport_numbers:
        return []
    return list(
        Employee.objects.filter(establishment_id=establishment_id).filter(
            Q(civil_id__in=civil_ids) | Q(passport_number__in=passport_numbers)
        )
    )


def employee_with_id(
    *,
    establishment: Establishment,
    civil_id: str | None = None,
    nationality: str = "",
    passport_number: str | None = None,
) -> Employee | None:
    """The employee of the establishment with this civil ID, or with this nationality and
    passport number (the one given), if any."""
    employees = Employee.objects.filter(establishment=establishment)
    if civil_id is not None:
        return employees.filter(civil_id=civil_id).first()
    if passport_number is not None:
        return employees.filter(nationality=nationality, passport_number=passport_number).first()
    return None


def workforce_import_list_for_establishment(
    *, establishment: Establishment
) -> QuerySet[WorkforceImport]:
    """The workforce imports of one establishment, newest first."""
    return (
        WorkforceImport.objects.filter(establishment=establishment)
        .select_related("uploaded_by")
        .order_by("-created_at", "-id")
    )


def establishment_contacts(*, establishment_id: int, limit: int = 3) -> list[User]:
    """Who hears by SMS about the establishment's cases: its active representatives with a
    mobile number, longest-standing first, at most `limit` (an SMS to fifty would be noise)."""
    members = (
        Membership.objects.filter(
            _in_force(), establishment_id=establishment_id, user__is_active=True
        )
        .exclude(user__mobile="")
        .select_related("user")
        .order_by("pk")[:limit]
    )
    return [member.user for member in members if member.user is not None]


def membership_list_for_establishment(*, establishment: Establishment) -> QuerySet[Membership]:
    """Who may act for one establishment."""
    return (
        Membership.objects.filter(establishment=establishment)
        .select_related("user", "appointed_by")
        .order_by("-is_active", "status", "role", "civil_id", "id")
    )


@dataclass(frozen=True)
class Headcount:
    total: int
    omani: int

    @property
    def foreign(self) -> int:
        return self.total - self.omani

    @property
    def omani_share(self) -> float | None:
        return self.omani / self.total if self.total else None


def headcount_for_establishment(*, establishment: Establishment) -> Headcount:
    """Total and Omani headcount of one establishment (a plain count, not the weighted
    Omanization share, which the omanization app computes from its rule set)."""
    counts = Employee.objects.filter(establishment=establishment).aggregate(
        total=Count("id"), omani=Count("id", filter=Q(nationality=Employee.OMANI))
    )
    return Headcount(total=counts["total"], omani=counts["omani"])


def establishment_list_all_establishments(
    *, search: str = "", governorate: str = "", status: str = ""
) -> QuerySet[Establishment]:
    """Every establishment, searched by CR number or name: the ministry staff directory."""
    establishments = Establishment.objects.select_related("activity")
    if search:
        establishments = establishments.filter(
            Q(cr_number=search) | Q(name_en__icontains=search) | Q(name_ar__icontains=search)
        )
    if governorate:
        establishments = establishments.filter(governorate=governorate)
    if status:
        establishments = establishments.filter(status=status)
    return establishments.order_by("name_en", "id")


def establishment_get_all_establishments(*, establishment_id: int) -> Establishment:
    """One establishment by id for staff (raises Establishment.DoesNotExist)."""
    return Establishment.objects.select_related("activity").get(pk=establishment_id)


@dataclass(frozen=True)
class StatisticsRow:
    key: str
    label: str
    establishments: int
    employees: int
    omani: int

    @property
    def omani_share(self) -> float | None:
        return self.omani / self.employees if self.employees else None


def workforce_statistics_by_governorate_all_establishments() -> list[StatisticsRow]:
    """Establishments, employees and Omani employees per governorate: aggregates only."""
    from employers.models import Governorate

    establishment_counts = dict(
        Establishment.objects.values_list("governorate").annotate(n=Count("id")).order_by()
    )
    employee_counts = {
        row["establishment__governorate"]: row
        for row in Employee.objects.values("establishment__governorate")
        .annotate(total=Count("id"), omani=Count("id", filter=Q(nationality=Employee.OMANI)))
        .order_by()
    }
    rows = []
    for value, label in Governorate.choices:
        employees = employee_counts.get(value, {"total": 0, "omani": 0})
        rows.append(
            StatisticsRow(
                key=value,
                label=str(label),
                establishments=establishment_counts.get(value, 0),
                employees=employees["total"],
                omani=employees["omani"],
            )
        )
    return rows


def workforce_statistics_by_activity_all_establishments() -> list[StatisticsRow]:
    """Establishments, employees and Omani employees per economic activity: aggregates only."""
    from employers.models import EconomicActivity

    activities = EconomicActivity.objects.annotate(
        n_establishments=Count("establishments", distinct=True)
    ).order_by("code")
    employee_counts = {
        row["establishment__activity_id"]: row
        for row in Employee.objects.values("establishment__activity_id")
        .annotate(total=Count("id"), omani=Count("id", filter=Q(nationality=Employee.OMANI)))
        .order_by()
    }
    rows = []
    for activity in activities:
        employees = employee_counts.get(activity.pk, {"total": 0, "omani": 0})
        rows.append(
            StatisticsRow(
                key=activity.code,
                label=activity.name,
                establishments=activity.n_establishments,
                employees=employees["total"],
                omani=employees["omani"],
            )
        )
    return rows


# --- onboarding: owners, appointments, the registry worklist --------------------------------------


@dataclass(frozen=True)
class OwnedEstablishment:
    establishment: Establishment
    kind: str
    administered: bool


def establishments_owned_by(*, user: User) -> list[OwnedEstablishment]:
    """Establishments the commerce registry lists `user`'s proven number as an owner or
    signatory of ("my establishments"), and whether they administer each already."""
    if not user.identity_proven:
        return []
    from employers.models import EstablishmentOwner

    owned = list(
        EstablishmentOwner.objects.filter(civil_id=user.civil_id)
        .select_related("establishment__activity")
        .order_by("establishment__name_en", "establishment_id")[:200]
    )
    administered = set(
        Membership.objects.filter(
            _in_force(),
            user=user,
            role=Membership.Role.OWNER,
            establishment_id__in=[o.establishment_id for o in owned],
        ).values_list("establishment_id", flat=True)
    )
    return [
        OwnedEstablishment(
            establishment=o.establishment,
            kind=o.get_kind_display(),
            administered=o.establishment_id in administered,
        )
        for o in owned
    ]


def appointments_waiting_for(*, user: User) -> QuerySet[Membership]:
    """Appointments made to `user`'s proven number that wait for them to accept."""
    if not user.identity_proven:
        return Membership.objects.none()
    return (
        Membership.objects.filter(civil_id=user.civil_id, status=Membership.Status.PENDING)
        .select_related("establishment", "appointed_by")
        .order_by("created_at", "id")
    )


def membership_for_establishment(*, establishment: Establishment, membership_id: int) -> Membership:
    """One membership of the establishment (DoesNotExist for another's)."""
    return Membership.objects.select_related("user", "establishment").get(
        establishment=establishment, pk=membership_id
    )


class Worklist:
    UNCLAIMED = "unclaimed"
    UNREACHABLE = "unreachable"
    NO_CHAMBER = "no_chamber"


def registry_worklist_all_establishments(*, kind: str) -> QuerySet[Establishment]:
    """Staff's registry worklist: establishments (not struck off) that no administrator has
    claimed, whose registry record names no owner or signatory, or without a valid chamber of
    commerce membership."""
    from django.db.models import Exists, OuterRef

    from employers.models import EstablishmentOwner

    establishments = Establishment.objects.exclude(status=Establishment.Status.CLOSED)
    if kind == Worklist.UNREACHABLE:
        establishments = establishments.filter(
            ~Exists(EstablishmentOwner.objects.filter(establishment=OuterRef("pk")))
        )
    elif kind == Worklist.NO_CHAMBER:
        establishments = establishments.exclude(chamber_status="valid")
    else:
        establishments = establishments.filter(
            ~Exists(
                Membership.objects.filter(
                    establishment=OuterRef("pk"),
                    role=Membership.Role.OWNER,
                    status=Membership.Status.ACTIVE,
                )
            )
        )
    return establishments.select_related("activity").order_by("name_en", "id")


def claim_disputes_open_all_establishments() -> QuerySet[ClaimDispute]:
    """Staff's worklist of disputed claims: the open ones, oldest first."""
    return ClaimDispute.objects.filter(status=ClaimDispute.Status.OPEN).select_related(
        "establishment", "raised_by", "contested__user"
    )


def claim_dispute_get_all_establishments(*, dispute_id: int) -> ClaimDispute:
    """One dispute for staff (DoesNotExist when there is none)."""
    return ClaimDispute.objects.select_related(
        "establishment", "raised_by", "contested__user", "decided_by"
    ).get(pk=dispute_id)


def claim_disputes_raised_by(*, user: User) -> QuerySet[ClaimDispute]:
    """The disputes `user` raised, newest first (shown on "my establishments")."""
    return (
        ClaimDispute.objects.filter(raised_by=user)
        .select_related("establishment")
        .order_by("-created_at", "-id")[:50]
    )


def owners_of(*, establishment: Establishment) -> list[tuple[str, str]]:
    """(civil or resident number, capacity) of each owner and signatory the registry lists."""
    from employers.models import EstablishmentOwner

    return [
        (o.civil_id, str(o.get_kind_display()))
        for o in EstablishmentOwner.objects.filter(establishment=establishment).order_by(
            "kind", "civil_id"
        )
    ]


def membership_history_all(*, establishment: Establishment) -> list[object]:
    """The audit events of every membership of the establishment and of the establishment's
    own registry changes, newest first (staff)."""
    from core.models import AuditEvent

    membership_ids = [
        str(pk)
        for pk in Membership.objects.filter(establishment=establishment).values_list(
            "pk", flat=True
        )
    ]
    membership_type = Membership._meta.label_lower
    establishment_type = Establishment._meta.label_lower
    return list(
        AuditEvent.objects.filter(
            Q(object_type=membership_type, object_id__in=membership_ids)
            | Q(
                object_type=establishment_type,
                object_id=str(establishment.pk),
                action="employers.establishment_struck_off",
            )
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:500]
    )
