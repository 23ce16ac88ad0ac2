"""Refunds through the gateway, with a reason, and a second approver above the rule set's
threshold (four eyes). The refund's own reference goes to the gateway as its idempotency
reference: a retry after a timeout never refunds twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import PermissionDeniedError
from core.services import audit_record
from core.workflow import advance
from payments.gateway import get_gateway
from payments.gateway.base import (
    GatewayAmbiguousError,
    GatewayError,
    GatewayRejectedError,
    GatewayRetryableError,
)
from payments.models import Invoice, Payment, Refund
from payments.selectors import payment_rule_set_in_force
from payments.services.invoices import PaymentError, check_amount, new_token
from permits.models import Permit
from permits.services import permit_held_cancel

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User

logger = logging.getLogger(__name__)

REFUND_ATTEMPTS = 3
FINANCE_ROLES = frozenset({"officer", "approver"})
APPROVER_ROLES = frozenset({"approver"})


class FourEyesRefundError(PaymentError):
    """The person who asked for a refund tried to approve it too."""


def _require(user: User, roles: frozenset[str], message: str) -> None:
    if not (user.is_authenticated and user.is_active and getattr(user, "role", "") in roles):
        raise PermissionDeniedError(message)


def refund_request(
    *,
    invoice: Invoice,
    requested_by: User,
    reason: str,
    explanation: str,
    amount_baisas: int | None = None,
) -> Refund:
    """Ask for a refund of a paid invoice (all of it unless `amount_baisas`). At or below the
    threshold of the rule set in force it goes to the gateway at once; above it, it waits for a
    second approver. Raises PaymentError (nothing written) for an invoice that is not paid
    through the gateway, an amount that is not whole baisas or exceeds the invoice, or a refund
    already asked for."""
    _require(requested_by, FINANCE_ROLES, _("Only finance staff ask for refunds."))
    explanation = (explanation or "").strip()
    if reason not in Refund.Reason.values:
        raise PaymentError(_("Choose the reason for the refund."))
    if not explanation:
        raise PaymentError(_("Explain why the fee is refunded."))
    amount = invoice.amount_baisas if amount_baisas is None else check_amount(amount_baisas)
    if amount > invoice.amount_baisas:
        raise PaymentError(_("A refund cannot exceed the amount paid."))
    rule_set = payment_rule_set_in_force(on=timezone.localdate())
    threshold = rule_set.refund_second_approval_above_baisas if rule_set else 0
    try:
        with transaction.atomic():
            locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
            payment = locked.payment
            if locked.status != Invoice.Status.PAID or payment is None:
                raise PaymentError(
                    _("Invoice %(number)s is %(status)s: only a paid invoice is refunded.")
                    % {"number": locked.number, "status": locked.get_status_display()}
                )
            if payment.source == Payment.Source.COUNTER:
                raise PaymentError(_("A fee paid at a Sanad counter is refunded at the counter."))
            refund = Refund.objects.create(
                reference=f"RF{new_token()[:30]}",
                invoice=locked,
                payment=payment,
                amount_baisas=amount,
                reason=reason,
                explanation=explanation[:500],
                needs_second_approval=amount > threshold,
                requested_by=requested_by,
            )
            audit_record(
                actor=requested_by,
                action="payments.refund_requested",
                obj=refund,
                after={
                    "invoice": locked.number,
                    "amount_baisas": amount,
                    "reason": reason,
                    "second_approval": refund.needs_second_approval,
                },
            )
    except IntegrityError:
        raise PaymentError(_("A refund of this invoice was already asked for.")) from None
    if not refund.needs_second_approval:
        return refund_execute(refund=refund, actor=requested_by)
    return refund


def refund_approve(*, refund: Refund, approver: User) -> Refund:
    """The second approver agrees; the refund goes to the gateway. Raises FourEyesRefundError
    when the approver asked for it, PaymentError when it no longer waits."""
    _require(approver, APPROVER_ROLES, _("Only approvers approve refunds."))
    if refund.requested_by_id == approver.pk:
        raise FourEyesRefundError(
            _("You asked for this refund: a second approver must approve it (four eyes).")
        )
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if locked.status not in Refund.PENDING or locked.approved_by_id is not None:
            raise PaymentError(_("This refund is not waiting for approval."))
        _refuse_if_permit_no_longer_held(locked)
        locked.approved_by = approver
        locked.save(update_fields=["approved_by", "updated_at"])
        audit_record(actor=approver, action="payments.refund_approved", obj=locked)
    return refund_execute(refund=locked, actor=approver)


def _refuse_if_permit_no_longer_held(refund: Refund) -> None:
    """A refund proposed to cancel a permit held at payment (`held_permit_cancel_propose`) is
    approved only while the permit is still held: one issued (or ended) since keeps its fee, and
    the refund is for the approver to reject. Raises PaymentError."""
    permit_id = _held_permit_cancelled(refund=refund, invoice=refund.invoice)
    if permit_id is None:
        return
    permit = Permit.objects.select_for_update().get(pk=permit_id)
    if held_permit_invoice(permit=permit) is None:
        raise PaymentError(
            _(
                "Permit %(number)s is no longer held at payment (it is %(status)s): its fee is "
                "not refunded for a cancellation. Reject this refund."
            )
            % {"number": permit.number, "status": permit.get_status_display()}
        )


def refund_reject(*, refund: Refund, approver: User, note: str) -> Refund:
    _require(approver, APPROVER_ROLES, _("Only approvers approve refunds."))
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if locked.status not in Refund.PENDING:
            raise PaymentError(_("This refund is not waiting for approval."))
        advance(locked, Refund.Status.REJECTED)
        locked.failure = (note or "").strip()[:300]
        locked.save(update_fields=["status", "failure", "updated_at"])
        audit_record(actor=approver, action="payments.refund_rejected", obj=locked)
    return locked


def refund_execute(*, refund: Refund, actor: User | None) -> Refund:
    """Send the refund to the gateway (retrying with the same reference after a timeout) and
    record the answer: COMPLETED (the invoice becomes REFUNDED) or FAILED (may be tried
    again). A refund needing a second approval goes only once approved."""
    if refund.needs_second_approval and refund.approved_by_id is None:
        raise PaymentError(_("This refund waits for a second approver."))
    if refund.status not in Refund.PENDING:
        return refund
    gateway = get_gateway()
    answer = None
    failure = ""
    for _attempt in range(REFUND_ATTEMPTS):
        try:
            answer = gateway.refund(
                payment_id=refund.payment.gateway_reference,
                amount_baisas=refund.amount_baisas,
                reference=refund.reference,
                reason=refund.get_reason_display(),
            )
            break
        except GatewayRejectedError as error:
            failure = str(error)
            break
        except (GatewayRetryableError, GatewayAmbiguousError) as error:
            failure = str(error)
        except GatewayError as error:  # pragma: no cover - every subclass is above
            failure = str(error)
            break
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if locked.status not in Refund.PENDING:
            return locked
        if answer is not None and answer.status == "refunded":
            advance(locked, Refund.Status.COMPLETED)
            locked.gateway_refund_id = answer.refund_id
            locked.completed_at = timezone.now()
            locked.failure = ""
            locked.save(
                update_fields=[
                    "status",
                    "gateway_refund_id",
                    "completed_at",
                    "failure",
                    "updated_at",
                ]
            )
            invoice = Invoice.objects.select_for_update().get(pk=locked.invoice_id)
            if invoice.status == Invoice.Status.PAID:
                advance(invoice, Invoice.Status.REFUNDED)
                invoice.save(update_fields=["status", "updated_at"])
            # a permit held at payment whose fee is refunded for its cancellation is cancelled
            _cancel_held_permit(refund=locked, invoice=invoice, actor=actor)
            audit_record(
                actor=actor,
                action="payments.refunded",
                obj=locked,
                after={"invoice": invoice.number, "amount_baisas": locked.amount_baisas},
            )
            return locked
        if locked.status == Refund.Status.REQUESTED:
            advance(locked, Refund.Status.FAILED)
        locked.failure = (failure or "refused")[:300]
        locked.save(update_fields=["status", "failure", "updated_at"])
        audit_record(
            actor=actor, action="payments.refund_failed", obj=locked, after={"answer": failure}
        )
        logger.warning("refund %s failed: %s", locked.reference, failure)
        return locked


# --- a permit held at payment -------------------------------------------------------------------


def held_permit_invoice(*, permit: Permit) -> Invoice | None:
    """The paid fee invoice of `permit` if it is held at payment (approved, its fee paid, a
    check failing since), else None."""
    if permit.status != Permit.Status.APPROVED or permit.issue_held_at is None:
        return None
    return (
        Invoice.objects.filter(
            permit=permit, status=Invoice.Status.PAID, fee_type__in=Invoice.PERMIT_FEES
        )
        .select_related("payment")
        .order_by("pk")
        .first()
    )


def held_permit_cancel_propose(*, permit: Permit, proposed_by: User, reason: str) -> Refund:
    """Propose to cancel a permit held at payment and refund its fee through the gateway, with
    the reason (the payer is told it).

    The refund takes the refunds' one path and its four eyes (`refund_request`): at or under
    the payment rule set's threshold it goes to the gateway at once; above it, it waits for a
    second approver (not the proposer). The permit is cancelled when the gateway has refunded
    the fee (`refund_execute`), in that transaction, not before. Raises PaymentError (nothing
    written) for a permit not held at payment, a missing reason or a refund already asked for;
    PermissionDeniedError for anyone but finance staff."""
    _require(proposed_by, FINANCE_ROLES, _("Only finance staff ask for refunds."))
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(_("Give the reason for the cancellation."))
    fresh = Permit.objects.get(pk=permit.pk)
    invoice = held_permit_invoice(permit=fresh)
    if invoice is None:
        raise PaymentError(
            _("Permit %(number)s is not held at payment: there is no paid fee to refund.")
            % {"number": fresh.number}
        )
    refund = refund_request(
        invoice=invoice,
        requested_by=proposed_by,
        reason=Refund.Reason.CANCELLED_BEFORE_USE,
        explanation=reason,
    )
    audit_record(
        actor=proposed_by,
        action="permits.held_cancel_proposed",
        obj=fresh,
        after={
            "invoice": invoice.number,
            "refund": refund.reference,
            "second_approval": refund.needs_second_approval,
            "reason": reason[:500],
        },
    )
    return refund


def _held_permit_cancelled(*, refund: Refund, invoice: Invoice) -> int | None:
    """The permit `refund` is for cancelling before use (a permit held at payment,
    `held_permit_cancel_propose`: its reason, and `invoice` a permit's fee), else None."""
    if refund.reason != Refund.Reason.CANCELLED_BEFORE_USE:
        return None
    if invoice.fee_type not in Invoice.PERMIT_FEES:
        return None
    return invoice.permit_id


def _cancel_held_permit(*, refund: Refund, invoice: Invoice, actor: User | None) -> None:
    """In a completed refund's transaction: a refund for a permit cancelled before use of the
    fee of a permit held at payment cancels the permit (permits tells the employer, the worker
    and the payer). Any other refund changes no permit."""
    permit_id = _held_permit_cancelled(refund=refund, invoice=invoice)
    if permit_id is None:
        return
    permit_held_cancel(
        permit_id=permit_id,
        actor=actor,
        reason=refund.explanation,
        payer_id=refund.payment.payer_id,
        refunded_rials=refund.amount_rials,
        event_key=f"refund:{refund.pk}",
    )
