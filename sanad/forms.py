"""Input of the Sanad pages (validation only; services decide)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Governorate
from sanad.models import CentreMembership, Scope, ServiceCentre
from sanad.scopes import ESTABLISHMENT_SCOPES


class ConsentRequestForm(forms.Form):
    civil_id = forms.RegexField(
        label=_("Civil or resident card number of the person in front of you"),
        regex=r"^\d{6,12}$",
        error_messages={"invalid": _("Enter the civil ID number: 6 to 12 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Services the person lets you use"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one of the listed services.")},
    )
    cr_number = forms.CharField(
        label=_("Commercial registration number (for employer services)"),
        max_length=20,
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if ESTABLISHMENT_SCOPES & set(data.get("scopes") or []) and not data.get("cr_number"):
            self.add_error(
                "cr_number", _("Enter the commercial registration number of the establishment.")
            )
        return data


class ConsentCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code the person read from the SMS"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class FeeForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (RO)"), max_digits=8, decimal_places=3, min_value=Decimal("0.001")
    )
    description = forms.CharField(label=_("For"), max_length=200)
    receipt_number = forms.CharField(
        label=_("Centre receipt number"), max_length=40, required=False
    )


class CentreForm(forms.ModelForm):
    class Meta:
        model = ServiceCentre
        fields = ["licence_number", "name_ar", "name_en", "governorate"]

    governorate = forms.ChoiceField(label=_("governorate"), choices=Governorate.choices)


class ClerkAddForm(forms.Form):
    username = forms.CharField(label=_("Clerk's user name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"), choices=CentreMembership.Role.choices, initial=CentreMembership.Role.CLERK
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ComplaintForm(forms.Form):
    text = forms.CharField(
        label=_("What went wrong"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
