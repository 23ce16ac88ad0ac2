"""The disclosure rule family (core.rulesets, ADR 0021): the smallest count the open data
publishes and the dominance limit of a money total, drafted, previewed and published by policy
staff through the same pages as every other rule family; the next release applies the set in
force (lmi.suppression)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.rulesets import EFFECTIVE_FROM_HELP, RuleFamily, RuleSetError
from lmi.models import DisclosureRuleSet

DISCLOSURE_FIELDS = ("name", "name_ar", "threshold", "dominance_percent", "effective_from")


class DisclosureRuleSetError(RuleSetError):
    """A disclosure rule set change was refused."""


class DisclosureRuleSetForm(forms.ModelForm):
    class Meta:
        model = DisclosureRuleSet
        fields = DISCLOSURE_FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"effective_from": EFFECTIVE_FROM_HELP}


def _checks(rule_set: DisclosureRuleSet) -> None:
    if rule_set.threshold < 3:
        # a count of 1 or 2 identifies people: no statistical office publishes them
        raise DisclosureRuleSetError(gettext("The smallest count published must be at least 3."))


DISCLOSURE = RuleFamily[DisclosureRuleSet](
    slug="lmi",
    model=DisclosureRuleSet,
    namespace="lmi",
    title=_("Disclosure control of open data"),
    description=_(
        "Each rule set says the smallest count the open data publishes and how much of a money "
        "total its two largest contributors may hold before it is suppressed; the next release "
        "of the datasets applies the set in force. Published rule sets never change."
    ),
    view_permission="lmi.view_disclosure_rules",
    edit_permission="lmi.edit_disclosure_rules",
    fields=DISCLOSURE_FIELDS,
    form=DisclosureRuleSetForm,
    figures_template="lmi/staff/_disclosure_figures.html",
    checks=_checks,
    error=DisclosureRuleSetError,
)
