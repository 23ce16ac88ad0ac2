"""Forms of the employment pages. They check the shape of what was posted; the services decide
whether the action is allowed and hold the business rules (dates, workers, evidence)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from employers.models import Establishment
from employment.models import Violation, ViolationType
from employment.selectors.violations import (
    ViolationFilter,
    establishment_by_cr_number,
    violation_types_in_force,
)

TEXT_MAX_LENGTH = 4000


def _type_label(violation_type: ViolationType) -> str:
    if violation_type.per_worker:
        return gettext("%(name)s: RO %(fine)s per worker") % {
            "name": violation_type.name,
            "fine": violation_type.fine,
        }
    return gettext("%(name)s: RO %(fine)s") % {
        "name": violation_type.name,
        "fine": violation_type.fine,
    }


def _type_choices() -> list[tuple[str, str]]:
    return [(t.code, _type_label(t)) for t in violation_types_in_force(on=timezone.localdate())]


class ViolationRecordForm(forms.Form):
    cr_number = forms.CharField(
        label=_("CR number of the establishment"),
        max_length=10,
        error_messages={"required": _("Enter the CR number of the establishment.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    violation_type = forms.ChoiceField(
        label=_("Violation"),
        error_messages={
            "required": _("Choose the violation."),
            "invalid_choice": _("Choose a violation from the fine schedule."),
        },
    )
    observed_on = forms.DateField(
        label=_("Date observed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date you observed the violation."),
            "invalid": _("Enter a real date, for example 2026-05-03."),
        },
    )
    workers_concerned = forms.IntegerField(
        label=_("Workers concerned"),
        initial=1,
        error_messages={
            "required": _("Enter the number of workers concerned."),
            "invalid": _("Enter the number of workers concerned as a whole number."),
        },
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        help_text=_("What you saw, documents examined and who was present."),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the evidence of the violation.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the schedule in force today, in the reader's language.
        self.fields["violation_type"].choices = [("", _("Choose…")), *_type_choices()]  # type: ignore[attr-defined]

    def clean_cr_number(self) -> str:
        cr_number: str = self.cleaned_data["cr_number"].strip()
        establishment = establishment_by_cr_number(cr_number=cr_number)
        if establishment is None:
            raise forms.ValidationError(_("No establishment has this CR number."))
        self.establishment: Establishment = establishment
        return cr_number


class ViolationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    cr_number = forms.CharField(label=_("CR number"), required=False, max_length=10)
    type_code = forms.ChoiceField(label=_("Violation"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any")), *Violation.Status.choices]  # type: ignore[attr-defined]
        types = violation_types_in_force(on=timezone.localdate())
        self.fields["type_code"].choices = [("", _("Any")), *((t.code, t.name) for t in types)]  # type: ignore[attr-defined]

    def violation_filter(self) -> ViolationFilter:
        values = self.cleaned_data
        return ViolationFilter(
            status=values.get("status", ""),
            cr_number=values.get("cr_number", ""),
            type_code=values.get("type_code", ""),
        )


class ViolationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        help_text=_("Explain what happened and what you have done about it."),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your answer to the violation.")},
    )


class ViolationDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for your decision.")},
    )
