"""Forms of the permit rule sets (drafted by policy staff through core.ruleset_views)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.rulesets import EFFECTIVE_FROM_HELP
from permits.models import FeeBand, PermitRuleSet

PERMIT_RULE_FIELDS = (
    "name",
    "name_ar",
    "decree",
    "effective_from",
    "validity_months",
    "transfer_fee",
    "late_fine_per_month",
    "reserved_occupations",
    "straight_through",
    "labor_market_test_enabled",
    "labor_market_test_days",
    "passport_min_validity_months",
    "renewal_window_weeks",
)


class PermitRuleSetForm(forms.ModelForm):
    class Meta:
        model = PermitRuleSet
        fields = PERMIT_RULE_FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "effective_from": EFFECTIVE_FROM_HELP,
            "reserved_occupations": _(
                "ISCO-08 unit groups (four digits), separated by commas, e.g. 4110, 4120."
            ),
        }


class FeeBandForm(forms.ModelForm):
    """One fee band of a draft; a band with the code of an existing one replaces it."""

    class Meta:
        model = FeeBand
        fields = ("code", "name_en", "name_ar", "isco_major_groups", "min_salary", "amount")
        help_texts = {
            "isco_major_groups": _("ISCO-08 major groups (one digit each), separated by commas."),
            "code": _("A short code, e.g. first-category. Saving an existing code replaces it."),
        }

    def validate_unique(self) -> None:
        """The code may repeat: saving it replaces the band (the service decides)."""
