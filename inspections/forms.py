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


class VisitAssignForm(forms.Form):
    """Assign a visit of a plan: the establishment is named by its CR number and must be one of
    the plan's (`plan_entries`: CR number -> establishment id)."""

    cr_number = forms.CharField(label=_("Commercial registration number"), max_length=20)
    visit_type = forms.ChoiceField(label=_("Visit type"))
    inspector = forms.TypedChoiceField(label=_("Inspector"), coerce=int)
    scheduled_on = forms.DateField(
        label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: object,
        cr_numbers: dict[str, int],
        visit_types: list[tuple[str, str]],
        inspectors: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.cr_numbers = cr_numbers
        self.fields["visit_type"].choices = visit_types  # type: ignore[attr-defined]
        self.fields["inspector"].choices = inspectors  # type: ignore[attr-defined]

    def clean_cr_number(self) -> str:
        value = self.cleaned_data["cr_number"].strip()
        if value not in self.cr_numbers:
            raise forms.ValidationError(_("No establishment of this plan has that number."))
        return value

    @property
    def establishment_id(self) -> int:
        return self.cr_numbers[self.cleaned_data["cr_number"]]
