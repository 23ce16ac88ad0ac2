"""Forms of the termination, absconding and objection pages. They check the shape of what was
posted; the services decide (the law's notice, the dates, the days of absence, the window)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from employment.deadlines import lifecycle_rule_set_in_force
from employment.models import Termination
from employment.selectors.case_queue import KIND_ABSCONDING, KIND_TERMINATION, CaseFilter

TEXT_MAX_LENGTH = 4000

_DATE_ERRORS = {
    "invalid": _("Enter a real date, for example 2026-05-03."),
}


def _date_field(label: Any, required_message: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": required_message, **_DATE_ERRORS},
    )


def reason_choices() -> list[tuple[str, str]]:
    """The law's termination reasons in force today, in the reader's language."""
    rule_set = lifecycle_rule_set_in_force(on=timezone.localdate())
    if rule_set is None:
        return []
    arabic = (get_language() or "ar").startswith("ar")
    return [
        (reason["code"], reason.get("ar" if arabic else "en") or reason.get("en", ""))
        for reason in rule_set.termination_reasons
    ]


class TerminationForm(forms.Form):
    reason_code = forms.ChoiceField(
        label=_("Reason"),
        error_messages={
            "required": _("Choose a reason from the law's list."),
            "invalid_choice": _("Choose a reason from the law's list."),
        },
    )
    details = forms.CharField(
        label=_("Details"),
        help_text=_("The facts behind the reason: dates, warnings given, documents."),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the facts behind the reason.")},
    )
    notice_given_on = _date_field(
        _("Notice given on"), _("Enter the date the notice is given to the worker.")
    )
    notice_days = forms.IntegerField(
        label=_("Notice period (days)"),
        min_value=0,
        max_value=365,
        error_messages={
            "required": _("Enter the notice period in days."),
            "invalid": _("Enter the notice period as a whole number of days."),
            "min_value": _("Enter the notice period as a whole number of days."),
            "max_value": _("The notice period cannot be longer than a year."),
        },
    )
    improvement_started_on = _date_field(
        _("Improvement period started on"),
        "",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = [("", _("Choose…")), *reason_choices()]  # type: ignore[attr-defined]
        self.fields["improvement_started_on"].help_text = _(
            "Needed to dismiss an Omani for performance: the day the recorded improvement "
            "period started."
        )


class AbscondingReportForm(forms.Form):
    last_seen_on = _date_field(
        _("Last day at work"), _("Enter the last day the worker came to work.")
    )
    salary_paid_until = _date_field(
        _("Salary paid up to"), _("Enter the date up to which the salary was paid.")
    )
    salary_evidence = forms.CharField(
        label=_("Evidence of salary paid (wage protection file reference)"),
        max_length=100,
        error_messages={"required": _("Enter the wage protection file reference.")},
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code from the text message"),
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )


class ObjectionForm(forms.Form):
    statement = forms.CharField(
        label=_("Your statement"),
        help_text=_("Explain why you object: what happened, and any dates or witnesses."),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the worker's statement.")},
    )
    code = _code_field()


class WorkerCodeForm(forms.Form):
    """The code that proves the worker (withdrawing an objection)."""

    code = _code_field()


class CaseDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Uphold")), ("overturn", _("Overturn"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose to uphold or to overturn."),
            "invalid_choice": _("Choose to uphold or to overturn."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision.")},
    )


class CaseFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("Any")),
            (KIND_TERMINATION, _("Terminations")),
            (KIND_ABSCONDING, _("Absconding reports")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any")),
            (Termination.Status.OBJECTED, _("Objected by the worker")),
            (Termination.Status.COMMITTEE, _("Waiting for the committee")),
        ],
    )
    cr_number = forms.CharField(label=_("CR number"), required=False, max_length=10)

    def case_filter(self) -> CaseFilter:
        values = self.cleaned_data
        return CaseFilter(
            kind=values.get("kind", ""),
            status=values.get("status", ""),
            cr_number=values.get("cr_number", ""),
        )
