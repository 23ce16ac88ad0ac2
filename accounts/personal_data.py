"""The sections of a person's data that the accounts and the platform core keep: the account
itself and the audit events about the person (core.personal_data)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import retention
from core.audit_actions import action_label
from core.models import AuditEvent
from core.personal_data import Row, Section, register, rows
from core.retention_purge import delete_batch
from core.services import audit_record, json_safe, model_snapshot
from taxonomy.text import name_problem

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
            "occurred_at": json_safe(event.occurred_at),
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


# --- retention (core.retention) ----------------------------------------------------------------


def _purge_sms_codes(cutoff: Any, batch: int) -> int:
    from accounts.models import SmsCode

    return delete_batch(SmsCode.objects.filter(created_at__lt=cutoff), batch)


def _purge_refused_attempts(cutoff: Any, batch: int) -> int:
    from accounts.models import RefusedAttempt

    return delete_batch(RefusedAttempt.objects.filter(minute__lt=cutoff), batch)


def _purge_data_exports(cutoff: Any, batch: int) -> int:
    from accounts.models import DataExport
    from core.private_files import private_file_path

    old = list(DataExport.objects.filter(created_at__lt=cutoff).order_by("pk")[:batch])
    for export in old:
        for relative in (export.json_path, export.pdf_path):
            if relative:
                private_file_path(relative).unlink(missing_ok=True)
    DataExport.objects.filter(pk__in=[e.pk for e in old]).delete()
    return len(old)


def register_data_classes() -> None:
    retention.register(
        retention.DataClass(
            "sms_codes", _("One-time SMS codes and their numbers"), _purge_sms_codes
        )
    )
    retention.register(
        retention.DataClass(
            "refused_attempts", _("Counts of refused anonymous attempts"), _purge_refused_attempts
        )
    )
    retention.register(
        retention.DataClass("data_exports", _("Copies of a person's data"), _purge_data_exports)
    )
    retention.register(
        retention.DataClass(
            "closed_account_audit",
            _("Personal fields of the audit events of closed accounts"),
            _purge_closed_account_audit,
            outcome=retention.ANONYMISED,
        )
    )


# --- corrections (core.personal_data.Correctable) ----------------------------------------------


def _name_apply(field: str) -> Any:
    def apply(person: User, value: str, actor: User) -> None:
        locked = User.objects.select_for_update().get(pk=person.pk)
        before = model_snapshot(locked, [field])
        setattr(locked, field, value)
        locked.save(update_fields=[field])
        audit_record(
            actor=actor,
            action="accounts.name_corrected",
            obj=locked,
            subject=locked,
            before=before,
            after=model_snapshot(locked, [field]),
        )

    return apply


def register_correctable_fields() -> None:
    from core.personal_data import Correctable, register_correctable

    register_correctable(
        Correctable(
            "account_name_ar",
            _("your name in Arabic on your account"),
            lambda person: person.full_name_ar,
            _name_apply("full_name_ar"),
            partial(name_problem, language="ar"),
        )
    )
    register_correctable(
        Correctable(
            "account_name_en",
            _("your name in English on your account"),
            lambda person: person.full_name_en,
            _name_apply("full_name_en"),
            partial(name_problem, language="en"),
        )
    )


def _purge_closed_account_audit(cutoff: Any, batch: int) -> int:
    """The audit events of accounts closed (inactive) since before `cutoff`: their personal
    fields pseudonymised by the database procedure; the events themselves are kept."""
    from django.db.models import Exists, OuterRef

    from core.retention import audit_pseudonymise

    pending = AuditEvent.objects.filter(
        Q(subject=OuterRef("pk")) | Q(actor=OuterRef("pk")) | Q(on_behalf_of=OuterRef("pk"))
    ).exclude(object_repr__startswith="pseudonymised:")
    closed = (
        User.objects.filter(is_active=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .filter(Exists(pending))
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    people = list(closed)
    for person_id in people:
        audit_pseudonymise(person_id=person_id)
    return len(people)
