"""Forms of wage protection: the month a staff member checks, the ministry's worklist filter, the
worker's dispute of a salary line and the staff decision on it (validation only)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from employment.models import WageProtectionResult

MONTH_FORMATS = ["%Y-%m"]


class MonthField(forms.DateField):
    """A month written YYYY-MM, kept as its first day."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", MONTH_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
        kwargs.setdefault("help_text", _("Year and month, for example 2026-10."))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> datetime.date | None:
        day = super().to_python(value)  # type: ignore[arg-type]
        return day.replace(day=1) if day else None


class WageRunForm(forms.Form):
    month = MonthField(label=_("Salary month to check"))


class WageWorklistForm(forms.Form):
    month = MonthField(label=_("Salary month"), required=False)
    stage = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Every outcome")), *WageProtectionResult.Stage.choices],
    )
    missed_only = forms.BooleanField(
        label=_("Only establishments that did not pay every worker as due"), required=False
    )


class SalaryDisputeForm(forms.Form):
    explanation = forms.CharField(
        label=_("What is wrong with this salary line?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class SalaryDisputeDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Uphold: the worker is right")), ("no", _("Do not uphold"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
