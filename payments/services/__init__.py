"""Writes of fees and payments."""

from payments.services.checkout import (
    checkout_start,
    gateway_event_apply,
    paid_permits_issue_sweep,
    payment_confirm,
    session_refresh,
    sessions_refresh_waiting,
)
from payments.services.invoices import (
    Line,
    PaymentError,
    invoice_cancel,
    invoice_for_approved_permit,
    invoice_raise,
    invoice_write_off,
    late_fine_sweep,
)

__all__ = [
    "Line",
    "PaymentError",
    "checkout_start",
    "gateway_event_apply",
    "invoice_cancel",
    "invoice_for_approved_permit",
    "invoice_raise",
    "invoice_write_off",
    "late_fine_sweep",
    "paid_permits_issue_sweep",
    "payment_confirm",
    "session_refresh",
    "sessions_refresh_waiting",
]
