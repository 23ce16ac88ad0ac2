"""Forms of the employer's work permit pages (validation of what was typed only).

The rules of an application live in `permits.services` and `permits.documents`: these forms
parse dates and files and check what can be checked before reading an upload (its size), and
the views put the service's errors back on the fields they concern.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from employers.models import Employee
from employers.validators import OMANI
from permits.documents import MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_PERMIT
from permits.models import Permit, PermitDocument

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Enter a real date, such as 2026-03-01.")}
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
SALARY_HELP = _("In rials, with up to 3 decimals, such as 350.500.")


def nationality_choices() -> list[tuple[str, str]]:
    """Countries by name in the current language, as (alpha-3 code, "name (code)"), without
    Oman: Omanis need no work permit."""
    choices: list[tuple[str, str]] = [("", str(_("Choose a country")))]
    for country in countries:
        code = countries.alpha3(country.code)
        if code and code != OMANI:
            choices.append((code, f"{country.name} ({code})"))
    return choices


def job_level_choices() -> list[tuple[str, str]]:
    return [
        ("", str(_("Choose a level"))),
        *((str(value), str(label)) for value, label in Employee.JobLevel.choices),
    ]


def _too_large(upload: UploadedFile) -> bool:
    """Read from the upload's size (known before its content is read), not from its bytes."""
    return upload.size is not None and upload.size > MAX_DOCUMENT_BYTES


def _size_error(upload: UploadedFile) -> forms.ValidationError:
    return forms.ValidationError(
        _("The file %(name)s is larger than 5 MB: upload a smaller scan.")
        % {"name": upload.name or ""}
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data if item]
        return [single_clean(data, initial)] if data else []


class PermitApplicationForm(forms.Form):
    """A new work permit for a named worker. Text fields are kept as typed: the service parses
    and checks them (`permits.services.application_validate`)."""

    worker_name_ar = forms.CharField(
        label=_("Worker's name in Arabic"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl", "autocomplete": "off"}),
    )
    worker_name_en = forms.CharField(
        label=_("Worker's name in English"),
        required=False,
        max_length=250,
        help_text=_("As written in the passport."),
        widget=forms.TextInput(attrs={"lang": "en", "dir": "ltr", "autocomplete": "off"}),
    )
    nationality = forms.CharField(label=_("Nationality"), required=False, widget=forms.Select)
    passport_number = forms.CharField(
        label=_("Passport number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    passport_expiry = forms.DateField(
        label=_("Passport valid until"),
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    worker_civil_id = forms.CharField(
        label=_("Worker's resident card number (if they already have one)"),
        required=False,
        max_length=30,
        help_text=_(
            "Text messages to the worker (decisions, a future employer's transfer request) go "
            "only to the mobile the civil registry holds for this number, or to the worker's "
            "own verified account."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
    )
    worker_mobile = forms.CharField(
        label=_("Worker's mobile number (optional, not verified)"),
        required=False,
        max_length=30,
        help_text=_(
            "Kept as a hint for your own records and shown as not verified: the portal never "
            "sends the worker's codes or notices to a number an employer typed."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "off"}),
    )
    worker_language = forms.ChoiceField(
        label=_("Worker's language for text messages"),
        choices=[("en", _("English")), ("ar", _("Arabic"))],
        initial="en",
    )
    occupation_code = forms.CharField(
        label=_("Occupation (ISCO-08 code)"),
        required=False,
        max_length=10,
        help_text=_("The 4-digit code of the occupation's unit group."),
        widget=forms.TextInput(
            attrs={"list": "isco-unit-groups", "inputmode": "numeric", "dir": "ltr"}
        ),
    )
    job_level = forms.CharField(label=_("Job level"), required=False, widget=forms.Select)
    monthly_salary = forms.CharField(
        label=_("Monthly salary (OMR)"),
        required=False,
        max_length=30,
        help_text=SALARY_HELP,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    requested_start = forms.DateField(
        label=_("Start of work"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    passport_copy = forms.FileField(
        label=_("Copy of the passport"),
        help_text=_("The page with the photograph: PDF, JPEG or PNG, 5 MB at most."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Attach a copy of the worker's passport.")},
    )
    contract = forms.FileField(
        label=_("Employment contract (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, 5 MB at most."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    other_documents = MultipleFileField(
        label=_("Other documents (optional)"),
        required=False,
        help_text=_(
            "Qualification or medical certificates, for example. Choose several files at once; "
            "each 5 MB at most."
        ),
    )

    # file field -> the kind each of its documents is stored as
    DOCUMENT_FIELDS: dict[str, str] = {
        "passport_copy": PermitDocument.Kind.PASSPORT,
        "contract": PermitDocument.Kind.CONTRACT,
        "other_documents": PermitDocument.Kind.OTHER,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].widget.choices = nationality_choices()
        self.fields["job_level"].widget.choices = job_level_choices()

    def clean_passport_copy(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["passport_copy"]
        if _too_large(upload):
            raise _size_error(upload)
        return upload

    def clean_contract(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("contract")
        if upload and _too_large(upload):
            raise _size_error(upload)
        return upload

    def clean_other_documents(self) -> list[UploadedFile]:
        uploads: list[UploadedFile] = self.cleaned_data.get("other_documents") or []
        if len(uploads) > MAX_DOCUMENTS_PER_PERMIT - 2:
            raise forms.ValidationError(_("Attach at most 20 documents."))
        errors = [_size_error(upload) for upload in uploads if _too_large(upload)]
        if errors:
            raise forms.ValidationError(errors)
        return uploads

    def uploads(self) -> list[tuple[str, str, UploadedFile]]:
        """(field, document kind, upload) of every file that passed the form's checks."""
        found = []
        for name, kind in self.DOCUMENT_FIELDS.items():
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            for upload in value if isinstance(value, list) else [value]:
                if upload:
                    found.append((name, kind, upload))
        return found


class PermitDocumentForm(forms.Form):
    """One more document for an application waiting for a decision (often one an officer
    asked for)."""

    kind = forms.ChoiceField(label=_("Document"), choices=PermitDocument.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, 5 MB at most."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Choose the file to upload.")},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if _too_large(upload):
            raise _size_error(upload)
        return upload


class PermitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Permit number, passport number or name"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Permit.Status.choices],
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the cancellation.")},
    )


class DataChangeForm(forms.Form):
    """The new job of a valid permit: occupation, job level and monthly salary (the data change
    is refused when none of them changes)."""

    occupation_code = forms.CharField(
        label=_("Occupation (ISCO-08 code)"),
        max_length=10,
        help_text=_("The 4-digit code of the occupation's unit group."),
        widget=forms.TextInput(
            attrs={"list": "isco-unit-groups", "inputmode": "numeric", "dir": "ltr"}
        ),
        error_messages={"required": _("Choose the occupation.")},
    )
    job_level = forms.CharField(label=_("Job level"), widget=forms.Select)
    monthly_salary = forms.CharField(
        label=_("Monthly salary (OMR)"),
        max_length=30,
        help_text=SALARY_HELP,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
        error_messages={"required": _("Enter the monthly salary in rials, for example 350.500.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job_level"].widget.choices = job_level_choices()

    def clean_job_level(self) -> int:
        try:
            level = int(self.cleaned_data.get("job_level") or "")
        except ValueError:
            level = 0
        if not 1 <= level <= 4:
            raise forms.ValidationError(_("Choose a job level from 1 to 4."))
        return level

    def clean_monthly_salary(self) -> Decimal:
        try:
            salary = Decimal(self.cleaned_data["monthly_salary"].strip())
        except (InvalidOperation, ValueError):
            salary = Decimal(0)
        if not salary.is_finite() or salary <= 0:
            raise forms.ValidationError(
                _("Enter the monthly salary in rials, for example 350.500.")
            )
        return salary


class TransferRequestForm(forms.Form):
    """The new employer's request to take over a worker's permit."""

    permit_number = forms.CharField(
        label=_("Permit number"),
        max_length=20,
        help_text=_("As printed on the worker's current permit, such as WP2026000000123."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        error_messages={"required": _("Enter the number of the worker's current permit.")},
    )
    passport_number = forms.CharField(
        label=_("Worker's passport number"),
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        error_messages={"required": _("Enter the worker's passport number.")},
    )
    occupation_code = forms.CharField(
        label=_("New occupation (ISCO-08 code)"),
        required=False,
        max_length=10,
        help_text=_("The 4-digit code of the occupation's unit group."),
        widget=forms.TextInput(
            attrs={"list": "isco-unit-groups", "inputmode": "numeric", "dir": "ltr"}
        ),
    )
    job_level = forms.CharField(label=_("Job level"), required=False, widget=forms.Select)
    monthly_salary = forms.CharField(
        label=_("Monthly salary (OMR)"),
        max_length=30,
        help_text=SALARY_HELP,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
        error_messages={"required": _("Enter the monthly salary in rials, for example 350.500.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job_level"].widget.choices = job_level_choices()

    def clean_job_level(self) -> int:
        try:
            level = int(self.cleaned_data.get("job_level") or "")
        except ValueError:
            level = 0
        if not 1 <= level <= 4:
            raise forms.ValidationError(_("Choose a job level from 1 to 4."))
        return level

    def clean_monthly_salary(self) -> Decimal:
        try:
            return Decimal(self.cleaned_data["monthly_salary"].strip())
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(
                _("Enter the monthly salary in rials, for example 350.500.")
            ) from None
