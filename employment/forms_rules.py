"""Forms of the employment lifecycle rule sets (drafted by policy staff through
core.ruleset_views): the deadlines and limits, the law's termination reasons and the salary
floors by ISCO-08 major group as plain text a policy officer can read and edit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.rulesets import EFFECTIVE_FROM_HELP
from employment.models import LifecycleRuleSet, ViolationType

REASON_KINDS = ("performance", "economic", "misconduct", "end_of_contract", "other")

LIFECYCLE_RULE_FIELDS = (
    "name",
    "name_ar",
    "decree",
    "effective_from",
    "absconding_min_days",
    "absconding_objection_days",
    "absconding_monthly_limit",
    "absconding_yearly_limit",
    "salary_paid_within_days",
    "wage_shortfall_tolerance_percent",
    "termination_objection_days",
    "min_notice_days",
    "performance_improvement_months",
    "violation_escalation_count",
    "contract_approval_required",
    "contract_acceptance_days",
    "resignation_answer_days",
    "noc_transfer_days",
    "termination_reasons",
    "salary_floors",
)


def reasons_as_text(reasons: list[dict[str, str]]) -> str:
    return "\n".join(
        " | ".join(r.get(key, "") for key in ("code", "kind", "en", "ar")) for r in reasons
    )


def floors_as_text(floors: dict[str, Any]) -> str:
    return "\n".join(f"{group}: {floors[group]}" for group in sorted(floors))


class ReasonsField(forms.CharField):
    """One reason per line: code | kind | English | Arabic."""

    widget = forms.Textarea(attrs={"rows": 8, "dir": "auto"})

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        text = super().to_python(value) or ""
        reasons, codes = [], set()
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 4 or not all(parts):
                raise ValidationError(
                    _("Line %(n)s: write code | kind | English | Arabic."), params={"n": number}
                )
            code, kind, english, arabic = parts
            if kind not in REASON_KINDS:
                raise ValidationError(
                    _("Line %(n)s: the kind must be one of %(kinds)s."),
                    params={"n": number, "kinds": ", ".join(REASON_KINDS)},
                )
            if code in codes:
                raise ValidationError(
                    _("Line %(n)s: the code %(code)s repeats."), params={"n": number, "code": code}
                )
            codes.add(code)
            reasons.append({"code": code, "kind": kind, "en": english, "ar": arabic})
        if not reasons:
            raise ValidationError(_("Give at least one reason the law allows."))
        return reasons


class FloorsField(forms.CharField):
    """One line per ISCO-08 major group: group: lowest monthly salary (RO)."""

    widget = forms.Textarea(attrs={"rows": 5, "dir": "ltr"})

    def to_python(self, value: Any) -> dict[str, str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        floors: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            group, _sep, amount = (part.strip() for part in line.partition(":"))
            try:
                salary = Decimal(amount)
            except InvalidOperation:
                salary = Decimal(-1)
            if group not in "123456789" or len(group) != 1 or salary < 0:
                raise ValidationError(
                    _("Line %(n)s: write a major group from 1 to 9, a colon and an amount."),
                    params={"n": number},
                )
            floors[group] = str(salary.quantize(Decimal("0.001")))
        return floors


class LifecycleRuleSetForm(forms.ModelForm):
    termination_reasons = ReasonsField(
        label=_("Reasons the law allows"),
        help_text=_(
            "One per line: code | kind | English | Arabic. Kinds: performance, economic, "
            "misconduct, end_of_contract, other."
        ),
    )
    salary_floors = FloorsField(
        label=_("Salary floors by ISCO-08 major group"),
        required=False,
        help_text=_("One per line, e.g. 1: 600 (the lowest monthly salary in RO)."),
    )

    class Meta:
        model = LifecycleRuleSet
        fields = LIFECYCLE_RULE_FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "effective_from": EFFECTIVE_FROM_HELP,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.instance if self.instance.pk else None
        initial = kwargs.get("initial") or {}
        reasons = initial.get("termination_reasons", source and source.termination_reasons)
        floors = initial.get("salary_floors", source and source.salary_floors)
        if isinstance(reasons, list):
            self.initial["termination_reasons"] = reasons_as_text(reasons)
        if isinstance(floors, dict):
            self.initial["salary_floors"] = floors_as_text(floors)


class ViolationTypeForm(forms.ModelForm):
    """One line of the fine schedule; a line with the code of an existing one replaces it."""

    class Meta:
        model = ViolationType
        fields = ("code", "name_en", "name_ar", "fine", "per_worker", "repeat_multiplier")

    def validate_unique(self) -> None:
        """The code may repeat: saving it replaces the line (the service decides)."""
