"""Forms of the worker status pages (each works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ScanForm(forms.Form):
    """The scanner: the text a QR reader typed (the token or the link it holds), or a permit
    number typed by hand; and where the check happens."""

    token = forms.CharField(
        label=_("QR code (scanned)"),
        required=False,
        max_length=300,
        help_text=_("A QR reader that types what it reads fills this field."),
    )
    permit_number = forms.CharField(label=_("or the permit number"), required=False, max_length=20)
    place = forms.CharField(label=_("Where you check (worksite or gate)"), max_length=120)

    def clean_token(self) -> str:
        value = str(self.cleaned_data.get("token") or "").strip()
        if "t=" in value:  # the whole link of the QR
            value = value.split("t=", 1)[1].split("&", 1)[0]
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("token") and not str(data.get("permit_number") or "").strip():
            raise forms.ValidationError(_("Scan the worker's QR code or enter the permit number."))
        data["permit_number"] = str(data.get("permit_number") or "").strip().upper()
        return data


class FindingForm(forms.Form):
    """An inspector reports the red worker just checked."""

    scan_id = forms.IntegerField(widget=forms.HiddenInput)
    place = forms.CharField(label=_("Worksite"), max_length=120)
    note = forms.CharField(
        label=_("What you saw"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeclarationForm(forms.Form):
    """The employer declares where a worker lives and works."""

    address = forms.CharField(label=_("Accommodation address"), max_length=300)
    worksite = forms.CharField(label=_("Worksite code"), max_length=40, required=False)
