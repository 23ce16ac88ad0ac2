"""Forms of the sync pages: filters (GET) and the control buttons (POST)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.entities import Entity
from integrations.models import RejectedRecord, SyncRun


class SyncRunFilterForm(forms.Form):
    entity = forms.ChoiceField(
        label=_("Entity"), choices=[("", _("All entities")), *Entity.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *SyncRun.Status.choices], required=False
    )


class RejectedFilterForm(forms.Form):
    entity = forms.ChoiceField(
        label=_("Entity"), choices=[("", _("All entities")), *Entity.choices], required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Any reason")), *RejectedRecord.Reason.choices],
        required=False,
    )
    run = forms.IntegerField(label=_("Run"), min_value=1, required=False)


class SyncControlForm(forms.Form):
    entity = forms.ChoiceField(label=_("Entity"), choices=Entity.choices)
    from_start = forms.BooleanField(label=_("Read the whole feed again"), required=False)
