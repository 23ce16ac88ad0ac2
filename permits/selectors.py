"""Reads of work permits.

Employer-facing reads take an establishment already resolved from membership; reads that cross
establishments end in `_all_establishments` (the officer queue, the public check, the G2G API).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from core.dated import in_force_on
from core.models import AuditEvent
from employers.models import Employee, Establishment
from omanization.compliance import Hire
from permits.models import (
    BulkRenewal,
    FeeBand,
    Permit,
    PermitDataChange,
    PermitDocument,
    PermitRuleSet,
    PermitTransfer,
)


def today() -> datetime.date:
    return timezone.localdate()


def permit_rule_set_in_force(*, on: datetime.date) -> PermitRuleSet | None:
    """The published permit rule set in force on `on`, or None."""
    return in_force_on(PermitRuleSet.objects.prefetch_related("fee_bands"), on=on)


def permit_rule_set_list() -> QuerySet[PermitRuleSet]:
    return PermitRuleSet.objects.prefetch_related("fee_bands").order_by("-effective_from")


# --- employer -------------------------------------------------------------------------------


def permit_list_for_establishment(
    *, establishment: Establishment, status: str = "", search: str = ""
) -> QuerySet[Permit]:
    permits = Permit.objects.filter(establishment=establishment)
    if status:
        permits = permits.filter(status=status)
    if search:
        text = search.strip()
        permits = permits.filter(
            Q(number__iexact=text)
            | Q(passport_number__iexact=text)
            | Q(worker_name_en__icontains=text)
            | Q(worker_name_ar__icontains=text)
        )
    return permits.order_by("-created_at", "-id")


def permit_get_for_establishment(*, establishment: Establishment, permit_id: int) -> Permit | None:
    return (
        Permit.objects.filter(establishment=establishment, pk=permit_id)
        .select_related("establishment", "rule_set", "previous_permit")
        .first()
    )


def data_change_list_for_permit(*, permit: Permit) -> QuerySet[PermitDataChange]:
    """The data changes of one permit (already scoped to the establishment), newest first."""
    return PermitDataChange.objects.filter(permit=permit).order_by("-created_at", "-id")


def renewal_worklist_for_establishment(
    *, establishment: Establishment, weeks: int = 12, on: datetime.date | None = None
) -> QuerySet[Permit]:
    """Permits held by the establishment that end within `weeks` and have no renewal pending."""
    on = on or today()
    pending_renewal = Permit.objects.filter(
        previous_permit=OuterRef("pk"), status__in=Permit.PENDING
    )
    return (
        Permit.objects.filter(
            establishment=establishment,
            status__in=Permit.VALID,
            valid_until__lte=on + datetime.timedelta(weeks=weeks),
        )
        .exclude(Exists(pending_renewal))
        .order_by("valid_until", "id")
    )


def bulk_renewal_get_for_establishment(
    *, establishment: Establishment, bulk_id: int
) -> BulkRenewal | None:
    return BulkRenewal.objects.filter(establishment=establishment, pk=bulk_id).first()


def transfer_list_for_establishment(*, establishment: Establishment) -> QuerySet[PermitTransfer]:
    return (
        PermitTransfer.objects.filter(to_establishment=establishment)
        .select_related("permit", "new_permit")
        .order_by("-created_at")
    )


def transfer_get_by_token(*, token: str) -> PermitTransfer | None:
    if not token or len(token) > 64:
        return None
    return (
        PermitTransfer.objects.filter(consent_token=token)
        .select_related("permit", "permit__establishment", "to_establishment")
        .first()
    )


def permit_document_get(*, permit: Permit, document_id: int) -> PermitDocument | None:
    """One document of `permit` (already resolved for the reader: employer-scoped or staff)."""
    return PermitDocument.objects.filter(permit=permit, pk=document_id).first()


def fee_band_for_permit(*, permit: Permit) -> FeeBand | None:
    """The fee band the permit was charged under (None for a transfer's flat fee)."""
    return FeeBand.objects.filter(rule_set_id=permit.rule_set_id, code=permit.fee_band).first()


def permit_events(*, permit: Permit) -> QuerySet[AuditEvent]:
    """The permit's history (its audit events), oldest first."""
    from core.selectors import audit_events_for_object

    return audit_events_for_object(obj=permit)


# --- Omanization: workers approved but not yet on the register ------------------------------


def _on_register() -> Exists:
    return Exists(
        Employee.objects.filter(
            establishment=OuterRef("establishment"),
            nationality=OuterRef("nationality"),
            passport_number=OuterRef("passport_number"),
        ).filter(Q(contract_end__isnull=True) | Q(contract_end__gte=today()))
    )


def foreign_hires_approved_for_establishment(*, establishment: Establishment) -> list[Hire]:
    """Workers whose permits are approved or held but who are not on the workforce register yet
    (the register is fed by social insurance once they arrive): they count as foreign workers
    for the quota gate from the day their permit is approved."""
    rows = (
        Permit.objects.filter(
            establishment=establishment,
            status__in=Permit.HELD | {Permit.Status.APPROVED},
        )
        .filter(~_on_register())
        .values_list("job_level", "monthly_salary")
    )
    return _as_hires(rows)


def pending_hires_for_establishment(*, establishment: Establishment) -> list[Hire]:
    """Approved-not-arrived workers plus applications waiting for a decision (projection)."""
    rows = (
        Permit.objects.filter(
            establishment=establishment,
            status__in=Permit.HELD | Permit.PENDING,
        )
        .exclude(kind=Permit.Kind.RENEWAL)
        .filter(~_on_register())
        .values_list("job_level", "monthly_salary")
    )
    return _as_hires(rows)


def _as_hires(rows: Any) -> list[Hire]:
    counts: dict[tuple[int, Decimal], int] = defaultdict(int)
    for job_level, salary in rows:
        counts[(job_level, salary)] += 1
    return [
        Hire(national=False, job_level=level, monthly_salary=salary, count=count)
        for (level, salary), count in sorted(counts.items())
    ]


# --- ministry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    assigned: str = ""  # "" any, "me", "none"
    failed_check: str = ""
    cr_number: str = ""
    occupation_code: str = ""
    kind: str = ""
    submitted_from: datetime.date | None = None
    submitted_to: datetime.date | None = None
    awaiting_second_approver: bool = False


def permit_queue_all_establishments(*, user: User, filters: QueueFilter) -> QuerySet[Permit]:
    """The officer queue: applications waiting for a decision, oldest first, filtered."""
    statuses = (
        [filters.status]
        if filters.status
        else list(Permit.QUEUE | {Permit.Status.DOCUMENTS_REQUESTED})
    )
    permits = Permit.objects.filter(status__in=statuses)
    if filters.assigned == "me":
        permits = permits.filter(assigned_to=user)
    elif filters.assigned == "none":
        permits = permits.filter(assigned_to__isnull=True)
    if filters.failed_check:
        permits = permits.filter(
            checks__contains=[{"code": filters.failed_check, "outcome": "failed"}]
        )
    if filters.cr_number:
        permits = permits.filter(establishment__cr_number=filters.cr_number.strip())
    if filters.occupation_code:
        permits = permits.filter(occupation_code=filters.occupation_code.strip())
    if filters.kind:
        permits = permits.filter(kind=filters.kind)
    if filters.submitted_from:
        permits = permits.filter(created_at__date__gte=filters.submitted_from)
    if filters.submitted_to:
        permits = permits.filter(created_at__date__lte=filters.submitted_to)
    if filters.awaiting_second_approver:
        permits = permits.filter(override_requested_by__isnull=False, status__in=Permit.QUEUE)
    return permits.select_related("establishment", "assigned_to").order_by("created_at", "id")


def permit_get_all_establishments(*, permit_id: int) -> Permit | None:
    return (
        Permit.objects.filter(pk=permit_id)
        .select_related(
            "establishment",
            "establishment__activity",
            "rule_set",
            "assigned_to",
            "recommended_by",
            "override_requested_by",
            "decided_by",
            "previous_permit",
        )
        .first()
    )


def permit_get_by_number_all_establishments(*, number: str) -> Permit | None:
    return (
        Permit.objects.filter(number=number)
        .select_related("establishment")
        .prefetch_related("visas")
        .first()
    )


def permit_get_by_token_all_establishments(*, token: str) -> Permit | None:
    if not token or len(token) > 64:
        return None
    return (
        Permit.objects.filter(certificate_token=token)
        .select_related("establishment")
        .only(
            "number",
            "status",
            "worker_name_ar",
            "worker_name_en",
            "occupation_code",
            "valid_from",
            "valid_until",
            "certificate_token",
            "establishment__name_ar",
            "establishment__name_en",
        )
        .first()
    )


def officers_for_assignment() -> QuerySet[User]:
    return User.objects.filter(
        role__in=[User.Role.OFFICER, User.Role.APPROVER], is_active=True
    ).order_by("username")
