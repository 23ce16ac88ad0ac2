"""The section of a person's data that the SMS ledger keeps: the messages sent to them, as the
ledger shows them (codes masked), with their delivery (core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.personal_data import Row, Section, register, rows
from notifications.models import SmsMessage


def messages_to(person: Any) -> list[Row]:
    sent = SmsMessage.objects.filter(recipient=person).select_related("template")
    return rows(
        sent.order_by("created_at", "id"),
        (
            "template",
            "to_number",
            "rendered_text",
            "status",
            "created_at",
            "sent_at",
            "delivered_at",
        ),
    )


def register_sections() -> None:
    register(Section("sms", _("Text messages sent to you"), messages_to, model=SmsMessage))
