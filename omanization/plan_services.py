"""Writes of annual Omanization plans: the employer files (or files again) a plan, scored when
filed; an officer approves it or asks for changes. Each status change goes through the workflow
kernel (core.transitions, ADR 0019) and is audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError, PermissionDeniedError
from core.services import audit_record
from core.transitions import transition_locked
from employers.locks import establishment_lock
from employers.models import Employee, Establishment
from employers.selectors import headcount_for_establishment
from omanization.plan_models import QUARTERS, OmanizationPlan, OmanizationPlanLine
from omanization.plan_selectors import plan_score
from omanization.selectors import today

# Who decides plans: officers and approvers (accounts.rules "omanization.review_plans").
PLAN_REVIEWERS = frozenset({User.Role.OFFICER, User.Role.APPROVER})


class PlanError(ApplicationError):
    """A plan was refused (bad figures, a year already approved, a decision not allowed)."""


@dataclass(frozen=True)
class PlanLineInput:
    job_level: int
    quarter: int
    omani_hires: int
    replacements: int


def _validate(*, year: int, lines: Sequence[PlanLineInput]) -> None:
    this_year = today().year
    if year not in (this_year, this_year + 1):
        raise PlanError(
            _("A plan is filed for this year (%(this)s) or the next (%(next)s).")
            % {"this": this_year, "next": this_year + 1}
        )
    seen: set[tuple[int, int]] = set()
    for line in lines:
        if line.quarter not in QUARTERS:
            raise PlanError(
                _("Quarter %(quarter)s is not a quarter of the year: use 1 to 4.")
                % {"quarter": line.quarter}
            )
        if line.job_level not in Employee.JobLevel.values:
            raise PlanError(_("Job level %(level)s does not exist.") % {"level": line.job_level})
        if line.omani_hires < 0 or line.replacements < 0:
            raise PlanError(_("Planned hires and replacements cannot be negative."))
        if (line.job_level, line.quarter) in seen:
            raise PlanError(_("Each job level appears once per quarter."))
        seen.add((line.job_level, line.quarter))


@transaction.atomic
def plan_file(
    *,
    establishment: Establishment,
    year: int,
    lines: Sequence[PlanLineInput],
    submitted_by: User,
) -> OmanizationPlan:
    """File the establishment's plan for `year`, scored against the targets and its projection,
    to wait for an officer. A plan sent back for changes is filed again in its place (its lines
    replaced); lines with nothing planned are not kept.

    Raises:
        PlanError: a year other than this one or the next, a quarter outside 1-4, an unknown job
            level, a negative figure, a level twice in a quarter, or a plan for the year that is
            already approved or waiting for the ministry. Nothing is written.
    """
    _validate(year=year, lines=lines)
    locked = establishment_lock(establishment_id=establishment.pk)
    kept = [line for line in lines if line.omani_hires or line.replacements]
    score = plan_score(
        establishment=locked,
        year=year,
        hires=sum(line.omani_hires for line in kept),
        replacements=sum(line.replacements for line in kept),
    )
    figures = {
        "headcount": headcount_for_establishment(establishment=locked).total,
        "target": score.target,
        "projected_share": score.projected_share,
        "planned_share": score.planned_share,
        "score": score.score,
        "submitted_by": submitted_by,
        "submitted_at": timezone.now(),
    }
    existing = OmanizationPlan.objects.filter(establishment=locked, year=year).first()
    if existing is None:
        plan = OmanizationPlan(establishment=locked, year=year, **figures)
        plan.full_clean()
        plan.save()
        audit_record(
            actor=submitted_by,
            action="omanization.plan_filed",
            obj=plan,
            after={"year": year, "score": plan.score, "status": plan.status},
        )
    else:
        if existing.status == OmanizationPlan.Status.APPROVED:
            raise PlanError(
                _("The plan for %(year)s is already approved; it cannot be filed again.")
                % {"year": year}
            )
        plan, _event = transition_locked(
            obj=existing,
            to=OmanizationPlan.Status.SUBMITTED,
            actor=submitted_by,
            action="omanization.plan_refiled",
            refuse=lambda row: PlanError(
                _("The plan for %(year)s is waiting for the ministry.") % {"year": year}
            ),
            snapshot_fields=("status", "score"),
            changes=figures,
        )
        plan.lines.all().delete()
    OmanizationPlanLine.objects.bulk_create(
        [
            OmanizationPlanLine(
                plan=plan,
                job_level=line.job_level,
                quarter=line.quarter,
                omani_hires=line.omani_hires,
                replacements=line.replacements,
            )
            for line in kept
        ]
    )
    return plan


def _decide(
    *, plan: OmanizationPlan, decided_by: User, to: str, note: str, action: str
) -> OmanizationPlan:
    if decided_by.role not in PLAN_REVIEWERS:
        raise PermissionDeniedError(_("Only ministry officers may decide an Omanization plan."))
    with transaction.atomic():
        establishment_lock(establishment_id=plan.establishment_id)
        locked, _event = transition_locked(
            obj=plan,
            to=to,
            actor=decided_by,
            action=action,
            refuse=lambda row: PlanError(_("This plan is not waiting for a decision.")),
            changes={
                "decided_by": decided_by,
                "decided_at": timezone.now(),
                "decision_note": note.strip()[:2000],
            },
            note=note.strip(),
        )
    return locked


def plan_approve(*, plan: OmanizationPlan, decided_by: User, note: str = "") -> OmanizationPlan:
    """An officer approves a plan waiting for the ministry (audited).

    Raises:
        PermissionDeniedError: `decided_by` is not an officer or approver.
        PlanError: the plan is not waiting for a decision; nothing changes.
    """
    return _decide(
        plan=plan,
        decided_by=decided_by,
        to=OmanizationPlan.Status.APPROVED,
        note=note,
        action="omanization.plan_approved",
    )


def plan_request_changes(*, plan: OmanizationPlan, decided_by: User, note: str) -> OmanizationPlan:
    """An officer sends a plan back with what to change (audited); the employer files it again.

    Raises:
        PermissionDeniedError: `decided_by` is not an officer or approver.
        PlanError: no reason is given, or the plan is not waiting for a decision.
    """
    if not note.strip():
        raise PlanError(_("Say what the establishment should change."))
    return _decide(
        plan=plan,
        decided_by=decided_by,
        to=OmanizationPlan.Status.CHANGES_REQUESTED,
        note=note,
        action="omanization.plan_changes_requested",
    )
