"""What payments answers to the apps below it (ADR 0018), registered in PaymentsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse

from payments.models import Invoice, Refund
from payments.services.invoices import invoice_for_approved_permit, invoice_for_data_change
from payments.services.reconciliation import counter_fee_invoice_record
from payments.services.refunds import held_permit_invoice
from permits.models import Permit, PermitDataChange
from permits.questions import ChangeInvoice, HeldCancelProposal
from sanad.models import SanadFee


def issuance_waits_for_payment(*, permit: Permit) -> bool:
    """Raise the fee invoice of a permit just approved when the payment rule set in force says
    the fee is payable after approval, and say that the permit waits for it."""
    return invoice_for_approved_permit(permit=permit) is not None


def data_change_waits_for_payment(*, change: PermitDataChange) -> bool:
    """Raise the data-change invoice of an employer's change of a permit when the payment rule
    set in force says fees are payable after approval, and say that the change waits for it."""
    return invoice_for_data_change(change=change) is not None


def data_change_invoice(*, change: PermitDataChange) -> ChangeInvoice | None:
    """The data-change invoice of `change` as the employer's page shows it, or None."""
    invoice = Invoice.objects.filter(data_change=change).first()
    if invoice is None:
        return None
    return ChangeInvoice(
        number=invoice.number,
        amount_rials=invoice.amount_rials,
        status=invoice.status,
        status_label=str(invoice.get_status_display()),
        url=reverse("payments:employer-invoice", args=[invoice.establishment_id, invoice.pk]),
        payable=invoice.is_payable,
    )


def counter_fee_recorded(*, fee: SanadFee) -> object:
    """The invoice, paid at the counter, of a fee the Sanad clerk just recorded."""
    return counter_fee_invoice_record(fee=fee)


def held_cancel_proposal(*, permit: Permit) -> HeldCancelProposal | None:
    """For a permit held at payment: may its cancellation with a refund be proposed, and the
    proposal waiting (for a second approver, or refused by the gateway). None when the permit
    is not held or its fee was not paid."""
    invoice = held_permit_invoice(permit=permit)
    if invoice is None:
        return None
    propose_url = reverse("payments:staff-held-permit-cancel", args=[permit.pk])
    waiting = (
        Refund.objects.filter(invoice=invoice, status__in=Refund.PENDING)
        .select_related("requested_by")
        .order_by("-created_at")
        .first()
    )
    if waiting is None:
        return HeldCancelProposal(can_propose=True, propose_url=propose_url)
    return HeldCancelProposal(
        can_propose=False,
        propose_url=propose_url,
        proposed_by=waiting.requested_by.display_name,
        reason=waiting.explanation,
        failure=waiting.failure,
        refunds_url=reverse("payments:staff-refunds"),
    )
