"""Input validation of the payment pages (no business rule here: the services decide)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.rulesets import EFFECTIVE_FROM_HELP
from payments.models import FlatFee, PaymentRuleSet, Refund
from sanad.models import ServiceCentre

PAYMENT_RULE_FIELDS = (
    "name",
    "name_ar",
    "decree",
    "effective_from",
    "issue_mode",
    "payment_days",
    "grace_days",
    "late_fine_baisas",
    "late_fine_max_months",
    "refund_second_approval_above_baisas",
)


class PaymentRuleSetForm(forms.ModelForm):
    class Meta:
        model = PaymentRuleSet
        fields = PAYMENT_RULE_FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"effective_from": EFFECTIVE_FROM_HELP}


class FlatFeeForm(forms.ModelForm):
    """One flat fee; a fee already in the set is replaced."""

    class Meta:
        model = FlatFee
        fields = ("fee_type", "amount_baisas")

    def validate_unique(self) -> None:
        """The fee may repeat: saving it replaces the line (the service decides)."""


class PayForm(forms.Form):
    """The invoices chosen on the list (one or several)."""

    invoice = forms.TypedMultipleChoiceField(
        label=_("Invoices"),
        coerce=int,
        error_messages={"required": _("Select at least one invoice to pay.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invoice"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = choices


class RefundRequestForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Refund.Reason.choices)
    explanation = forms.CharField(label=_("Explanation"), max_length=500)
    amount_baisas = forms.IntegerField(
        label=_("Amount to refund (baisas; empty: all of it)"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Amounts are whole numbers of baisas (1 rial = 1,000 baisas).")
        },
    )


class HeldPermitCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation (the payer is told)"),
        max_length=500,
        error_messages={"required": _("Give the reason for the cancellation.")},
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500)


class ReconcileForm(forms.Form):
    settlement_date = forms.DateField(
        label=_("Settlement date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RemittanceForm(forms.Form):
    """What a Sanad centre remitted for one day's counter fees, in rials (three decimals)."""

    centre = forms.ModelChoiceField(
        label=_("Sanad centre"), queryset=ServiceCentre.objects.order_by("name_en")
    )
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label=_("Amount remitted (RO)"), min_value=Decimal("0.001"), decimal_places=3
    )
    bank_reference = forms.CharField(label=_("Bank reference"), max_length=80, required=False)


class RemittanceFileForm(forms.Form):
    """The bank's daily remittance file (payments.services.remittance_import gives its columns)."""

    file = forms.FileField(
        label=_("Remittance file (CSV)"),
        error_messages={"required": _("Choose the bank's remittance file.")},
    )


class RevenueFilterForm(forms.Form):
    BY = (
        ("fee_type", _("Fee")),
        ("governorate", _("Governorate")),
        ("activity", _("Economic activity")),
        ("nationality", _("Nationality")),
        ("month", _("Month")),
    )
    by = forms.ChoiceField(label=_("Totals by"), choices=BY, required=False)
    date_from = forms.DateField(
        label=_("Issued from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Issued until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
