"""A visit's report: the inspector sends it once every finding is decided (the employer's
representatives are told by SMS, through the ledger, in their language), and a representative
of the establishment answers it."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.transitions import transition_locked
from employers.models import Membership
from employers.selectors import establishment_contacts
from inspections.errors import InspectionError, refuse
from inspections.models import Finding, Visit
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue

logger = logging.getLogger(__name__)


def _refuse_transition(visit: Visit) -> InspectionError:
    return InspectionError(
        _("A visit that is %(status)s cannot change this way.")
        % {"status": visit.get_status_display()}
    )


def _notify_report(*, visit: Visit) -> None:
    """Write the `inspection_report` SMS to each representative, in that person's language. A
    number that cannot take SMS is logged and skipped: it never blocks the report."""
    establishment = visit.establishment
    confirmed = visit.findings.filter(status=Finding.Status.CONFIRMED).count()
    for user in establishment_contacts(establishment_id=establishment.pk, limit=10):
        with translation.override(user.preferred_language or "ar"):
            context = {
                "employer": establishment.name,
                "date": visit.scheduled_on.isoformat(),
                "findings": str(confirmed),
            }
        try:
            sms_enqueue(
                template_code="inspection_report",
                context=context,
                idempotency_key=f"inspection-visit:{visit.pk}:report:{user.pk}",
                recipient=user,
            )
        except InvalidPhoneNumberError:
            logger.warning("visit %s: representative %s cannot take SMS", visit.pk, user.pk)


@transaction.atomic
def visit_report(*, visit: Visit, reported_by: User, summary: str) -> Visit:
    """Send the visit's report: the summary, with every finding confirmed or dismissed. The
    establishment's representatives are told by SMS and see it on their pages. Audited.

    Raises:
        PermissionDeniedError: `reported_by` is not the visit's inspector.
        InspectionError: no summary, a finding still undecided, or the visit is not in the
            field. Nothing is saved.
    """
    if reported_by.role != User.Role.INSPECTOR or visit.inspector_id != reported_by.pk:
        raise PermissionDeniedError(_("Only the visit's inspector may send its report."))
    if not summary.strip():
        raise refuse(_("Write the report's summary."), "summary")
    if visit.findings.filter(status__in=Finding.UNDECIDED).exists():
        raise refuse(_("Confirm or dismiss every finding before sending the report."))
    reported, _event = transition_locked(
        obj=visit,
        to=Visit.Status.REPORTED,
        actor=reported_by,
        action="inspections.visit_reported",
        refuse=_refuse_transition,
        changes={"summary": summary.strip(), "reported_at": timezone.now()},
    )
    _notify_report(visit=reported)
    return reported


@transaction.atomic
def visit_answer(*, visit: Visit, answered_by: User, answer: str) -> Visit:
    """A representative of the establishment answers the visit's report. Audited.

    Raises:
        PermissionDeniedError: `answered_by` is not an active representative of it.
        InspectionError: an empty answer, or the report was answered already. Nothing saved.
    """
    is_member = Membership.objects.filter(
        establishment_id=visit.establishment_id, user=answered_by, is_active=True
    ).exists()
    if answered_by.role != User.Role.EMPLOYER or not is_member:
        raise PermissionDeniedError(
            _("Only a representative of the establishment may answer this report.")
        )
    if not answer.strip():
        raise refuse(_("Write your answer."), "answer")
    answered, _event = transition_locked(
        obj=visit,
        to=Visit.Status.ANSWERED,
        actor=answered_by,
        action="inspections.visit_answered",
        refuse=_refuse_transition,
        changes={
            "employer_answer": answer.strip(),
            "answered_by": answered_by,
            "answered_at": timezone.now(),
        },
    )
    return answered
