"""Forms of the Omanization app (validation only)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import EconomicActivity, Employee, Establishment
from omanization.models import RuleSet
from omanization.rule_models import RULE_FIELDS

LEVEL_CHOICES = Employee.JobLevel.choices


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = RULE_FIELDS
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "effective_from": _(
                "From tomorrow at the earliest, and after the latest published rule set. The "
                "rule set before it stays in force until the day before."
            ),
            "averaging_weeks": _("The share is averaged over this many weekly dates."),
        }


class TargetForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Economic activity"),
        queryset=EconomicActivity.objects.order_by("code"),
        required=False,
        empty_label=_("All activities"),
    )
    size_class = forms.ChoiceField(
        label=_("Size class"),
        required=False,
        choices=[("", _("All sizes")), *Establishment.SizeClass.choices],
    )
    job_level = forms.TypedChoiceField(
        label=_("Job level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Overall (all job levels)")), *LEVEL_CHOICES],
    )
    target_percent = forms.DecimalField(
        label=_("Target (% Omani)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )


class HireForm(forms.Form):
    """One line of a what-if: so many Omanis hired, or so many work permits approved."""

    KIND_OMANI = "omani"
    KIND_PERMIT = "permit"

    kind = forms.ChoiceField(
        label=_("What"),
        choices=[(KIND_OMANI, _("Omanis hired")), (KIND_PERMIT, _("Work permits approved"))],
    )
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=500)
    job_level = forms.TypedChoiceField(label=_("Job level"), coerce=int, choices=LEVEL_CHOICES)
    monthly_salary = forms.DecimalField(
        label=_("Monthly salary (OMR)"),
        min_value=Decimal(0),
        max_value=Decimal(100000),
        decimal_places=3,
        initial=Decimal("400"),
    )
    is_full_time = forms.BooleanField(label=_("Full time"), required=False, initial=True)
    has_disability = forms.BooleanField(label=_("With a disability"), required=False)


class BaseHireFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        total = sum(
            form.cleaned_data.get("count", 0)
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if total > 2000:
            raise forms.ValidationError(_("A what-if can add at most 2,000 workers."))


HireFormSet = forms.formset_factory(HireForm, formset=BaseHireFormSet, extra=2, max_num=10)


class EndingForm(forms.Form):
    ending = forms.ModelMultipleChoiceField(
        label=_("Contracts that end"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    def __init__(self, *args: Any, employees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ending"].queryset = employees  # type: ignore[attr-defined]
        self.fields["ending"].label_from_instance = (  # type: ignore[attr-defined]
            lambda e: f"{e.name} · {e.civil_id or e.passport_number} · {e.get_job_level_display()}"
        )


class ProjectionForm(forms.Form):
    on = forms.DateField(label=_("Project to"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_on(self) -> datetime.date:
        on: datetime.date = self.cleaned_data["on"]
        today = timezone.localdate()
        if on <= today:
            raise forms.ValidationError(_("Choose a date after today."))
        if on > today + datetime.timedelta(days=5 * 366):
            raise forms.ValidationError(_("Choose a date within five years."))
        return on
