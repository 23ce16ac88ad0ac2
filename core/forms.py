"""Forms of the platform core (validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditTrailFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=100)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    actor = forms.CharField(label=_("Actor username"), required=False, max_length=150)
    request_id = forms.CharField(label=_("Request id"), required=False, max_length=64)
