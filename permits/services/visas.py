"""Visas recorded against a permit by the passport and residence directorate."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from permits.models import Permit, PermitVisa
from permits.services.lifecycle import PermitError


@dataclass(frozen=True)
class VisaRecorded:
    visa: PermitVisa
    created: bool


def permit_visa_record(
    *,
    permit: Permit,
    recorded_by: User,
    visa_number: str,
    issued_on: datetime.date,
    expires_on: datetime.date,
    entry_status: str = "issued",
    entered_on: datetime.date | None = None,
) -> VisaRecorded:
    """Record (or update) a visa against an approved or valid permit. Sending the same visa
    again changes nothing; a visa number already recorded for another permit is refused."""
    visa_number = (visa_number or "").strip().upper()
    if not visa_number:
        raise PermitError(_("Enter the visa number."))
    if expires_on < issued_on:
        raise PermitError(_("The visa's expiry date is before its issue date."))
    if entry_status not in {"issued", "entered", "cancelled"}:
        raise PermitError(_("Unknown entry status."))
    if entry_status == "entered" and entered_on is None:
        raise PermitError(_("Give the date of entry."))
    if entered_on is not None and entered_on < issued_on:
        raise PermitError(_("The date of entry is before the visa was issued."))
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        if locked.status not in Permit.HELD | {Permit.Status.APPROVED}:
            raise PermitError(
                _("Permit %(number)s is %(status)s: no visa can be recorded against it.")
                % {"number": locked.number, "status": locked.get_status_display()}
            )
        existing = PermitVisa.objects.select_for_update().filter(visa_number=visa_number).first()
        values = {
            "issued_on": issued_on,
            "expires_on": expires_on,
            "entry_status": entry_status,
            "entered_on": entered_on,
        }
        if existing is not None:
            if existing.permit_id != locked.pk:
                raise PermitError(_("This visa number is recorded against another permit."))
            if all(getattr(existing, k) == v for k, v in values.items()):
                return VisaRecorded(existing, False)
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save(update_fields=[*values, "updated_at"])
            visa, created = existing, False
        else:
            visa = PermitVisa.objects.create(
                permit=locked, visa_number=visa_number, recorded_by=recorded_by, **values
            )
            created = True
        audit_record(
            actor=recorded_by,
            action="permits.visa_recorded",
            obj=locked,
            after={"visa_number": visa_number, **values},
        )
    return VisaRecorded(visa, created)
