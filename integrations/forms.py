"""Forms of the sync pages: filters (GET) and the control buttons (POST)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.entities import Entity
from integrations.models import DataQualityCase, RejectedRecord, SyncRun


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


class CaseFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *DataQualityCase.Kind.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *DataQualityCase.Status.choices],
        required=False,
    )
    entity = forms.ChoiceField(
        label=_("Entity"), choices=[("", _("All entities")), *Entity.choices], required=False
    )
    cr_number = forms.RegexField(
        label=_("CR number"), regex=r"^\d{7,10}$", max_length=10, required=False
    )


class CaseResolveForm(forms.Form):
    """One of the resolutions a case offers (the buttons of the case page) and a note."""

    ACTIONS = (
        ("accept_source", _("Accept the entity's value")),
        ("keep_portal", _("Keep the portal's value")),
        ("merge_portal", _("Merge, keeping the first record")),
        ("merge_other", _("Merge, keeping the second record")),
        ("dismiss", _("Dismiss")),
    )

    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS)
    note = forms.CharField(
        label=_("Reason or note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to keep the portal's value or to dismiss."),
    )
