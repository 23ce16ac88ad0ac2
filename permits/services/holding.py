"""A permit once issued: cancellation, suspension and reinstatement, and expiry. Renewals,
transfers and visas have their own modules."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import sms_enqueue
from permits.models import Permit
from permits.selectors import permit_rule_set_in_force
from permits.services.lifecycle import PermitError, employer_contacts, permit_transition


def permit_cancel(*, permit: Permit, cancelled_by: User, reason: str) -> Permit:
    """End an issued permit early (the employer's or the ministry's decision). An approved
    permit not issued yet is not cancelled here: one held at payment is cancelled by the
    ministry with its fee refunded (payments: `held_permit_cancel_propose`)."""
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the cancellation."))
    # APPROVED is never entered again once left: a permit seen APPROVED here is not issued
    if Permit.objects.filter(pk=permit.pk, status=Permit.Status.APPROVED).exists():
        raise PermitError(
            _("Permit %(number)s is not issued yet: only the ministry cancels it.")
            % {"number": permit.number}
        )
    return permit_transition(
        permit=permit,
        to=Permit.Status.CANCELLED,
        actor=cancelled_by,
        note=reason,
        changes={"ended_reason": reason},
    )


def _require_approver(user: User) -> None:
    if user.role != User.Role.APPROVER or not user.is_active:
        raise PermitError(_("Only approvers suspend or reinstate permits."))


def permit_suspend(*, permit: Permit, suspended_by: User, reason: str) -> Permit:
    """Suspend a held permit (for example for a wage-protection violation); approvers only."""
    _require_approver(suspended_by)
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the suspension."))
    return permit_transition(
        permit=permit, to=Permit.Status.SUSPENDED, actor=suspended_by, note=reason
    )


def permit_reinstate(*, permit: Permit, reinstated_by: User, reason: str) -> Permit:
    """Lift a suspension while the permit is still within its dates; approvers only."""
    _require_approver(reinstated_by)
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the reinstatement."))
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.valid_until and locked.valid_until < timezone.localdate():
            raise PermitError(_("The permit has passed its end date: it cannot be reinstated."))
        return permit_transition(
            permit=locked, to=Permit.Status.ACTIVE, actor=reinstated_by, note=reason
        )


# --- a permit held at payment -------------------------------------------------------------------


def permit_held_cancel(
    *,
    permit_id: int,
    actor: User | None,
    reason: str,
    payer_id: int | None,
    refunded_rials: str,
    event_key: str,
) -> Permit | None:
    """Cancel a permit held at payment (approved, its fee paid, a check failing since) whose
    fee was just refunded for it (payments calls this in the refund's transaction): audited,
    the employer and the worker told by the permit-decision SMS, and the payer, if not among
    the employer's contacts, told the fee is refunded. A permit no longer held at payment
    changes nothing (None)."""
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit_id)
        if locked.status != Permit.Status.APPROVED or locked.issue_held_at is None:
            return None
        cancelled = permit_transition(
            permit=locked,
            to=Permit.Status.CANCELLED,
            actor=actor,
            actor_label="" if actor else "automatic",
            note=reason,
            changes={"ended_reason": reason[:500]},
        )
        told = {user.pk for user in employer_contacts(cancelled)}
        payer = (
            User.objects.filter(pk=payer_id, is_active=True).exclude(mobile="").first()
            if payer_id is not None and payer_id not in told
            else None
        )
        if payer is not None:
            with translation.override(payer.preferred_language or "ar"):
                decision = _(
                    "cancelled before issue: %(reason)s The fee of RO %(amount)s is refunded."
                ) % {"reason": reason, "amount": refunded_rials}
            sms_enqueue(
                template_code="permit_decision",
                context={"permit_number": cancelled.number, "decision": decision},
                idempotency_key=f"{event_key}:payer:{payer.pk}",
                recipient=payer,
            )
    return cancelled


# --- expiry ---------------------------------------------------------------------------------


def permit_expiry_sweep(*, on: datetime.date | None = None, batch: int = 500) -> dict[str, int]:
    """Daily: valid permits entering the renewal window become EXPIRING; permits past their end
    date become EXPIRED. Each change takes the one transition path (locked, audited, SMS)."""
    on = on or timezone.localdate()
    rule_set = permit_rule_set_in_force(on=on)
    weeks = rule_set.renewal_window_weeks if rule_set else 12
    counts = {"expiring": 0, "expired": 0}
    expired_ids = list(
        Permit.objects.filter(status__in=Permit.HELD, valid_until__lt=on).values_list(
            "pk", flat=True
        )[:batch]
    )
    for permit_id in expired_ids:
        try:
            permit_transition(
                permit=Permit(pk=permit_id),
                to=Permit.Status.EXPIRED,
                actor=None,
                actor_label="expiry",
            )
            counts["expired"] += 1
        except PermitError:
            continue  # changed meanwhile (renewed, cancelled)
    expiring_ids = list(
        Permit.objects.filter(
            status=Permit.Status.ACTIVE,
            valid_until__gte=on,
            valid_until__lte=on + datetime.timedelta(weeks=weeks),
        ).values_list("pk", flat=True)[:batch]
    )
    for permit_id in expiring_ids:
        try:
            permit_transition(
                permit=Permit(pk=permit_id),
                to=Permit.Status.EXPIRING,
                actor=None,
                actor_label="expiry",
            )
            counts["expiring"] += 1
        except PermitError:
            continue
    return counts
