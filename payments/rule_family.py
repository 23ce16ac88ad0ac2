"""The payment rule family (core.rulesets, ADR 0021): when a permit is issued (after payment or
before), the days to pay, the late fine and its grace period, the refund threshold for a second
approver, and the flat fees; drafted, previewed and published by policy staff through the same
pages as every other family."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.rulesets import Lines, RuleFamily, RuleSetError
from payments.forms import PAYMENT_RULE_FIELDS, FlatFeeForm, PaymentRuleSetForm
from payments.models import FlatFee, Invoice, PaymentRuleSet
from payments.services.invoices import fine_months_due


class PaymentRuleSetError(RuleSetError):
    """A payment rule set change was refused."""


def _checks(rule_set: PaymentRuleSet) -> None:
    if rule_set.late_fine_baisas and not rule_set.late_fine_max_months:
        raise PaymentRuleSetError(gettext("Give the most months a late fine may run."))


def _impact(draft: PaymentRuleSet) -> dict[str, Any]:
    """The open invoices today, and the late fines they would have accrued under the draft."""
    today = timezone.localdate()
    open_invoices = Invoice.objects.filter(status=Invoice.Status.OPEN, principal__isnull=True)
    figures = open_invoices.aggregate(
        count=Count("id"),
        amount=Sum("amount_baisas"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
    )
    fines = 0
    for due_on in open_invoices.filter(due_on__lt=today).values_list("due_on", flat=True)[:50_000]:
        due = due_on if isinstance(due_on, datetime.date) else today
        fines += fine_months_due(
            due_on=due,
            grace_days=draft.grace_days,
            on=today,
            max_months=draft.late_fine_max_months,
        )
    return {
        "open": figures["count"] or 0,
        "open_baisas": figures["amount"] or 0,
        "overdue": figures["overdue"] or 0,
        "fine_months": fines,
        "fine_baisas": fines * draft.late_fine_baisas,
    }


PAYMENTS = RuleFamily[PaymentRuleSet](
    slug="payments",
    model=PaymentRuleSet,
    namespace="payments",
    title=_("Fees and payment rules"),
    description=_(
        "Each rule set says whether an approved work permit waits for its fee, how long an "
        "invoice may stay unpaid, the monthly late fine, the refunds that need a second "
        "approver and the flat fees. Published rule sets never change."
    ),
    view_permission="payments.view_rule_sets",
    edit_permission="payments.edit_rule_sets",
    fields=PAYMENT_RULE_FIELDS,
    form=PaymentRuleSetForm,
    figures_template="payments/staff/_rule_figures.html",
    lines=Lines(
        model=FlatFee,
        related_name="fees",
        key=("fee_type",),
        fields=("fee_type", "amount_baisas"),
        audit_name="flat_fee",
        form=FlatFeeForm,
        template="payments/staff/_flat_fees.html",
        heading=_("Flat fees"),
        add_heading=_("Add or change a flat fee"),
    ),
    impact=_impact,
    impact_template="payments/staff/_rule_impact.html",
    impact_link=_("See the open invoices and the late fines under this draft"),
    checks=_checks,
    error=PaymentRuleSetError,
)
