"""The officer queue and the approver's decision: assignment, document requests,
recommendation, approval (with four eyes to override a failed check) and rejection."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from employers.locks import establishment_lock
from permits.checks import FAILED, run_checks
from permits.models import DocumentRequest, Permit, PermitDocument
from permits.services.applications import _approve_and_issue, rule_set_required
from permits.services.lifecycle import FourEyesError, PermitError, permit_transition

REVIEWERS = frozenset({User.Role.OFFICER, User.Role.APPROVER})


def _require_role(user: User, roles: frozenset[str], message: str) -> None:
    if user.role not in roles or not user.is_active:
        raise PermitError(message)


def permit_assign(*, permit: Permit, officer: User, assigned_by: User) -> Permit:
    """Give the case to `officer`. A submitted case becomes UNDER_REVIEW; one already under
    review changes hands (audited)."""
    _require_role(assigned_by, REVIEWERS, _("Only ministry officers and approvers assign cases."))
    _require_role(officer, REVIEWERS, _("Cases can be assigned only to officers and approvers."))
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.status == Permit.Status.SUBMITTED:
            return permit_transition(
                permit=locked,
                to=Permit.Status.UNDER_REVIEW,
                actor=assigned_by,
                changes={"assigned_to": officer},
            )
        if locked.status not in {Permit.Status.UNDER_REVIEW, Permit.Status.DOCUMENTS_REQUESTED}:
            raise PermitError(_("Only a case waiting for a decision can be assigned."))
        before = {"assigned_to": locked.assigned_to_id}
        locked.assigned_to = officer
        locked.save(update_fields=["assigned_to", "updated_at"])
        audit_record(
            actor=assigned_by,
            action="permits.assigned",
            obj=locked,
            before=before,
            after={"assigned_to": officer.pk},
        )
    return locked


def permit_request_documents(
    *, permit: Permit, officer: User, kind: str, note: str
) -> DocumentRequest:
    """Ask the employer for a document; the employer hears by SMS, and the case leaves the
    queue until a document is added."""
    _require_role(officer, REVIEWERS, _("Only ministry officers and approvers request documents."))
    if kind not in PermitDocument.Kind.values:
        raise PermitError(_("Choose which document is needed."))
    note = (note or "").strip()
    if not note:
        raise PermitError(_("Say what the employer must provide."))
    with transaction.atomic():
        permit_transition(
            permit=permit,
            to=Permit.Status.DOCUMENTS_REQUESTED,
            actor=officer,
            note=f"{PermitDocument.Kind(kind).label}: {note}",
        )
        return DocumentRequest.objects.create(
            permit=permit, kind=kind, note=note, requested_by=officer
        )


def permit_recommend(*, permit: Permit, officer: User, recommendation: str, note: str) -> Permit:
    """Record the officer's recommendation for the approver (no change of status)."""
    _require_role(officer, REVIEWERS, _("Only ministry officers and approvers recommend."))
    if recommendation not in {"approve", "reject"}:
        raise PermitError(_("Choose approve or reject."))
    note = (note or "").strip()
    if not note:
        raise PermitError(_("Give the reason for your recommendation."))
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.status not in Permit.QUEUE:
            raise PermitError(_("Only a case in the queue can be recommended."))
        locked.recommendation = recommendation
        locked.recommendation_note = note
        locked.recommended_by = officer
        locked.save(
            update_fields=["recommendation", "recommendation_note", "recommended_by", "updated_at"]
        )
        audit_record(
            actor=officer,
            action="permits.recommended",
            obj=locked,
            after={"recommendation": recommendation, "note": note},
        )
    return locked


def permit_approve(*, permit: Permit, approver: User, reason: str) -> Permit:
    """Approve and issue the permit, re-running the automatic checks under the establishment's
    lock. When a check fails, the first approver's approval only proposes an exception (with
    its reason); a second, different approver confirms it (four eyes).

    Raises PermitTransitionError if the permit is no longer waiting (of many simultaneous
    approvals exactly one succeeds), FourEyesError when the proposer tries to confirm.
    """
    _require_role(approver, frozenset({User.Role.APPROVER}), _("Only approvers decide permits."))
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the decision."))
    with transaction.atomic():
        establishment_lock(establishment_id=permit.establishment_id)
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.status not in Permit.QUEUE:
            raise PermitError(
                _("Permit %(number)s is %(status)s: there is nothing to decide.")
                % {"number": locked.number, "status": locked.get_status_display()}
            )
        checks = run_checks(
            establishment=locked.establishment,
            rule_set=rule_set_required(on=timezone.localdate()),
            occupation_code=locked.occupation_code,
            job_level=locked.job_level,
            monthly_salary=locked.monthly_salary,
            passport_expiry=locked.passport_expiry,
            starts_on=max(locked.requested_start, timezone.localdate()),
            adds_worker=locked.kind != Permit.Kind.RENEWAL,
        )
        passed = all(check["outcome"] != FAILED for check in checks)
        locked.checks = checks
        locked.checks_passed = passed
        locked.save(update_fields=["checks", "checks_passed", "updated_at"])
        if not passed:
            if locked.override_requested_by_id is None:
                locked.override_requested_by = approver
                locked.override_reason = reason
                locked.save(
                    update_fields=["override_requested_by", "override_reason", "updated_at"]
                )
                audit_record(
                    actor=approver,
                    action="permits.override_proposed",
                    obj=locked,
                    after={
                        "reason": reason,
                        "failed": [c["code"] for c in checks if c["outcome"] == FAILED],
                    },
                )
                return locked
            if locked.override_requested_by_id == approver.pk:
                raise FourEyesError(
                    _("You proposed this exception: a second approver must confirm it (four eyes).")
                )
            reason = _("Exception confirmed: %(first)s / %(second)s") % {
                "first": locked.override_reason,
                "second": reason,
            }
        return _approve_and_issue(permit=locked, actor=approver, reason=reason)


def permit_reject(*, permit: Permit, approver: User, reason: str) -> Permit:
    """Reject the application with a reason the employer and the worker are told."""
    _require_role(approver, frozenset({User.Role.APPROVER}), _("Only approvers decide permits."))
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the decision."))
    return permit_transition(
        permit=permit,
        to=Permit.Status.REJECTED,
        actor=approver,
        note=reason,
        changes={
            "decided_by": approver,
            "decided_at": timezone.now(),
            "decision_reason": reason,
        },
    )
