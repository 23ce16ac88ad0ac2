"""Writes of labour violations: an inspector records one against an establishment with the fine
from the schedule in force, the employer answers it, and the ministry confirms or cancels it.

Every change of status goes through `_violation_transition` (row lock, `Violation.TRANSITIONS`,
audit event). Recording locks the establishment row, so two inspectors recording at once count
each other's violations for repeats and for the escalation: when the establishment reaches the
rule set's `violation_escalation_count` violations within a year, its services are suspended
(barred from new work permits).
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError, PermissionDeniedError
from core.services import audit_record, model_snapshot
from core.transitions import transition_locked
from employers.locks import establishment_lock
from employers.models import Establishment, Membership
from employers.selectors import establishment_contacts
from employers.services import establishment_bar, establishment_bar_lift
from employment.deadlines import lifecycle_rule_set_in_force
from employment.models import Violation, ViolationType
from employment.selectors.violations import YEAR_DAYS, violations_counted_in_year
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue

if TYPE_CHECKING:
    from employment.models import LifecycleRuleSet

logger = logging.getLogger(__name__)

SNAPSHOT_FIELDS: tuple[str, ...] = (
    "establishment",
    "violation_type",
    "observed_on",
    "workers_concerned",
    "fine",
    "is_repeat",
    "status",
)
RECORDERS = frozenset({User.Role.INSPECTOR})
SETTLERS = frozenset({User.Role.APPROVER})
SYSTEM_LABEL = "portal"  # the audit actor of what the portal raises by itself
DECIDERS = frozenset({User.Role.INSPECTOR, User.Role.APPROVER})
FINE_PLACES = Decimal("0.001")


class ViolationError(ApplicationError):
    """The violation cannot be recorded or changed as asked. `extra["field"]`, when present,
    names the form field at fault."""


class ViolationTransitionError(ViolationError):
    """The violation's status does not allow this step."""


# --- recording --------------------------------------------------------------------------------


def _refuse(message: str, field: str = "") -> ViolationError:
    return ViolationError(message, extra={"field": field} if field else None)


def _check_recording(
    *, observed_on: datetime.date, workers_concerned: int, evidence: str, today: datetime.date
) -> None:
    if observed_on > today:
        raise _refuse(_("The date observed cannot be in the future."), "observed_on")
    if observed_on < today - datetime.timedelta(days=YEAR_DAYS):
        raise _refuse(_("The date observed cannot be more than one year ago."), "observed_on")
    if workers_concerned < 1:
        raise _refuse(_("Enter at least one worker concerned."), "workers_concerned")
    if not evidence.strip():
        raise _refuse(_("Describe the evidence of the violation."), "evidence")


def _violation_type(*, code: str, on: datetime.date) -> tuple[LifecycleRuleSet, ViolationType]:
    rule_set = lifecycle_rule_set_in_force(on=on)
    if rule_set is None:
        raise _refuse(_("No employment rules are in force on the date observed."), "observed_on")
    violation_type = ViolationType.objects.filter(rule_set=rule_set, code=code).first()
    if violation_type is None:
        raise _refuse(
            _("Choose a violation from the fine schedule in force on the date observed."),
            "violation_type",
        )
    return rule_set, violation_type


def violation_fine(
    *, violation_type: ViolationType, workers_concerned: int, is_repeat: bool
) -> Decimal:
    """The fine of the schedule: per worker concerned when the line says so, multiplied for a
    repeat within a year, rounded to the baisa."""
    fine = violation_type.fine
    if violation_type.per_worker:
        fine *= workers_concerned
    if is_repeat:
        fine *= violation_type.repeat_multiplier
    return fine.quantize(FINE_PLACES)


def _notify_recorded(*, violation: Violation) -> None:
    """Write the `violation_recorded` SMS to each representative, in that person's language.
    A number that cannot take SMS is logged and skipped: it never blocks the record."""
    establishment = violation.establishment
    for user in establishment_contacts(establishment_id=establishment.pk, limit=10):
        with translation.override(user.preferred_language or "ar"):
            context = {
                "employer": establishment.name,
                "violation": violation.violation_type.name,
                "fine": str(violation.fine),
            }
        try:
            sms_enqueue(
                template_code="violation_recorded",
                context=context,
                idempotency_key=f"violation:{violation.pk}:recorded:{user.pk}",
                recipient=user,
            )
        except InvalidPhoneNumberError:
            logger.warning("violation %s: representative %s cannot take SMS", violation.pk, user.pk)


def _escalate(
    *, establishment: Establishment, rule_set: LifecycleRuleSet, inspector: User, today: Any
) -> None:
    """Suspend the establishment's services once it has the rule set's number of violations
    within a year (cancelled ones do not count)."""
    since = today - datetime.timedelta(days=YEAR_DAYS)
    count = violations_counted_in_year(establishment=establishment, since=since).count()
    if count < rule_set.violation_escalation_count or establishment.permits_barred:
        return
    with translation.override("en"):
        reason = _("%(count)s labour violations within a year (%(rules)s).") % {
            "count": count,
            "rules": rule_set.name,
        }
    establishment_bar(
        establishment=establishment, reason=reason, actor=inspector, source="violations"
    )


def _lift_escalation_if_due(*, violation: Violation, actor: User) -> None:
    """A cancelled violation no longer counts: a suspension that the escalation made (never one
    staff set) is lifted once the year's count is below the rule set's number again."""
    establishment = establishment_lock(establishment_id=violation.establishment_id)
    if not establishment.permits_barred or establishment.bar_source != "violations":
        return
    today = timezone.localdate()
    rule_set = lifecycle_rule_set_in_force(on=today)
    if rule_set is None:
        return
    since = today - datetime.timedelta(days=YEAR_DAYS)
    count = violations_counted_in_year(establishment=establishment, since=since).count()
    if count >= rule_set.violation_escalation_count:
        return
    with translation.override("en"):
        reason = _("A violation was cancelled: %(count)s labour violations within a year.") % {
            "count": count
        }
    establishment_bar_lift(establishment=establishment, reason=reason, actor=actor)


def _violation_save(
    *,
    establishment: Establishment,
    violation_type_code: str,
    observed_on: datetime.date,
    workers_concerned: int,
    evidence: str,
    inspector: User | None,
) -> tuple[Violation, LifecycleRuleSet]:
    """The one way a violation is written, by an inspector or (`inspector=None`) by the portal
    itself: checked, the fine from the schedule in force on `observed_on` (doubled for a repeat
    of the type within the year), saved under the establishment's lock, audited, and the SMS to
    the representatives. Returns it with the rule set of its schedule. Raises ViolationError
    (nothing saved)."""
    _check_recording(
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        evidence=evidence,
        today=timezone.localdate(),
    )
    rule_set, violation_type = _violation_type(code=violation_type_code, on=observed_on)
    establishment = establishment_lock(establishment_id=establishment.pk)
    is_repeat = (
        violations_counted_in_year(
            establishment=establishment,
            since=observed_on - datetime.timedelta(days=YEAR_DAYS),
        )
        .filter(violation_type__code=violation_type.code)
        .exists()
    )
    by_system = inspector is None
    violation = Violation(
        establishment=establishment,
        violation_type=violation_type,
        inspector=inspector,
        raised_by_system=by_system,
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        evidence=evidence.strip(),
        fine=violation_fine(
            violation_type=violation_type,
            workers_concerned=workers_concerned,
            is_repeat=is_repeat,
        ),
        is_repeat=is_repeat,
        status=Violation.Status.RECORDED,
    )
    violation.full_clean()
    violation.save()
    audit_record(
        actor=inspector,
        actor_label=SYSTEM_LABEL if by_system else "",
        action="employment.violation_recorded",
        obj=violation,
        after=model_snapshot(
            violation, (*SNAPSHOT_FIELDS, "raised_by_system") if by_system else SNAPSHOT_FIELDS
        ),
    )
    _notify_recorded(violation=violation)
    return violation, rule_set


@transaction.atomic
def violation_record(
    *,
    establishment: Establishment,
    inspector: User,
    violation_type_code: str,
    observed_on: datetime.date,
    workers_concerned: int,
    evidence: str,
) -> Violation:
    """Record a violation against `establishment` with the fine from the schedule in force on
    `observed_on`, audited, and write the SMS to its representatives.

    The fine is doubled (the line's `repeat_multiplier`) when a violation of the same type was
    recorded or confirmed against the establishment within the year before. When the
    establishment then has `violation_escalation_count` violations within a year, it is barred
    from new work permits (`establishment_bar`).

    Raises:
        PermissionDeniedError: `inspector` is not an inspector.
        ViolationError: the date is in the future or over a year ago, no worker is concerned,
            the evidence is empty, or the type is not in the schedule in force. Nothing is saved.
    """
    if inspector.role not in RECORDERS:
        raise PermissionDeniedError(_("Only an inspector may record a violation."))
    violation, rule_set = _violation_save(
        establishment=establishment,
        violation_type_code=violation_type_code,
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        evidence=evidence,
        inspector=inspector,
    )
    _escalate(
        establishment=violation.establishment,
        rule_set=rule_set,
        inspector=inspector,
        today=timezone.localdate(),
    )
    return violation


@transaction.atomic
def violation_raise_by_system(
    *,
    establishment: Establishment,
    violation_type_code: str,
    observed_on: datetime.date,
    workers_concerned: int,
    evidence: str,
    bar_source: str,
) -> Violation:
    """Raise a violation the portal found by itself (the wage protection check), with no
    inspector: `raised_by_system`, audited with the actor label "portal", the fine from the
    schedule in force on `observed_on` (doubled for a repeat, as for an inspector's record), the
    SMS to the representatives, and the establishment barred from new work permits with
    `bar_source` (kept until the cause is cleared; a bar already in place stays as it is).

    Raises ViolationError (nothing saved) as `violation_record` does.
    """
    violation, _rule_set = _violation_save(
        establishment=establishment,
        violation_type_code=violation_type_code,
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        evidence=evidence,
        inspector=None,
    )
    with translation.override("en"):
        reason = _("Violation %(number)s: %(violation)s.") % {
            "number": violation.pk,
            "violation": violation.violation_type.name_en,
        }
    establishment_bar(
        establishment=violation.establishment, reason=reason, actor=None, source=bar_source
    )
    return violation


@transaction.atomic
def violation_fine_settle(*, violation: Violation, settled_by: User | None) -> Violation:
    """Record that the violation's fine was paid, audited; then lift a wage protection
    suspension whose causes are all cleared (employment.services.wage_protection).

    This is the hook of the payments issue: until fines are invoices an approver records the
    payment here (`settled_by`); the invoice's payment will call it with `settled_by=None`.
    Settling twice changes nothing.

    Raises:
        PermissionDeniedError: `settled_by` is a person who is not an approver.
        ViolationTransitionError: the violation was cancelled (there is no fine to pay).
    """
    if settled_by is not None and settled_by.role not in SETTLERS:
        raise PermissionDeniedError(_("Only an approver may record that a fine was paid."))
    locked = Violation.objects.select_for_update().get(pk=violation.pk)
    if locked.status == Violation.Status.CANCELLED:
        raise ViolationTransitionError(_("This violation was cancelled: it has no fine to pay."))
    if locked.fine_settled_at is not None:
        return locked
    locked.fine_settled_at = timezone.now()
    locked.save(update_fields=["fine_settled_at", "updated_at"])
    audit_record(
        actor=settled_by,
        actor_label="" if settled_by is not None else "payments",
        action="employment.violation_fine_settled",
        obj=locked,
        after={"fine": str(locked.fine), "fine_settled_at": locked.fine_settled_at.isoformat()},
    )
    from employment.services.wage_protection import wage_protection_lift_if_due

    wage_protection_lift_if_due(establishment_id=locked.establishment_id)
    return locked


# --- answering and deciding -------------------------------------------------------------------


def _violation_transition(
    *,
    violation: Violation,
    to_status: str,
    actor: User,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> Violation:
    """The one path of every status change: lock the row, check `Violation.TRANSITIONS`, set
    the status and `changes`, and write the audit event `employment.violation_<status>`.

    Raises ViolationTransitionError (nothing changed) when the status does not allow it.
    """
    locked, _event = transition_locked(
        obj=violation,
        to=to_status,
        actor=actor,
        action=f"employment.violation_{to_status}",
        refuse=lambda row: ViolationTransitionError(
            _("This violation is %(status)s and can no longer be changed that way.")
            % {"status": row.get_status_display().lower()}
        ),
        changes=changes,
        note=note,
        validate=True,
    )
    return locked


@transaction.atomic
def violation_answer(*, violation: Violation, answered_by: User, answer: str) -> Violation:
    """The employer's answer to a recorded violation, audited (status ANSWERED).

    Raises:
        PermissionDeniedError: `answered_by` is not an active representative of the
            establishment.
        ViolationError: the answer is empty.
        ViolationTransitionError: the violation was already answered, confirmed or cancelled.
    """
    is_member = Membership.objects.filter(
        establishment_id=violation.establishment_id, user=answered_by, is_active=True
    ).exists()
    if answered_by.role != User.Role.EMPLOYER or not is_member:
        raise PermissionDeniedError(
            _("Only a representative of the establishment may answer this violation.")
        )
    if not answer.strip():
        raise _refuse(_("Write your answer to the violation."), "answer")
    return _violation_transition(
        violation=violation,
        to_status=Violation.Status.ANSWERED,
        actor=answered_by,
        changes={
            "employer_answer": answer.strip(),
            "answered_by": answered_by,
            "answered_at": timezone.now(),
        },
        note=answer.strip(),
    )


def _decide(*, violation: Violation, to_status: str, decided_by: User, reason: str) -> Violation:
    if decided_by.role not in DECIDERS:
        raise PermissionDeniedError(
            _("Only an inspector or an approver may confirm or cancel a violation.")
        )
    if not reason.strip():
        raise _refuse(_("Give the reason for your decision."), "reason")
    return _violation_transition(
        violation=violation,
        to_status=to_status,
        actor=decided_by,
        note=reason.strip(),
        changes={
            "decided_by": decided_by,
            "decided_at": timezone.now(),
            "decision_reason": reason.strip()[:2000],
        },
    )


@transaction.atomic
def violation_confirm(*, violation: Violation, decided_by: User, reason: str) -> Violation:
    """Confirm the violation and its fine (after the answer, or without one), audited with the
    reason.

    Raises:
        PermissionDeniedError: `decided_by` is neither an inspector nor an approver.
        ViolationError: the reason is empty.
        ViolationTransitionError: the violation is already confirmed or cancelled.
    """
    return _decide(
        violation=violation,
        to_status=Violation.Status.CONFIRMED,
        decided_by=decided_by,
        reason=reason,
    )


@transaction.atomic
def violation_cancel(*, violation: Violation, decided_by: User, reason: str) -> Violation:
    """Cancel (withdraw) the violation, audited with the reason. A cancelled violation no longer
    counts towards repeats or the escalation, and a suspension the escalation made is lifted
    when the year's count falls below the rule set's number (a bar staff set stays).

    Raises:
        PermissionDeniedError: `decided_by` is neither an inspector nor an approver.
        ViolationError: the reason is empty.
        ViolationTransitionError: the violation is already confirmed or cancelled.
    """
    cancelled = _decide(
        violation=violation,
        to_status=Violation.Status.CANCELLED,
        decided_by=decided_by,
        reason=reason,
    )
    _lift_escalation_if_due(violation=cancelled, actor=decided_by)
    from employment.services.wage_protection import wage_protection_lift_if_due

    wage_protection_lift_if_due(establishment_id=cancelled.establishment_id)
    return cancelled
