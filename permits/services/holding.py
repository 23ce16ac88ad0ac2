"""A permit once issued: cancellation, suspension and reinstatement, and expiry. Renewals,
transfers and visas have their own modules."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from permits.models import Permit
from permits.selectors import permit_rule_set_in_force
from permits.services.lifecycle import PermitError, permit_transition


def permit_cancel(*, permit: Permit, cancelled_by: User, reason: str) -> Permit:
    """End an issued permit early (the employer's or the ministry's decision)."""
    reason = (reason or "").strip()
    if not reason:
        raise PermitError(_("Give the reason for the cancellation."))
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
