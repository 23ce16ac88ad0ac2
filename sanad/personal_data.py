"""The sections of a person's data that Sanad keeps: the consents they gave centres and the
receipts of what clerks did for them (core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import retention
from core.personal_data import Row, Section, register, rows
from core.retention_purge import update_batch
from sanad.models import Consent, SanadReceipt


def consents_of(person: Any) -> list[Row]:
    consents = Consent.objects.filter(person=person).select_related("centre", "clerk")
    return rows(
        consents.order_by("created_at", "id"),
        ("centre", "clerk", "scopes", "status", "confirmed_at", "expires_at"),
    )


def receipts_of(person: Any) -> list[Row]:
    receipts = SanadReceipt.objects.filter(person=person).select_related("consent__centre")
    return rows(receipts.order_by("created_at", "id"), ("consent", "action", "created_at"))


def register_sections() -> None:
    register(
        Section("sanad_consents", _("Consents given to Sanad centres"), consents_of, model=Consent)
    )
    register(
        Section("sanad_receipts", _("Receipts of Sanad sessions"), receipts_of, model=SanadReceipt)
    )


def _purge_closed_consents(cutoff: Any, batch: int) -> int:
    """A closed consent's typed civil number and code go; the consent stays for its receipts.
    A consent the person complained about is held."""
    from sanad.models import SanadComplaint

    closed = (
        Consent.objects.filter(
            status__in=[Consent.Status.REVOKED, Consent.Status.EXPIRED, Consent.Status.ENDED],
            updated_at__lt=cutoff,
        )
        .exclude(civil_id_entered="")
        .exclude(pk__in=SanadComplaint.objects.values("consent_id"))
    )
    return update_batch(closed, batch, civil_id_entered="", code_hash="")


def register_data_classes() -> None:
    retention.register(
        retention.DataClass(
            "closed_consents",
            _("Closed Sanad consents (the civil number typed, the code)"),
            _purge_closed_consents,
            outcome=retention.ANONYMISED,
            hold=_("a complaint about the session"),
        )
    )
