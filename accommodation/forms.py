"""Forms of the accommodation pages (each works without JavaScript)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accommodation.models import Room
from employers.models import Governorate


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name of the site"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    governorate = forms.ChoiceField(label=_("Governorate"), choices=Governorate.choices)
    licence_number = forms.CharField(label=_("Licence number"), max_length=40)
    licence_valid_until = forms.DateField(
        label=_("Licence valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_licence_valid_until(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["licence_valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The licence has expired: renew it first."))
        return value


class BlockForm(forms.Form):
    name = forms.CharField(label=_("Block"), max_length=40)
    first_room = forms.IntegerField(label=_("First room number"), min_value=1, max_value=99999)
    last_room = forms.IntegerField(label=_("Last room number"), min_value=1, max_value=99999)
    beds = forms.IntegerField(label=_("Beds per room"), min_value=1, max_value=50)


class RoomField(forms.Form):
    """A room named as it is printed: the site's licence number, the block and the room."""

    site_licence = forms.CharField(label=_("Site licence number"), max_length=40)
    block = forms.CharField(label=_("Block"), max_length=40)
    room = forms.CharField(label=_("Room"), max_length=20)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        room = (
            Room.objects.filter(
                block__site__licence_number=str(data["site_licence"]).strip().upper(),
                block__name=str(data["block"]).strip().upper(),
                number=str(data["room"]).strip(),
            )
            .select_related("block__site")
            .first()
        )
        if room is None:
            raise forms.ValidationError(_("No room with this site licence, block and number."))
        data["room_obj"] = room
        return data


class DeclarationForm(RoomField):
    """The employer declares one worker's room."""

    employee = forms.ChoiceField(label=_("Worker"))

    field_order = ["employee", "site_licence", "block", "room"]

    def __init__(self, *args: Any, employees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employees = {str(e.pk): e for e in employees}
        self.fields["employee"].choices = [  # type: ignore[attr-defined]
            (str(e.pk), f"{e.name_en or e.name_ar} ({e.passport_number or '-'})") for e in employees
        ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: passport_number, site_licence, block, room."),
    )


class ResidentForm(forms.Form):
    """The operator confirms a worker in a room of the site, or disputes them."""

    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]


class CheckInForm(forms.Form):
    """The worker's check-in: the phone's own id of it (replays record once) and, for a
    check-in queued offline, when it was scanned."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    at = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class OperatorForm(forms.Form):
    """Ministry staff register an accommodation operator."""

    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    cr_number = forms.CharField(
        label=_("Commercial registration number"), max_length=20, required=False
    )
    representative_civil_id = forms.CharField(
        label=_("Representative's civil or resident number"),
        max_length=10,
        help_text=_("The person who acts for the operator signs in with this number proven."),
    )
    establishment_cr_number = forms.CharField(
        label=_("Establishment operating its own accommodation (CR number)"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for a company that houses other employers' workers."),
    )


class OperatorStatusForm(forms.Form):
    """Suspend (with a reason) or reactivate an operator."""

    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
