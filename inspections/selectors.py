"""Reads of the inspections app. Staff reads cross establishments by design
(`*_all_establishments`); the employer's reads take the establishment and show only visits
whose report was sent."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from employers.models import Establishment
from inspections.models import ChecklistItem, Finding, InspectionPlan, PlanEntry, Visit, VisitType


def plan_list_all_establishments() -> QuerySet[InspectionPlan]:
    """Every plan, newest month first, with the people who asked for and approved it."""
    return InspectionPlan.objects.select_related("rule_set", "requested_by", "approved_by")


def plan_get_all_establishments(*, plan_id: int) -> InspectionPlan | None:
    return plan_list_all_establishments().filter(pk=plan_id).first()


def plan_entries(*, plan: InspectionPlan) -> QuerySet[PlanEntry]:
    """The plan's establishments by rank, each with its visits of the plan counted."""
    return PlanEntry.objects.filter(plan=plan).select_related("establishment").order_by("rank")


def visit_type_list() -> QuerySet[VisitType]:
    return VisitType.objects.prefetch_related("items")


def visit_list_all_establishments(*, inspector_id: int | None = None) -> QuerySet[Visit]:
    """Visits newest first; only those of one inspector when `inspector_id` is given."""
    visits = Visit.objects.select_related("establishment", "visit_type", "inspector", "plan")
    if inspector_id is not None:
        visits = visits.filter(inspector_id=inspector_id)
    return visits.order_by("-scheduled_on", "-id")


def visit_get_all_establishments(*, visit_id: int) -> Visit | None:
    return (
        Visit.objects.select_related("establishment", "visit_type", "inspector", "plan")
        .prefetch_related(
            Prefetch("visit_type__items", queryset=ChecklistItem.objects.order_by("position"))
        )
        .filter(pk=visit_id)
        .first()
    )


def visit_findings(*, visit: Visit) -> QuerySet[Finding]:
    return Finding.objects.filter(visit=visit).select_related("item", "violation")


def visit_list_for_establishment(*, establishment: Establishment) -> QuerySet[Visit]:
    """The establishment's visits whose report was sent (an assigned visit is not announced)."""
    return (
        Visit.objects.filter(establishment=establishment, status__in=Visit.EMPLOYER_SEES)
        .select_related("visit_type")
        .order_by("-scheduled_on", "-id")
    )


def visit_get_for_establishment(*, establishment: Establishment, visit_id: int) -> Visit | None:
    return visit_list_for_establishment(establishment=establishment).filter(pk=visit_id).first()


def finding_with_photo(*, visit: Visit, finding_id: int) -> Finding | None:
    """A finding of `visit` that has a photo (the staff's read: the visit was resolved first)."""
    return Finding.objects.filter(visit=visit, pk=finding_id).exclude(photo_path="").first()


def finding_with_photo_for_establishment(
    *, establishment: Establishment, visit_id: int, finding_id: int
) -> Finding | None:
    """A confirmed finding with a photo of one of the establishment's reported visits: the
    evidence of a violation it was told of (a dismissed finding is not its concern)."""
    visit = visit_get_for_establishment(establishment=establishment, visit_id=visit_id)
    if visit is None:
        return None
    return (
        Finding.objects.filter(visit=visit, pk=finding_id, status=Finding.Status.CONFIRMED)
        .exclude(photo_path="")
        .first()
    )
