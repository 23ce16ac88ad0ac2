"""What payments answers to the apps below it (ADR 0018), registered in PaymentsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse

from payments.models import Invoice
from payments.services.invoices import invoice_for_approved_permit, invoice_for_data_change
from payments.services.reconciliation import counter_fee_invoice_record
from permits.models import Permit, PermitDataChange
from permits.questions import ChangeInvoice
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
