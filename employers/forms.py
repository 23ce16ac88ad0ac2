"""Forms of the employers app (validation only)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from employers.imports import MAX_FILE_BYTES
from employers.models import Employee, Establishment, Governorate, Service
from employers.validators import COLUMNS, EmployeeData, parse_date, validate_employee
from taxonomy.selectors import unit_group_codes


class EstablishmentDirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("CR number or name"), required=False, max_length=100)
    governorate = forms.ChoiceField(
        label=_("Governorate"),
        required=False,
        choices=[("", _("All governorates")), *Governorate.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Establishment.Status.choices],
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()


class WorkforceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, civil ID or passport number"), required=False, max_length=100
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()


def _nationality_choices(current: str = "") -> list[tuple[str, str]]:
    """Countries by name in the current language, as (alpha-3 code, "name (code)")."""
    choices: list[tuple[str, str]] = [("", str(_("Choose a country")))]
    for country in countries:
        code = countries.alpha3(country.code)
        if code:
            choices.append((code, f"{country.name} ({code})"))
    if current and current not in {code for code, _label in choices}:
        choices.append((current, current))  # an old value stays visible, the rules refuse it
    return choices


class EmployeeForm(forms.Form):
    """One employee of the register, checked by the same rules as a row of the import
    (`employers.validators`): every field is text here, parsed there."""

    civil_id = forms.CharField(
        label=_("Civil ID number"),
        required=False,
        max_length=30,
        help_text=_("8 digits. Required for Omanis."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    passport_number = forms.CharField(
        label=_("Passport number"),
        required=False,
        max_length=30,
        help_text=_("Required for employees who are not Omani."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    nationality = forms.CharField(label=_("Nationality"), required=False, widget=forms.Select)
    name_ar = forms.CharField(
        label=_("Name in Arabic"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
    )
    occupation_code = forms.CharField(
        label=_("Occupation (ISCO-08 code)"),
        required=False,
        max_length=10,
        help_text=_("The 4-digit code of the occupation's unit group."),
        widget=forms.TextInput(attrs={"list": "isco-unit-groups", "inputmode": "numeric"}),
    )
    job_level = forms.CharField(
        label=_("Job level"),
        required=False,
        widget=forms.Select(
            choices=[
                ("", _("Choose a level")),
                *((str(value), label) for value, label in Employee.JobLevel.choices),
            ]
        ),
    )
    monthly_salary = forms.CharField(
        label=_("Monthly salary (OMR)"),
        required=False,
        max_length=30,
        help_text=_("With up to 3 decimals, such as 450.500."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    working_time = forms.CharField(
        label=_("Working time"),
        required=False,
        widget=forms.RadioSelect(choices=[("full", _("Full time")), ("part", _("Part time"))]),
    )
    disability = forms.CharField(
        label=_("Person with a disability"),
        required=False,
        widget=forms.RadioSelect(choices=[("no", _("No")), ("yes", _("Yes"))]),
    )
    contract_start = forms.CharField(
        label=_("Contract start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    contract_end = forms.CharField(
        label=_("Contract end (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = str(self.initial.get("nationality", "") or "")
        self.fields["nationality"].widget.choices = _nationality_choices(current)
        self.employee_data: EmployeeData | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = {column: cleaned.get(column) or "" for column in COLUMNS}
        result = validate_employee(values, occupation_codes=unit_group_codes())
        for problem in result.problems:
            self.add_error(problem.column, problem.reason)
        self.employee_data = result.data
        return cleaned


class EndContractForm(forms.Form):
    contract_end = forms.CharField(
        label=_("Last day of the contract"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the last day of the contract.")},
    )

    def clean_contract_end(self) -> datetime.date:
        end = parse_date(self.cleaned_data["contract_end"], required=True)
        assert end is not None
        return end


class WorkforceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workforce file"),
        help_text=_("A CSV file in UTF-8 or an Excel workbook (.xlsx), 5 MB at most."),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={"required": _("Choose the file to import.")},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB: split it into several files.")
            )
        return upload


class AppointRepresentativeForm(forms.Form):
    """Who to appoint, for which services, until when (the service checks the rules)."""

    civil_id = forms.CharField(
        label=_("Civil or resident number"),
        max_length=12,
        help_text=_("The number on the person's ID card; they accept after signing in."),
    )
    services = forms.MultipleChoiceField(
        label=_("Services"),
        choices=Service.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service.")},
    )
    valid_until = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_civil_id(self) -> str:
        return str(self.cleaned_data["civil_id"]).strip()


class RegistryLookupForm(forms.Form):
    cr_number = forms.CharField(
        label=_("Commercial registration number"),
        max_length=10,
        min_length=7,
        help_text=_("Not listed above? Enter your CR number to ask the commerce registry now."),
    )

    def clean_cr_number(self) -> str:
        value = str(self.cleaned_data["cr_number"]).strip()
        if not value.isdigit():
            raise forms.ValidationError(_("Enter the 7 to 10 digits of the CR number."))
        return value


class ClaimDisputeForm(forms.Form):
    """A person disputes who administers an establishment (employers.disputes)."""

    cr_number = forms.CharField(label=_("Commercial registration number"), max_length=10)
    contested_civil_id = forms.CharField(
        label=_("Civil or resident number of the person you contest (optional)"),
        max_length=10,
        required=False,
        help_text=_(
            "Leave empty when the registry does not list you. Fill it in, as a listed owner, to "
            "contest another person's administration or appointment."
        ),
    )
    statement = forms.CharField(
        label=_("What is wrong, and why"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        min_length=20,
    )

    def clean_cr_number(self) -> str:
        value = str(self.cleaned_data["cr_number"]).strip()
        if not (value.isdigit() and 7 <= len(value) <= 10):
            raise forms.ValidationError(_("Enter the 7 to 10 digits of the CR number."))
        return value

    def clean_contested_civil_id(self) -> str:
        value = str(self.cleaned_data.get("contested_civil_id") or "").strip()
        if value and not (value.isdigit() and 8 <= len(value) <= 10):
            raise forms.ValidationError(
                _("Enter the 8 to 10 digits of the civil or resident number.")
            )
        return value


class ClaimDisputeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Uphold")), ("dismiss", _("Dismiss"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Reason (the person is told it)"), max_length=500)
