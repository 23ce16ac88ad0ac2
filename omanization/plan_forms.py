"""Forms of annual Omanization plans (validation only): the employer's grid of planned Omani
hires and replacements by job level and quarter, and the officer's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Employee
from omanization.plan_models import QUARTERS, OmanizationPlan
from omanization.plan_services import PlanLineInput

KINDS = ("omani_hires", "replacements")


def _name(kind: str, level: int, quarter: int) -> str:
    return f"{kind}_{level}_{quarter}"


class PlanForm(forms.Form):
    """The year, then for each job level and quarter the Omanis hired and the foreign workers
    replaced by Omanis (empty is none)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(
        self, *args: Any, years: list[int], plan: OmanizationPlan | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        initial: dict[str, int] = {}
        if plan is not None:
            self.fields["year"].initial = plan.year
            for line in plan.lines.all():
                initial[_name("omani_hires", line.job_level, line.quarter)] = line.omani_hires
                initial[_name("replacements", line.job_level, line.quarter)] = line.replacements
        for level, level_label in Employee.JobLevel.choices:
            for quarter in QUARTERS:
                for kind in KINDS:
                    label = _("Omani hires") if kind == "omani_hires" else _("Replacements")
                    self.fields[_name(kind, level, quarter)] = forms.IntegerField(
                        label=f"{level_label} · Q{quarter} · {label}",
                        required=False,
                        min_value=0,
                        max_value=100000,
                        initial=initial.get(_name(kind, level, quarter)),
                        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                    )

    def grid(self) -> list[tuple[str, list[tuple[int, forms.BoundField, forms.BoundField]]]]:
        """Rows of the grid for the template: each job level with its quarters' two fields."""
        return [
            (
                str(level_label),
                [
                    (
                        quarter,
                        self[_name("omani_hires", level, quarter)],
                        self[_name("replacements", level, quarter)],
                    )
                    for quarter in QUARTERS
                ],
            )
            for level, level_label in Employee.JobLevel.choices
        ]

    def lines(self) -> list[PlanLineInput]:
        data = self.cleaned_data
        return [
            PlanLineInput(
                job_level=level,
                quarter=quarter,
                omani_hires=data.get(_name("omani_hires", level, quarter)) or 0,
                replacements=data.get(_name("replacements", level, quarter)) or 0,
            )
            for level in Employee.JobLevel.values
            for quarter in QUARTERS
        ]


class PlanDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve the plan")), ("no", _("Ask for changes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the establishment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you ask for changes: say what to change."),
    )
