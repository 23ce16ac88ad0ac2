"""Forms of the ministry's permit pages: the queue filter and the case actions. They check the
shape of what was posted; the services decide whether the action is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from permits.models import Permit, PermitDocument
from permits.selectors import QueueFilter, officers_for_assignment
from permits.services import CHECK_CODES, check_labels

# The statuses the queue lists (the selector's default is all of them).
QUEUE_STATUSES = (
    Permit.Status.SUBMITTED,
    Permit.Status.UNDER_REVIEW,
    Permit.Status.DOCUMENTS_REQUESTED,
)
NOTE_MAX_LENGTH = 2000


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Me")), ("none", _("Not assigned"))],
    )
    failed_check = forms.ChoiceField(label=_("Failed check"), required=False)
    cr_number = forms.CharField(label=_("CR number"), required=False, max_length=20)
    occupation_code = forms.RegexField(
        label=_("Occupation code"),
        required=False,
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Enter the 4-digit ISCO-08 code, for example 7411.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = forms.DateField(
        label=_("Submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    awaiting_second_approver = forms.BooleanField(
        label=_("Only exceptions awaiting a second approver"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request, so that the labels are in the reader's language.
        statuses = [(status.value, status.label) for status in QUEUE_STATUSES]
        labels = check_labels()
        self.fields["status"].choices = [("", _("Every status in the queue")), *statuses]  # type: ignore[attr-defined]
        self.fields["failed_check"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *((code, labels[code]) for code in CHECK_CODES),
        ]
        self.fields["kind"].choices = [("", _("Every kind")), *Permit.Kind.choices]  # type: ignore[attr-defined]

    def clean_cr_number(self) -> str:
        return str(self.cleaned_data["cr_number"]).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            self.add_error(
                "submitted_to",
                _("The end of the period must be on or after its start."),
            )
        return cleaned

    def queue_filter(self) -> QueueFilter:
        """The filter for the selector; call after `is_valid()` returned True."""
        data = self.cleaned_data
        return QueueFilter(
            status=data.get("status") or "",
            assigned=data.get("assigned") or "",
            failed_check=data.get("failed_check") or "",
            cr_number=data.get("cr_number") or "",
            occupation_code=data.get("occupation_code") or "",
            kind=data.get("kind") or "",
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
            awaiting_second_approver=bool(data.get("awaiting_second_approver")),
        )


class AssignForm(forms.Form):
    """Assign the case to an officer or approver; the "assign to me" button posts `to_me`."""

    officer = forms.ModelChoiceField(
        label=_("Officer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose an officer"),
    )
    to_me = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["officer"].queryset = officers_for_assignment()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("to_me"):
            cleaned["officer"] = self.user
        elif not cleaned.get("officer") and "officer" not in self.errors:
            self.add_error("officer", _("Choose who takes the case."))
        return cleaned


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[("", _("Choose a document")), *PermitDocument.Kind.choices],
        error_messages={"required": _("Choose which document is needed.")},
    )
    note = forms.CharField(
        label=_("What the employer must provide"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what the employer must provide.")},
    )


class RecommendForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose approve or reject.")},
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for your recommendation.")},
    )


class DecisionForm(forms.Form):
    """The approver's decision; the button pressed posts `decision`."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        error_messages={"required": _("Choose approve or reject.")},
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision.")},
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the suspension"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the suspension.")},
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the reinstatement"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the reinstatement.")},
    )
