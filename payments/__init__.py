"""Fees actually paid (issue 19): invoices, payment through an Omani hosted-checkout gateway with
signed callbacks, receipts, late fines, refunds, daily reconciliation and revenue for finance.

A new app because nothing in the portal owned money: permits computed a fee and recorded it as
"due", Sanad recorded counter fees, employment recorded violation fines, and none of them had a
home for invoices, a gateway, reconciliation or revenue. `payments` sits above every app whose
acts it bills (`.importlinter`): it reads permits, violations and Sanad fees and turns them into
invoices; permits asks it one question (`permits.questions.fee_payable_after_approval`) and
never imports it.

Amounts are integers of baisas (1 RO = 1,000 baisas); the currency is OMR only.
"""
