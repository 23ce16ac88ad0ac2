"""The one way a status changes (ADR 0005): lock the row, check the model's `TRANSITIONS`
against the locked row, write the status with its other changes, and append the audit event.

Each app wraps it with its own coarser lock (the establishment), its refusal message and its
side effects; call it inside the transaction of that wrapper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from core.models import AuditEvent
from core.services import audit_record, model_snapshot

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL), named without importing the app above.
    from django.contrib.auth.models import _User as User

M = TypeVar("M", bound=models.Model)


def transition_locked(
    *,
    obj: M,
    to: str,
    actor: User | None,
    action: str,
    refuse: Callable[[M], Exception],
    snapshot_fields: Iterable[str] = ("status",),
    changes: Mapping[str, object] | None = None,
    note: str = "",
    actor_label: str = "",
    validate: bool = False,
) -> tuple[M, AuditEvent]:
    """Move `obj` to status `to` and audit it as `action`; returns the locked, saved row and its
    event. Raises `refuse(locked_row)` (nothing written) when `TRANSITIONS` does not allow it."""
    model: Any = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if to not in model.TRANSITIONS.get(locked.status, frozenset()):
        raise refuse(locked)
    fields = list(snapshot_fields)
    before = model_snapshot(locked, fields)
    locked.status = to
    updated = {"status", "updated_at"}
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
        updated.add(name)
    if validate:
        locked.full_clean()
    locked.save(update_fields=sorted(updated))
    after = model_snapshot(locked, fields)
    if note:
        after["note"] = note
    event = audit_record(
        actor=actor,
        action=action,
        obj=locked,
        before=before,
        after=after,
        actor_label=actor_label,
    )
    return locked, event
