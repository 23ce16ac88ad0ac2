"""Visits: a supervisor assigns an establishment of an approved plan to an inspector for a visit
of one type (its checklist comes with the type), and cancels one before its report; the
report and the employer's answer are in `inspections.services.reports`."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.services import audit_record, model_snapshot
from core.transitions import transition_locked
from inspections.errors import InspectionError, refuse
from inspections.models import Finding, InspectionPlan, PlanEntry, Visit, VisitType
from inspections.services.plans import PLANNERS

SNAPSHOT_FIELDS = ("establishment", "visit_type", "inspector", "scheduled_on", "status")


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


@transaction.atomic
def visit_assign(
    *,
    plan: InspectionPlan,
    establishment_id: int,
    visit_type_code: str,
    inspector_id: int,
    scheduled_on: datetime.date,
    assigned_by: User,
) -> Visit:
    """Assign a visit of `visit_type_code` to the establishment of an approved plan, for an
    inspector on a day of the plan's month. Audited.

    Raises:
        PermissionDeniedError: `assigned_by` is not a supervisor (approver).
        InspectionError: the plan is not approved; the establishment is not in the plan; an
            unknown visit type; the person is not an active inspector; a day outside the
            plan's month. Nothing is saved.
    """
    if assigned_by.role not in PLANNERS:
        raise PermissionDeniedError(_("Only a supervisor may assign inspection visits."))
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_approved:
        raise refuse(_("Visits are assigned from an approved plan."))
    entry = (
        PlanEntry.objects.filter(plan=plan, establishment_id=establishment_id)
        .select_related("establishment")
        .first()
    )
    if entry is None:
        raise refuse(_("Choose an establishment of this plan."), "cr_number")
    visit_type = VisitType.objects.filter(code=visit_type_code).first()
    if visit_type is None:
        raise refuse(_("Choose a visit type."), "visit_type")
    inspector = User.objects.filter(
        pk=inspector_id, role=User.Role.INSPECTOR, is_active=True
    ).first()
    if inspector is None:
        raise refuse(_("Choose an active inspector."), "inspector")
    if not plan.month <= scheduled_on <= _month_end(plan.month):
        raise refuse(_("Choose a day of the plan's month."), "scheduled_on")
    visit = Visit(
        plan=plan,
        establishment=entry.establishment,
        visit_type=visit_type,
        inspector=inspector,
        assigned_by=assigned_by,
        scheduled_on=scheduled_on,
    )
    visit.full_clean()
    visit.save()
    audit_record(
        actor=assigned_by,
        action="inspections.visit_assigned",
        obj=visit,
        after=model_snapshot(visit, SNAPSHOT_FIELDS),
    )
    return visit


def _refuse_transition(visit: Visit) -> InspectionError:
    return InspectionError(
        _("A visit that is %(status)s cannot change this way.")
        % {"status": visit.get_status_display()}
    )


@transaction.atomic
def visit_cancel(*, visit: Visit, cancelled_by: User, reason: str) -> Visit:
    """A supervisor calls off an assigned visit before its report, with the reason, which the
    inspector sees on the visit. Audited.

    A visit on which the inspector recorded a finding took place: its findings are decided
    and its report sent instead (a cancelled visit would leave them undecided for good).

    Raises PermissionDeniedError (not a supervisor) or InspectionError (no reason, a finding
    recorded, or the visit is reported, answered or cancelled already). Nothing is saved."""
    if cancelled_by.role not in PLANNERS:
        raise PermissionDeniedError(_("Only a supervisor may cancel an inspection visit."))
    if not reason.strip():
        raise refuse(_("Say why the visit is cancelled."), "reason")
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if locked.can_cancel and Finding.objects.filter(visit=locked).exists():
        raise refuse(
            _("The inspector recorded findings on this visit: decide them and send its report.")
        )
    visit, _event = transition_locked(
        obj=locked,
        to=Visit.Status.CANCELLED,
        actor=cancelled_by,
        action="inspections.visit_cancelled",
        refuse=_refuse_transition,
        snapshot_fields=("status", "cancel_reason"),
        changes={
            "cancel_reason": reason.strip(),
            "cancelled_by": cancelled_by,
            "cancelled_at": timezone.now(),
        },
    )
    return visit
