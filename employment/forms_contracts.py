"""Forms of the contract pages. They only carry what was typed: `contract_register` parses and
checks every value (scripts, identity, occupation, salary floor, dates, notice) and answers with
translated errors by field, which the view puts back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from employers.models import Employee
from employment.models import Contract

TEXT_MAX_LENGTH = 4000


def _text(label: Any, *, ltr: bool = False, **attrs: Any) -> forms.Field:
    widget_attrs = {"dir": "ltr"} if ltr else {}
    widget_attrs.update(attrs)
    return forms.CharField(
        label=label, required=False, max_length=200, widget=forms.TextInput(attrs=widget_attrs)
    )


class ContractRegisterForm(forms.Form):
    worker_name_ar = _text(_("Worker's name in Arabic"), dir="rtl", lang="ar")
    worker_name_en = _text(_("Worker's name in English"), ltr=True, lang="en")
    nationality = _text(_("Nationality (three-letter code, such as OMN or IND)"), ltr=True)
    civil_id = _text(
        _("Civil or resident card number (the worker's code goes to the registry's mobile for it)"),
        ltr=True,
        inputmode="numeric",
    )
    passport_number = _text(_("Passport number (workers who are not Omani)"), ltr=True)
    worker_mobile = _text(
        _("Worker's mobile (unverified, for information: no code is ever sent to it)"),
        ltr=True,
        inputmode="tel",
    )
    worker_language = forms.ChoiceField(
        label=_("Language of the worker's messages"), choices=settings.LANGUAGES, initial="ar"
    )
    occupation_code = _text(_("Occupation (4-digit ISCO-08 code)"), ltr=True, inputmode="numeric")
    job_level = forms.ChoiceField(
        label=_("Job level"),
        choices=[
            ("", _("Choose…")),
            *((str(value), f"{value} · {label}") for value, label in Employee.JobLevel.choices),
        ],
        required=False,
    )
    monthly_salary = _text(_("Monthly salary (RO)"), ltr=True, inputmode="decimal")
    starts_on = _text(_("Starts on"), type="date")
    ends_on = _text(_("Ends on (leave empty for an open-ended contract)"), type="date")
    probation_days = _text(_("Probation (days, 0 to 180)"), inputmode="numeric")
    notice_days = _text(_("Notice period (days)"), inputmode="numeric")
    terms_ar = forms.CharField(
        label=_("Other terms in Arabic"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
    )
    terms_en = forms.CharField(
        label=_("Other terms in English"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "en"}),
    )


class ContractStatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any")), *Contract.Status.choices]  # type: ignore[attr-defined]


class ContractQueueFilterForm(forms.Form):
    cr_number = forms.CharField(label=_("CR number"), required=False, max_length=10)


class ContractAnswerForm(forms.Form):
    """The worker's answer: accept or decline, with the code from the text message (not needed
    after a national identity sign-in in this browser; the service decides)."""

    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    code = forms.CharField(
        label=_("Code from the text message"),
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}
        ),
    )


class ContractDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose approve or refuse.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for your decision.")},
    )
