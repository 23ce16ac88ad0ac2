"""Requests to correct personal data (the right to correction, Personal Data Protection Law):
the person asks, an officer accepts (the owning app's service applies it) or refuses with the
reason, and the person is told by SMS. Every step is audited."""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import CorrectionRequest, User
from core.exceptions import ApplicationError, PermissionDeniedError
from core.personal_data import correctable
from core.services import audit_record
from core.workflow import advance
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue

DECIDERS = {User.Role.OFFICER, User.Role.APPROVER}


class CorrectionError(ApplicationError):
    pass


@transaction.atomic
def correction_request(
    *, person: User, field: str, requested_value: str, reason: str
) -> CorrectionRequest:
    """The person asks for `field` to read `requested_value`; refused (nothing written) for a
    field that cannot be corrected this way, a value the field's check refuses, no reason, the
    value already held, or a request for the field already waiting."""
    target = correctable(field)
    if target is None:
        raise CorrectionError(_("Choose what to correct from the list."), extra={"field": "field"})
    value = requested_value.strip()
    problem = target.check(value) if value else _("Write the correct value.")
    if problem:
        raise CorrectionError(problem, extra={"field": "requested_value"})
    if not reason.strip():
        raise CorrectionError(_("Say why the value held is wrong."), extra={"field": "reason"})
    current = target.current(person)
    if current == value:
        raise CorrectionError(
            _("This is already the value held."), extra={"field": "requested_value"}
        )
    if CorrectionRequest.objects.filter(
        person=person, field=field, status=CorrectionRequest.Status.SUBMITTED
    ).exists():
        raise CorrectionError(
            _("A request to correct this already waits for the ministry."),
            extra={"field": "field"},
        )
    request = CorrectionRequest.objects.create(
        person=person,
        field=field,
        current_value=current[:300],
        requested_value=value[:300],
        reason=reason.strip()[:1000],
    )
    audit_record(
        actor=person,
        action="accounts.correction_requested",
        obj=request,
        subject=person,
        after={"field": field, "requested_value": request.requested_value},
    )
    return request


@transaction.atomic
def correction_decide(
    *, request: CorrectionRequest, actor: User, accept: bool, note: str = ""
) -> CorrectionRequest:
    """An officer accepts (the owning app applies the value) or refuses with a reason; the
    person is told by SMS."""
    if actor.role not in DECIDERS:
        raise PermissionDeniedError(_("Only ministry officers decide corrections."))
    locked = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != CorrectionRequest.Status.SUBMITTED:
        raise CorrectionError(_("This request has already been decided."))
    if not accept and not note.strip():
        raise CorrectionError(_("Give the reason for refusing."), extra={"field": "note"})
    target = correctable(locked.field)
    if target is None:
        raise CorrectionError(_("This field can no longer be corrected here."))
    if accept:
        target.apply(locked.person, locked.requested_value, actor)
    advance(
        locked, CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.REFUSED
    )
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()[:500]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    audit_record(
        actor=actor,
        action="accounts.correction_decided",
        obj=locked,
        subject=locked.person,
        before={"value": locked.current_value},
        after={"accepted": accept, "value": locked.requested_value, "note": locked.decision_note},
    )
    person = locked.person
    with translation.override(person.preferred_language or "ar"):
        context = {
            "field": str(target.label),
            "outcome": str(_("corrected") if accept else _("refused")),
            "note": locked.decision_note,
        }
    with contextlib.suppress(InvalidPhoneNumberError):
        sms_enqueue(
            template_code="correction_decided",
            context=context,
            idempotency_key=f"correction:{locked.pk}:decided",
            recipient=person,
        )
    return locked
