"""Findings: an inspector captures what a visit found on one point of its checklist, on a phone
in the field (offline too: the phone keeps the submission and sends it again once back
online), then at the desk confirms it, which records the violation through employment's own
service (the fine from the schedule, the repeat, the escalation, the SMS), or dismisses it.

Each submission carries the `client_id` the phone generated when the finding was written: a
replayed submission finds the finding it made and writes nothing (the visit's row lock puts
two copies arriving at once one after the other).
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.services import audit_record, model_snapshot
from core.transitions import transition_locked
from employment.services.violations import violation_record
from inspections.errors import InspectionError, refuse
from inspections.models import Finding, Visit
from inspections.photos import photo_check, photo_store

SNAPSHOT_FIELDS = ("visit", "item", "observed_on", "workers_concerned", "status")


def _check_inspector(*, visit: Visit, user: User) -> None:
    if user.role != User.Role.INSPECTOR or visit.inspector_id != user.pk:
        raise PermissionDeniedError(_("Only the visit's inspector may record its findings."))


@transaction.atomic
def finding_record(
    *,
    visit: Visit,
    recorded_by: User,
    client_id: uuid.UUID,
    item_code: str,
    observed_on: datetime.date,
    workers_concerned: int,
    note: str,
    photo: bytes | None = None,
) -> tuple[Finding, bool]:
    """Record a finding of `visit` on its checklist point `item_code`, with an optional photo
    checked by its content. Returns the finding and whether it was written now: a submission
    whose `client_id` was already recorded for this visit returns that finding (False).

    Raises:
        PermissionDeniedError: `recorded_by` is not the visit's inspector.
        InspectionError: the reference belongs to another visit; the report was sent or the
            visit cancelled; the point is not on the checklist of the visit's type; a date in
            the future or before the plan's month; no worker; no note; a photo that is not a
            JPEG or PNG image. Nothing is saved.
    """
    visit = Visit.objects.select_for_update().select_related("visit_type", "plan").get(pk=visit.pk)
    _check_inspector(visit=visit, user=recorded_by)
    existing = Finding.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.visit_id != visit.pk:
            raise refuse(_("This reference belongs to another visit's finding."))
        return existing, False
    if visit.status == Visit.Status.CANCELLED:
        raise refuse(_("The visit was cancelled: it takes no more findings."))
    if visit.status not in Visit.IN_THE_FIELD:
        raise refuse(_("The visit's report was sent: it takes no more findings."))
    item = visit.visit_type.items.filter(code=item_code).first()
    if item is None:
        raise refuse(_("Choose a point of this visit's checklist."), "item")
    if observed_on > timezone.localdate():
        raise refuse(_("The date observed cannot be in the future."), "observed_on")
    if observed_on < visit.plan.month:
        raise refuse(_("The date observed cannot be before the plan's month."), "observed_on")
    if workers_concerned < 1:
        raise refuse(_("Enter at least one worker concerned."), "workers_concerned")
    if not note.strip():
        raise refuse(_("Describe what was found."), "note")
    checked = photo_check(content=photo) if photo is not None else None
    finding = Finding(
        visit=visit,
        item=item,
        client_id=client_id,
        recorded_by=recorded_by,
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        note=note.strip(),
    )
    if checked is not None:
        finding.photo_path = photo_store(visit_id=visit.pk, photo=checked)
        finding.photo_type = checked.content_type
        finding.photo_sha256 = checked.sha256
    finding.full_clean()
    finding.save()
    audit_record(
        actor=recorded_by,
        action="inspections.finding_recorded",
        obj=finding,
        after={**model_snapshot(finding, SNAPSHOT_FIELDS), "photo": finding.photo_sha256},
    )
    return finding, True


def _refuse_transition(finding: Finding) -> InspectionError:
    return InspectionError(
        _("A finding that is %(status)s cannot change this way.")
        % {"status": finding.get_status_display()}
    )


@transaction.atomic
def finding_confirm(*, finding: Finding, confirmed_by: User) -> Finding:
    """The visit's inspector confirms a finding: the violation of the checklist point's type is
    recorded against the establishment by `employment.services.violations.violation_record`
    (the fine from the schedule in force on the date observed, a repeat doubled, the
    escalation, the SMS to the representatives), which payments turns into a fine invoice.

    Raises PermissionDeniedError (not the visit's inspector), InspectionError (decided
    already), or the ViolationError of the violation service. Nothing is saved."""
    visit = Visit.objects.select_related("establishment").get(pk=finding.visit_id)
    _check_inspector(visit=visit, user=confirmed_by)
    locked = Finding.objects.select_for_update().select_related("item").get(pk=finding.pk)
    if locked.status not in Finding.UNDECIDED:
        raise _refuse_transition(locked)
    violation = violation_record(
        establishment=visit.establishment,
        inspector=confirmed_by,
        violation_type_code=locked.item.violation_type_code,
        observed_on=locked.observed_on,
        workers_concerned=locked.workers_concerned,
        evidence=f"{locked.item.text_en}: {locked.note} (inspection visit {visit.pk})",
    )
    confirmed, _event = transition_locked(
        obj=locked,
        to=Finding.Status.CONFIRMED,
        actor=confirmed_by,
        action="inspections.finding_confirmed",
        refuse=_refuse_transition,
        snapshot_fields=("status", "violation"),
        changes={"violation": violation, "decided_at": timezone.now()},
    )
    return confirmed


@transaction.atomic
def finding_dismiss(*, finding: Finding, dismissed_by: User, reason: str) -> Finding:
    """The visit's inspector dismisses a finding that is not a breach, with the reason.

    Raises PermissionDeniedError (not the visit's inspector) or InspectionError (no reason,
    decided already). Nothing is saved."""
    visit = Visit.objects.get(pk=finding.visit_id)
    _check_inspector(visit=visit, user=dismissed_by)
    if not reason.strip():
        raise refuse(_("Say why the finding is dismissed."), "reason")
    dismissed, _event = transition_locked(
        obj=finding,
        to=Finding.Status.DISMISSED,
        actor=dismissed_by,
        action="inspections.finding_dismissed",
        refuse=_refuse_transition,
        changes={"decided_at": timezone.now()},
        note=reason.strip(),
    )
    return dismissed
