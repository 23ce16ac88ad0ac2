"""The sections of a person's data that the accounts and the platform core keep: the account
itself and the audit events about the person (core.personal_data)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit_actions import action_label
from core.models import AuditEvent
from core.personal_data import Row, Section, plain, register, rows

ACCOUNT_FIELDS = (
    "username",
    "full_name_ar",
    "full_name_en",
    "civil_id",
    "mobile",
    "email",
    "role",
    "preferred_language",
    "date_joined",
    "last_login",
    "mobile_verified_at",
    "identity_proven_at",
    "identity_proof_method",
    "sms_alerts_opt_out",
)


def account_of(person: User) -> list[Row]:
    return rows([person], ACCOUNT_FIELDS)


def audit_events_about(person: User) -> list[Row]:
    """What was done about the person or on their behalf, and what they did, as the trail
    recorded it (the action's name, when, by whom, on what)."""
    events = (
        AuditEvent.objects.filter(Q(subject=person) | Q(on_behalf_of=person) | Q(actor=person))
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
    return [
        {
            "occurred_at": plain(event.occurred_at),
            "action": event.action,
            "what": str(action_label(event.action)),
            "by": event.actor.display_name if event.actor else event.actor_label,
            "object": event.object_repr,
        }
        for event in events.iterator(chunk_size=500)
    ]


def register_sections() -> None:
    register(Section("account", _("Your account"), account_of, model=User))
    register(Section("audit", _("What the portal recorded about you"), audit_events_about))
