"""Input of the inspections pages (validation only; the rules live in the services)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Governorate


class PlanRequestForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("Year and month, as 2026-12."),
    )
    governorate = forms.ChoiceField(label=_("Governorate"), choices=Governorate.choices)

    def clean_month(self) -> datetime.date:
        value = self.cleaned_data["month"].strip()
        try:
            return datetime.datetime.strptime(value[:7], "%Y-%m").date()  # noqa: DTZ007
        except ValueError:
            raise forms.ValidationError(_("Enter a month as 2026-12.")) from None
