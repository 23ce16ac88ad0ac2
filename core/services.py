"""Writes of the platform core: the audit trail."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import models

from core.models import AuditEvent
from core.request_context import (
    delegation_var,
    ip_address_var,
    on_behalf_of_id_var,
    request_id_var,
)

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL), named without importing the app above.
    from django.contrib.auth.models import _User as User


def json_safe(value: Any) -> Any:
    """`value` as JSON holds it: dates as ISO text, decimals as text, a row as its key."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def model_snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `obj` as JSON-safe values (foreign keys as their ids)."""
    snapshot: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        snapshot[name] = json_safe(getattr(obj, attname))
    return snapshot


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    subject: User | None = None,
    on_behalf_of: User | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one audit event. Call it inside the transaction of the change it records.

    Request id, client address and the delegated person (Sanad) come from the request context
    unless given. In a Sanad delegated request (ADR 0015) the views act as the person, so an
    event whose actor is that person is recorded with the clerk as actor and the person as
    on_behalf_of, and the delegation's receipt hook is called with it. Returns the new event;
    never updates an existing one.
    """
    behalf_id = on_behalf_of.pk if on_behalf_of is not None else on_behalf_of_id_var.get()
    label = actor_label
    delegation = delegation_var.get()
    if delegation is not None and not (
        actor is not None and actor.is_authenticated and actor.pk == delegation.person_id
    ):
        delegation = None  # not the delegating person's act: recorded as it is
    if delegation is not None:
        actor = delegation.clerk
        behalf_id = delegation.person_id
        label = delegation.label
    if not label and actor is not None and actor.is_authenticated:
        label = actor.get_username()
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=label[:200],
        on_behalf_of_id=behalf_id,
        subject=subject,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=json_safe(before) if before is not None else None,
        after=json_safe(after) if after is not None else None,
        request_id=request_id_var.get(),
        ip_address=ip_address_var.get(),
    )
    if delegation is not None and delegation.on_event is not None:
        delegation.on_event(event)
    return event


def audit_record_select(
    *,
    action: str,
    object_type: str,
    rows_sql: str,
    params: Iterable[Any] = (),
    ctes: str = "",
    cte_params: Iterable[Any] = (),
    actor_label: str = "portal",
) -> int:
    """Append one audit event per row of `rows_sql`, in one INSERT ... SELECT: what a set-based
    write of many rows records (a system actor's events, as `audit_record` writes them with
    `actor=None` and `actor_label`; the request id and client address from the request
    context). `rows_sql` yields `object_id`, `object_repr`, `before` and `after` (jsonb or NULL)
    of each row changed. `ctes` (the text after WITH, its values `cte_params`) may hold the
    change itself (an UPDATE ... RETURNING), so that the rows and their events are written by
    one statement. Call it inside the transaction of the change. Returns the events written;
    never updates an existing one."""
    from django.db import connection

    sql = f"""
        {"WITH " + ctes if ctes else ""}
        INSERT INTO {AuditEvent._meta.db_table}
            (occurred_at, actor_id, actor_label, on_behalf_of_id, subject_id, action,
             object_type, object_id, object_repr, before, after, request_id, ip_address)
        SELECT now(), NULL, %s, NULL, NULL, %s, %s, left(r.object_id::text, 64),
               left(r.object_repr::text, 300), r.before, r.after, %s, %s
        FROM ({rows_sql}) r
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                *cte_params,
                actor_label[:200],
                action,
                object_type,
                request_id_var.get(),
                ip_address_var.get(),
                *params,
            ],
        )
        return int(cursor.rowcount)
