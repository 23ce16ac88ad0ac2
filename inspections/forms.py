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


class FindingForm(forms.Form):
    """A finding captured in the field. `client_id` is written by the phone (or, without
    JavaScript, by the page) when the finding is started, so a replay records nothing twice.
    The checklist point is checked against the visit's type by the service."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    item = forms.CharField(label=_("Checklist point"), widget=forms.Select)
    observed_on = forms.DateField(
        label=_("Date observed"), widget=forms.DateInput(attrs={"type": "date"})
    )
    workers_concerned = forms.IntegerField(label=_("Workers concerned"), min_value=1, initial=1)
    note = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args: object, items: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # any code is taken here: the service refuses a point not on the visit's checklist
        self.fields["item"].widget.choices = items

    def clean_photo(self) -> bytes | None:
        from inspections.photos import MAX_PHOTO_BYTES

        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
            # refused from the size the upload declares, before reading it
            raise forms.ValidationError(_("The photo is larger than 5 MB: take a smaller one."))
        return bytes(upload.read())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the visit"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}))
