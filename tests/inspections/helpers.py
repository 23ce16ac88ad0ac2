"""Builders of the inspection tests, and the cases the fitness sweeps (tenancy, staff access,
Sanad) need for the inspections URLs."""

from __future__ import annotations

import datetime
import io
import uuid
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from employers.models import Establishment
from employment.models import LifecycleRuleSet, Violation, ViolationType, WageProtectionResult
from inspections.models import Finding, InspectionPlan, RiskRuleSet, Visit, VisitType
from tests.factories import EstablishmentFactory, UserFactory

R = User.Role


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def last_month() -> datetime.date:
    return (this_month() - datetime.timedelta(days=1)).replace(day=1)


def wage_rate(establishment: Establishment, rate: str, *, month: datetime.date | None = None):
    """A checked salary month of `establishment` at `rate` percent."""
    month = month or last_month()
    return WageProtectionResult.objects.create(
        establishment=establishment,
        month=month,
        rule_set=LifecycleRuleSet.objects.filter(status="published").earliest("effective_from"),
        due_on=month + datetime.timedelta(days=27),
        pay_by=month + datetime.timedelta(days=34),
        workers_due=10,
        paid=int(Decimal(rate) / 10),
        compliance_rate=Decimal(rate),
        stage=WageProtectionResult.Stage.WARNED,
    )


def violation(establishment: Establishment, *, days_ago: int = 20, code: str = "records"):
    return Violation.objects.create(
        establishment=establishment,
        violation_type=ViolationType.objects.filter(code=code).earliest("id"),
        inspector=UserFactory.create(role=R.INSPECTOR),
        observed_on=this_month() - datetime.timedelta(days=days_ago),
        evidence="Register not shown.",
        fine=Decimal("200.000"),
    )


def risk_rules(start: datetime.date, **weights: int) -> RiskRuleSet:
    """A published risk rule set from `start` (closing the open one the day before)."""
    RiskRuleSet.objects.filter(effective_to__isnull=True, effective_from__lt=start).update(
        effective_to=start - datetime.timedelta(days=1)
    )
    version = (RiskRuleSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    return RiskRuleSet.objects.create(
        name=f"Weights {version}",
        status=RiskRuleSet.Status.PUBLISHED,
        version=version,
        effective_from=start,
        **weights,
    )


def computed_plan(
    *, governorate: str = "al_wusta", month: datetime.date | None = None, approved: bool = True
) -> InspectionPlan:
    """A plan computed by the service (and approved unless told not to)."""
    from inspections.services.plans import plan_approve, plan_compute, plan_request

    supervisor = UserFactory.create(role=R.APPROVER)
    plan = plan_request(
        month=month or this_month(), governorate=governorate, requested_by=supervisor
    )
    computed = plan_compute(plan_id=plan.pk)
    assert computed is not None
    plan = computed
    if approved:
        plan = plan_approve(plan=plan, approved_by=supervisor)
    return plan


def assigned_visit(
    establishment: Establishment | None = None,
    *,
    visit_type: str = "wage_records",
    inspector: User | None = None,
) -> Visit:
    """A visit of `establishment` (a new risky one by default) assigned to an inspector."""
    from inspections.services.visits import visit_assign

    establishment = establishment or EstablishmentFactory.create(governorate="al_wusta")
    if not Violation.objects.filter(establishment=establishment).exists():
        violation(establishment)
    plan = InspectionPlan.objects.filter(
        governorate=establishment.governorate,
        month=this_month(),
        approved_at__isnull=False,
        entries__establishment=establishment,
    ).first() or computed_plan(governorate=establishment.governorate)
    assert plan.approved_by is not None
    return visit_assign(
        plan=plan,
        establishment_id=establishment.pk,
        visit_type_code=visit_type,
        inspector_id=(inspector or UserFactory.create(role=R.INSPECTOR)).pk,
        scheduled_on=timezone.localdate(),
        assigned_by=plan.approved_by,
    )


def recorded_finding(visit: Visit | None = None, **overrides: Any) -> Finding:
    """A finding recorded on `visit` (a new one by default) by its inspector."""
    from inspections.services.findings import finding_record

    visit = visit or assigned_visit()
    values: dict[str, Any] = {
        "client_id": uuid.uuid4(),
        "item_code": visit.visit_type.items.order_by("position").first().code,  # type: ignore[union-attr]
        "observed_on": timezone.localdate(),
        "workers_concerned": 3,
        "note": "No payslips for three workers.",
        **overrides,
    }
    finding, _created = finding_record(visit=visit, recorded_by=visit.inspector, **values)
    return finding


def png_photo(size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def visit_types() -> list[str]:
    return list(VisitType.objects.values_list("code", flat=True))


# --- the fitness sweeps ------------------------------------------------------------------------

STAFF_PAGES: dict[str, set[str]] = {
    "inspections:staff-rule-sets": {R.POLICY, R.APPROVER, R.ANALYST, R.INSPECTOR},
    "inspections:staff-rule-set": {R.POLICY, R.APPROVER, R.ANALYST, R.INSPECTOR},
    "inspections:staff-rule-set-impact": {R.POLICY, R.APPROVER, R.ANALYST, R.INSPECTOR},
    "inspections:staff-rule-set-create": {R.POLICY},
    "inspections:staff-rule-set-publish": {R.POLICY},
    "inspections:staff-rule-set-publish-today-request": {R.POLICY},
    "inspections:staff-rule-set-discard": {R.POLICY},
    "inspections:staff-plans": {R.INSPECTOR, R.APPROVER},
    "inspections:staff-plan-request": {R.APPROVER},
    "inspections:staff-plan": {R.INSPECTOR, R.APPROVER},
    "inspections:staff-plan-approve": {R.APPROVER},
    "inspections:staff-visit-assign": {R.APPROVER},
    "inspections:staff-visits": {R.INSPECTOR, R.APPROVER},
    "inspections:staff-visit": {R.INSPECTOR, R.APPROVER},
    "inspections:staff-finding-record": {R.INSPECTOR},
    "inspections:staff-finding-confirm": {R.INSPECTOR},
    "inspections:staff-finding-dismiss": {R.INSPECTOR},
    "inspections:staff-visit-report": {R.INSPECTOR},
    "inspections:staff-finding-photo": {R.INSPECTOR, R.APPROVER},
    "inspections:staff-visit-cancel": {R.APPROVER},
}
STAFF_POST_ONLY: set[str] = {
    "inspections:staff-rule-set-publish",
    "inspections:staff-rule-set-publish-today-request",
    "inspections:staff-rule-set-discard",
    "inspections:staff-plan-approve",
    "inspections:staff-finding-confirm",
    "inspections:staff-finding-dismiss",
    "inspections:staff-visit-report",
    "inspections:staff-visit-cancel",
}


def staff_url_kwargs(name: str) -> dict[str, Any]:
    """The kwargs of an inspections staff URL, with objects made for it."""
    if name.startswith("inspections:staff-rule-set") and name not in {
        "inspections:staff-rule-sets",
        "inspections:staff-rule-set-create",
    }:
        draft = RiskRuleSet.objects.create(name="Draft", effective_from=datetime.date(2030, 1, 1))
        return {"rule_set_id": draft.pk}
    if name in {"inspections:staff-plan", "inspections:staff-plan-approve"}:
        return {"plan_id": computed_plan(approved=False).pk}
    if name == "inspections:staff-visit-assign":
        return {"plan_id": computed_plan().pk}
    if name in {
        "inspections:staff-visit",
        "inspections:staff-finding-record",
        "inspections:staff-visit-report",
        "inspections:staff-visit-cancel",
    }:
        return {"visit_id": assigned_visit().pk}
    if name == "inspections:staff-finding-photo":
        finding = recorded_finding(photo=png_photo())
        return {"visit_id": finding.visit_id, "finding_id": finding.pk}
    if name in {"inspections:staff-finding-confirm", "inspections:staff-finding-dismiss"}:
        finding = recorded_finding()
        return {"visit_id": finding.visit_id, "finding_id": finding.pk}
    return {}


def reported_visit(
    visit: Visit, summary: str = "Payslips missing for three workers.", *, photo: bool = False
) -> Visit:
    """`visit` with one confirmed finding (with a photo when asked) and its report sent."""
    from inspections.services.findings import finding_confirm
    from inspections.services.reports import visit_report

    finding = recorded_finding(visit, **({"photo": png_photo()} if photo else {}))
    finding_confirm(finding=finding, confirmed_by=visit.inspector)
    return visit_report(visit=visit, reported_by=visit.inspector, summary=summary)


# --- the tenancy and Sanad sweeps: employer URLs ---------------------------------------------


def world_visits(world: Any) -> tuple[Visit, Visit]:
    """The reported visits of the world's own and other establishment (one plan holds both)."""
    if not hasattr(world, "_inspection_visits"):
        for establishment in (world.own, world.other):
            violation(establishment)
        computed_plan(governorate=world.own.governorate)
        other_governorate = world.other.governorate
        if other_governorate != world.own.governorate:
            computed_plan(governorate=other_governorate)
        own = reported_visit(assigned_visit(world.own), photo=True)
        other = reported_visit(
            assigned_visit(world.other), summary="CANARY-OTHER-VISIT", photo=True
        )
        world._inspection_visits = (own, other)
    visits: tuple[Visit, Visit] = world._inspection_visits
    return visits


def foreign_calls() -> dict[str, list[Any]]:
    """Every inspections employer URL, called with another establishment's ids (must be 404)."""

    def own(w: Any) -> int:
        return world_visits(w)[0].pk

    def other(w: Any) -> int:
        return world_visits(w)[1].pk

    def own_photo(w: Any) -> int:
        return world_photo(w, 0).pk

    def other_photo(w: Any) -> int:
        return world_photo(w, 1).pk

    visit_calls = [
        lambda w: {"establishment_id": w.other.pk, "visit_id": other(w)},
        lambda w: {"establishment_id": w.own.pk, "visit_id": other(w)},
        lambda w: {"establishment_id": w.other.pk, "visit_id": own(w)},
    ]
    photo_calls = [
        lambda w: {
            "establishment_id": w.other.pk,
            "visit_id": other(w),
            "finding_id": other_photo(w),
        },
        lambda w: {
            "establishment_id": w.own.pk,
            "visit_id": other(w),
            "finding_id": other_photo(w),
        },
        # the own visit in the URL, the other establishment's finding
        lambda w: {"establishment_id": w.own.pk, "visit_id": own(w), "finding_id": other_photo(w)},
        lambda w: {"establishment_id": w.other.pk, "visit_id": own(w), "finding_id": own_photo(w)},
    ]
    return {
        "inspections:employer-visits": [lambda w: {"establishment_id": w.other.pk}],
        "inspections:employer-visit": visit_calls,
        "inspections:employer-visit-answer": visit_calls,
        "inspections:employer-finding-photo": photo_calls,
    }


def world_photo(world: Any, index: int) -> Finding:
    """The confirmed finding with a photo of the world's own (0) or other (1) reported visit."""
    visit = world_visits(world)[index]
    return Finding.objects.filter(visit=visit).exclude(photo_path="").get()


def own_kwargs(world: Any, url_name: str) -> dict[str, Any]:
    """Kwargs that reach the world's own visit (the own-establishment check)."""
    kwargs: dict[str, Any] = {"establishment_id": world.own.pk}
    if url_name != "inspections:employer-visits":
        kwargs["visit_id"] = world_visits(world)[0].pk
    if url_name == "inspections:employer-finding-photo":
        kwargs["finding_id"] = world_photo(world, 0).pk
    return kwargs


POST_ONLY: set[str] = set()
