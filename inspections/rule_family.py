"""The inspection risk rule family (core.rulesets, ADR 0021): the weights of the risk score a
month's inspection plan ranks establishments by, drafted, previewed and published by policy staff
through the same pages as every other rule family; a plan uses the set in force on the first of
its month."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.rulesets import EFFECTIVE_FROM_HELP, RuleFamily, RuleSetError
from inspections.models import RiskRuleSet

RISK_FIELDS = (
    "name",
    "name_ar",
    "weight_wage_protection",
    "weight_violations",
    "weight_complaints",
    "weight_absconding",
    "weight_omanization",
    "weight_accommodation",
    "count_cap",
    "lookback_days",
    "visits_per_plan",
    "effective_from",
)


class RiskRuleSetError(RuleSetError):
    """An inspection risk rule set change was refused."""


class RiskRuleSetForm(forms.ModelForm):
    class Meta:
        model = RiskRuleSet
        fields = RISK_FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"effective_from": EFFECTIVE_FROM_HELP}


def _checks(rule_set: RiskRuleSet) -> None:
    if rule_set.weight_total <= 0:
        # a score of zero everywhere ranks nothing: the plan would be the register's order
        raise RiskRuleSetError(gettext("Give at least one input a weight above zero."))


RISK = RuleFamily[RiskRuleSet](
    slug="inspections",
    model=RiskRuleSet,
    namespace="inspections",
    title=_("Inspection risk weights"),
    description=_(
        "Each rule set weighs wage protection, violations, complaints, absconding reports, "
        "Omanization and accommodation in the risk score that chooses the establishments of a "
        "month's inspection plan. Published rule sets never change."
    ),
    view_permission="inspections.view_risk_rules",
    edit_permission="inspections.edit_risk_rules",
    fields=RISK_FIELDS,
    form=RiskRuleSetForm,
    figures_template="inspections/staff/_risk_figures.html",
    checks=_checks,
    error=RiskRuleSetError,
)
