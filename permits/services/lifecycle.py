"""The one path every permit status change takes: lock the row, check `Permit.TRANSITIONS`,
write the change and its audit event, and queue the SMS in the same transaction (the ledger row
is the outbox; the relay sends it after commit)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.contact import VerifiedNumber, verified_numbers_for
from accounts.models import User
from accounts.registry import RegistryUnavailableError
from core.exceptions import ApplicationError
from core.transitions import transition_locked
from employers.models import Membership
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue
from permits.models import Permit
from permits.presentation import check_reason

logger = logging.getLogger(__name__)


class PermitError(ApplicationError):
    """A permit operation was refused by a business rule."""


class PermitTransitionError(PermitError):
    """The permit cannot move from its status to the one asked for."""


class FourEyesError(PermitError):
    """The same person tried to propose and confirm an exception."""


# Decisions the employer and the worker are told about by SMS. A renewal's approval tells them;
# the old permit becoming RENEWED at the same moment sends nothing more.
NOTIFIED = frozenset(
    {
        Permit.Status.APPROVED,
        Permit.Status.REJECTED,
        Permit.Status.DOCUMENTS_REQUESTED,
        Permit.Status.CANCELLED,
        Permit.Status.SUSPENDED,
        Permit.Status.TRANSFERRED,
        Permit.Status.EXPIRED,
        Permit.Status.EXPIRING,
    }
)
WORKER_NOTIFIED = NOTIFIED - {Permit.Status.DOCUMENTS_REQUESTED, Permit.Status.EXPIRING}

SNAPSHOT_FIELDS = (
    "status",
    "assigned_to",
    "valid_from",
    "valid_until",
    "decided_by",
    "decision_reason",
    "override_requested_by",
    "ended_reason",
)


def permit_transition(
    *,
    permit: Permit,
    to: str,
    actor: User | None,
    note: str = "",
    changes: Mapping[str, Any] | None = None,
    actor_label: str = "",
    notify_employer: bool = True,
) -> Permit:
    """Move `permit` to status `to`, with `changes` to other fields, as one audited step.

    The row is locked first and the check is made against the locked row, so that of many
    simultaneous requests for the same change exactly one succeeds. Raises
    PermitTransitionError (nothing written) when `TRANSITIONS` does not allow the move.
    Returns the locked, updated permit.
    """
    # The worker's verified numbers are looked up before any lock is taken here: the civil
    # registry is another system, on the network (its kept answer is used when it is fresh).
    worker_numbers = _worker_numbers(permit) if to in WORKER_NOTIFIED else []
    with transaction.atomic():
        locked, event = transition_locked(
            obj=permit,
            to=to,
            actor=actor,
            action=f"permits.{to}",
            refuse=lambda row: PermitTransitionError(
                _("Permit %(number)s is %(status)s: it cannot become %(target)s.")
                % {
                    "number": row.number,
                    "status": row.get_status_display(),
                    "target": Permit.Status(to).label,
                }
            ),
            snapshot_fields=SNAPSHOT_FIELDS,
            changes={"status_changed_at": timezone.now(), **(changes or {})},
            note=note,
            actor_label=actor_label,
        )
        if to in NOTIFIED:
            notify_decision(
                permit=locked,
                event_id=event.pk,
                note=note,
                employer=notify_employer,
                worker_numbers=worker_numbers,
            )
    return locked


def _decision_text(permit: Permit, note: str) -> str:
    status = permit.status
    if status == Permit.Status.APPROVED:
        return _("approved; fee RO %(fee)s") % {"fee": permit.fee_amount}
    if status == Permit.Status.REJECTED:
        return _("rejected: %(reason)s") % {"reason": note or permit.decision_reason}
    if status == Permit.Status.DOCUMENTS_REQUESTED:
        return _("documents requested: %(note)s") % {"note": note}
    if status == Permit.Status.CANCELLED:
        return _("cancelled: %(reason)s") % {"reason": note}
    if status == Permit.Status.SUSPENDED:
        return _("suspended: %(reason)s") % {"reason": note}
    if status == Permit.Status.TRANSFERRED:
        return _("transferred to a new employer")
    if status == Permit.Status.RENEWED:
        return _("renewed")
    if status == Permit.Status.EXPIRED:
        return _("expired")
    if status == Permit.Status.EXPIRING:
        return _("ends on %(date)s; renew it from the renewal worklist") % {
            "date": permit.valid_until
        }
    return str(permit.get_status_display())


def employer_contacts(permit: Permit) -> list[User]:
    """Who hears about the permit on the employer's side: the applicant if still a member,
    otherwise the establishment's active representatives with a mobile number."""
    members = Membership.objects.filter(
        establishment_id=permit.establishment_id, is_active=True, user__is_active=True
    ).select_related("user")
    users = [m.user for m in members if m.user is not None and m.user.mobile]
    applicant = next((u for u in users if u.pk == permit.applied_by_id), None)
    return [applicant] if applicant else users[:3]


def employer_told_of_hold(
    *,
    permit: Permit,
    failing: list[dict[str, object]],
    payer_id: int | None,
    event_id: int,
    decision: Callable[[str], str],
) -> None:
    """Tell the employer's contacts, and the payer when another person, that a paid act of
    `permit` waits on `failing` checks: `decision(reasons)` words it, called in each person's
    language with the failing checks' reasons in that language. One SMS per person per audit
    event `event_id` (its key)."""
    told = employer_contacts(permit)
    if payer_id is not None and payer_id not in {user.pk for user in told}:
        told.extend(User.objects.filter(pk=payer_id, is_active=True).exclude(mobile=""))
    for user in told:
        with translation.override(user.preferred_language or "ar"):
            text = decision(" ".join(check_reason(check) for check in failing))
        sms_enqueue(
            template_code="permit_decision",
            context={"permit_number": permit.number, "decision": text},
            idempotency_key=f"permit-event:{event_id}:employer:{user.pk}",
            recipient=user,
        )


def _worker_numbers(permit: Permit) -> list[VerifiedNumber]:
    """Every verified number of the permit's worker ([] when none is known, logged).

    Never the number the employer typed. A registry outage uses its kept answer
    (`verified_numbers_for` does); with nothing kept and no proven account the notice, which
    is informational, is skipped with a warning.
    """
    civil_id = permit.worker_number
    if not civil_id:
        logger.info("permit %s: no civil or resident number, the worker is not told", permit)
        return []
    try:
        numbers = verified_numbers_for(civil_id=civil_id)
    except RegistryUnavailableError:
        logger.warning("permit %s: civil registry unreachable, the worker is not told", permit)
        return []
    if not numbers:
        logger.info("permit %s: no verified number, the worker is not told", permit)
    return numbers


def notify_decision(
    *,
    permit: Permit,
    event_id: int,
    note: str = "",
    employer: bool = True,
    worker_numbers: list[VerifiedNumber] | None = None,
) -> None:
    """Write the decision SMS to the employer and to the worker into the ledger (outbox).

    The worker is told at every verified number of their civil or resident card number
    (`worker_numbers`, looked up when not given), never at the number the employer typed. A
    number that cannot take SMS is logged and skipped: it never blocks a decision.
    """
    for user in employer_contacts(permit) if employer else []:
        with translation.override(user.preferred_language or "ar"):
            decision = _decision_text(permit, note)
        sms_enqueue(
            template_code="permit_decision",
            context={"permit_number": permit.number, "decision": decision},
            idempotency_key=f"permit-event:{event_id}:employer:{user.pk}",
            recipient=user,
        )
    if permit.status not in WORKER_NOTIFIED:
        return
    if worker_numbers is None:
        worker_numbers = _worker_numbers(permit)
    for number in worker_numbers:
        account = number.account
        language = (
            account.preferred_language
            if account is not None and account.preferred_language
            else permit.worker_language or "en"
        )
        with translation.override(language):
            decision = _decision_text(permit, note)
        try:
            sms_enqueue(
                template_code="permit_decision",
                context={"permit_number": permit.number, "decision": decision},
                idempotency_key=f"permit-event:{event_id}:worker:{number.source}",
                recipient=account,
                to_number=number.number,
                language=language,
            )
        except InvalidPhoneNumberError:
            logger.warning("permit %s: a worker number cannot take SMS", permit.number)
