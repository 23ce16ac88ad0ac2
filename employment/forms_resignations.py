"""Forms of the resignation pages: the worker's resignation and the employer's answer. They
check the shape; the services decide (the notice owed, the dates, the deadline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from employers.models import Employee
from employment.forms_cases import TEXT_MAX_LENGTH, _date_field
from employment.models import Resignation


class EmploymentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.establishment.name} · {obj.name}"


class ResignationForm(forms.Form):
    employee = EmploymentChoiceField(
        label=_("Employment"),
        queryset=Employee.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose the employment you resign from."),
            "invalid_choice": _("Choose the employment you resign from."),
        },
    )
    last_working_day = _date_field(_("Last working day"), _("Enter your last working day."))
    statement = forms.CharField(
        label=_("Your statement (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, employments: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employments  # type: ignore[attr-defined]


class ResignationAnswerForm(forms.Form):
    ACCEPT = "accept"
    REFUSE = "refuse"

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (ACCEPT, _("Accept the resignation and give the no-objection record")),
            (REFUSE, _("Refuse the resignation")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you accept or refuse the resignation."),
            "invalid_choice": _("Choose whether you accept or refuse the resignation."),
        },
    )
    refusal_reason = forms.ChoiceField(
        label=_("Reason for refusing"),
        required=False,
        choices=[("", _("(only when refusing)")), *Resignation.RefusalReason.choices],
        error_messages={"invalid_choice": _("Choose the reason for refusing.")},
    )
    note = forms.CharField(
        label=_("Note to the worker"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.REFUSE and not cleaned.get("refusal_reason"):
            self.add_error("refusal_reason", _("Choose the reason for refusing."))
        return cleaned
