"""Forms of the platform core (validation only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def form_add_service_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto the form that submitted the data: each message on the
    field it names when the form has that field, otherwise above the form (the error summary).
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class AuditTrailFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=100)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    actor = forms.CharField(label=_("Actor username"), required=False, max_length=150)
    request_id = forms.CharField(label=_("Request id"), required=False, max_length=64)
