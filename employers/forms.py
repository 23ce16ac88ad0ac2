"""Forms of the employers app (validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Establishment, Governorate


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
