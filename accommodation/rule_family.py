"""The movement rule family (core.rulesets, ADR 0021): when residents leave a site only with an
exit pass, the slots, the grace before a return is late, and which sites or status codes are
restricted with how many passes a slot, drafted and published by policy staff through the
same pages as every other family."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accommodation.models import MovementLine, MovementRuleSet
from core.rulesets import EFFECTIVE_FROM_HELP, Lines, RuleFamily, RuleSetError

MOVEMENT_FIELDS = (
    "name",
    "name_ar",
    "decree",
    "effective_from",
    "slot_minutes",
    "return_grace_minutes",
)


class MovementRuleSetError(RuleSetError):
    """A movement rule set change was refused."""


class MovementRuleSetForm(forms.ModelForm):
    class Meta:
        model = MovementRuleSet
        fields = MOVEMENT_FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"effective_from": EFFECTIVE_FROM_HELP}


class MovementLineForm(forms.ModelForm):
    """One restriction; a line for a scope and value already in the set replaces it."""

    class Meta:
        model = MovementLine
        fields = ("scope", "value", "passes_per_slot", "note")

    def clean_value(self) -> str:
        value = str(self.cleaned_data["value"]).strip()
        return value.lower() if self.cleaned_data.get("scope") == "code" else value.upper()

    def validate_unique(self) -> None:
        """The scope and value may repeat: saving replaces the line (the service decides)."""


MOVEMENT_RULES = RuleFamily[MovementRuleSet](
    slug="accommodation",
    model=MovementRuleSet,
    namespace="accommodation",
    title=_("Movement rule sets"),
    description=_(
        "Each rule set says which accommodation sites, or which workers by status code, may "
        "leave only with an exit pass, how long a slot is and how many passes each slot gives. "
        "Published rule sets never change; a change for today needs a second approver."
    ),
    view_permission="accommodation.view_movement_rules",
    edit_permission="accommodation.edit_movement_rules",
    fields=MOVEMENT_FIELDS,
    form=MovementRuleSetForm,
    figures_template="accommodation/staff/_rule_figures.html",
    lines=Lines(
        model=MovementLine,
        related_name="lines",
        key=("scope", "value"),
        fields=("scope", "value", "passes_per_slot", "note"),
        audit_name="movement_line",
        form=MovementLineForm,
        template="accommodation/staff/_rule_lines.html",
        heading=_("Restrictions"),
        add_heading=_("Add or change a restriction"),
    ),
    error=MovementRuleSetError,
)
