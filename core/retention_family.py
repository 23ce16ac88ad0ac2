"""The retention rule family (core.rulesets, ADR 0021): how long each class of personal data is
kept, drafted, previewed and published by policy staff through the same pages as every other
rule family; the nightly sweep (core.retention) applies the set in force."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.retention import data_class_choices, data_classes
from core.retention_models import RetentionPeriod, RetentionRuleSet
from core.rulesets import EFFECTIVE_FROM_HELP, Lines, RuleFamily, RuleSetError

RETENTION_FIELDS = ("name", "name_ar", "decree", "effective_from")


class RetentionRuleSetError(RuleSetError):
    """A retention rule set change was refused."""


class RetentionRuleSetForm(forms.ModelForm):
    class Meta:
        model = RetentionRuleSet
        fields = RETENTION_FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "effective_from": EFFECTIVE_FROM_HELP,
        }


class RetentionPeriodForm(forms.ModelForm):
    """One class of data and its period; a line for a class already in the set replaces it."""

    data_class = forms.ChoiceField(label=_("Class of data"), choices=())

    class Meta:
        model = RetentionPeriod
        fields = ("data_class", "days")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["data_class"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = data_class_choices()

    def validate_unique(self) -> None:
        """The class may repeat: saving it replaces the line (the service decides)."""


def _checks(rule_set: RetentionRuleSet) -> None:
    if not rule_set.periods.exists():
        raise RetentionRuleSetError(
            gettext("Give at least one retention period before publishing.")
        )


def _impact(draft: RetentionRuleSet) -> dict[str, Any]:
    """The classes of data the draft covers, with their period, and those it leaves kept."""
    periods = {p.data_class: p.days for p in draft.periods.all()}
    return {
        "classes": [
            {
                "code": c.code,
                "label": c.label,
                "days": periods.get(c.code),
                "outcome": c.outcome,
                "hold": c.hold,
            }
            for c in data_classes()
        ]
    }


RETENTION = RuleFamily[RetentionRuleSet](
    slug="core",
    model=RetentionRuleSet,
    namespace="core",
    title=_("Retention of personal data"),
    description=_(
        "Each rule set says how many days each class of personal data is kept once it is no "
        "longer needed; every night what is past its period is deleted or anonymised, in "
        "batches, and the counts are audited. A class without a period is kept. Published rule "
        "sets never change."
    ),
    view_permission="core.view_retention_rules",
    edit_permission="core.edit_retention_rules",
    fields=RETENTION_FIELDS,
    form=RetentionRuleSetForm,
    figures_template="core/staff/_retention_figures.html",
    lines=Lines(
        model=RetentionPeriod,
        related_name="periods",
        key=("data_class",),
        fields=("data_class", "days"),
        audit_name="retention_period",
        form=RetentionPeriodForm,
        template="core/staff/_retention_periods.html",
        heading=_("Retention periods"),
        add_heading=_("Add or change a period"),
    ),
    impact=_impact,
    impact_template="core/staff/_retention_impact.html",
    impact_link=_("See which classes of data this draft deletes, and which it keeps"),
    checks=_checks,
    error=RetentionRuleSetError,
)
