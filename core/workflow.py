"""The workflow kernel (ADR 0019): the only code that writes a model's `status`.

Every model with a `status` field declares, on the model:

    class Status(models.TextChoices): ...            # its states, with their labels
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]]  # state -> the states it may move to
    TONES: ClassVar[dict[str, str]] = {...}           # optional: state -> badge tone
    DEFAULT_TONE = "warning"                          # optional: the tone of the other states
    OPEN = frozenset({...})                           # optional named sets, used by selectors

and changes status only through this module:

- `transition_locked(...)` (core.transitions): lock the row, check, write, audit. The default
  for a person's act.
- `advance(obj, to)`: check and set the status of a row the caller has already locked with
  `select_for_update()` and is about to save with its other fields (the SMS relay's batches, the
  runs' progress, a service that locks the establishment first). Audit stays the caller's.
  `save_advanced(objs, fields)` writes a batch of such rows in one bulk UPDATE.
- `advance_bulk(queryset, to)`: one UPDATE restricted to the states that may move to `to` (the
  sweeps, stale runs); returns how many rows moved.

Creating a row in a state is not a transition. A model whose `status` is a copy of another
system's value or a computed result, not a workflow, is listed in `NOT_WORKFLOWS` with why.
`tests/test_workflow.py` walks every model and the source tree to keep all of this so.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

# Models whose `status` is not a workflow of ours, with the reason (app_label.ModelName).
NOT_WORKFLOWS: dict[str, str] = {
    "integrations.RegistryEstablishment": "a copy of the commerce registry's value",
    "integrations.PassportEvent": "a copy of the passport directorate's value",
    "integrations.ChamberMembership": "a copy of the chamber of commerce's value",
    "integrations.HealthOrder": "a copy of the health ministry's value",
    "lmi.Release": "set once when a dataset is built (released or withheld), never moved",
    "omanization.EstablishmentCompliance": "computed by the national recompute, not moved",
}

# Badge tones by state name, for states a model does not give a tone of its own (TONES).
DEFAULT_TONES: dict[str, str] = {
    **dict.fromkeys(
        [
            "active",
            "approved",
            "published",
            "completed",
            "finished",
            "succeeded",
            "sent",
            "delivered",
            "accepted",
            "in_force",
            "upheld",
            "confirmed",
            "hired",
            "open",
        ],
        "success",
    ),
    **dict.fromkeys(
        [
            "rejected",
            "refused",
            "failed",
            "declined",
            "undelivered",
            "suspended",
            "revoked",
            "cancelled",
            "withdrawn",
            "closed",
            "expired",
            "no_number",
        ],
        "danger",
    ),
    **dict.fromkeys(
        [
            "submitted",
            "under_review",
            "documents_requested",
            "pending",
            "awaiting",
            "queued",
            "running",
            "sending",
            "created",
            "draft",
            "objected",
            "applied",
        ],
        "warning",
    ),
}


class TransitionNotAllowed(Exception):  # noqa: N818 - the name says what happened
    """A status change the model's TRANSITIONS table does not allow (a programming error or a
    race the caller did not check for: services refuse with their own ApplicationError first)."""

    def __init__(self, model: type[models.Model], from_state: str, to: str) -> None:
        super().__init__(f"{model.__name__}: {from_state!r} may not move to {to!r}")
        self.model, self.from_state, self.to = model, from_state, to


def is_workflow(model: type[models.Model]) -> bool:
    """Whether `model` has a status that the kernel moves (not a copy or a computed value)."""
    try:
        model._meta.get_field("status")
    except Exception:
        return False
    return model._meta.label not in NOT_WORKFLOWS


def transitions_of(model: type[models.Model]) -> dict[str, frozenset[str]]:
    table = getattr(model, "TRANSITIONS", None)
    if table is None:
        raise TypeError(f"{model.__name__} has a status but no TRANSITIONS table")
    return table


def may_move(model: type[models.Model], from_state: str, to: str) -> bool:
    return to in transitions_of(model).get(from_state, frozenset())


def advance(obj: Any, to: str) -> None:
    """Set `obj.status` to `to` if its model allows it from the current status; raise
    TransitionNotAllowed (nothing changed) otherwise. The caller holds the row lock and saves.
    Moving to the state it is already in is not a transition and is refused too, unless the
    table says a state may repeat."""
    model = type(obj)
    if not may_move(model, obj.status, to):
        raise TransitionNotAllowed(model, obj.status, to)
    obj.status = to


def advance_bulk(
    queryset: models.QuerySet[Any], to: str, *, also: dict[str, object] | None = None
) -> int:
    """Move every row of `queryset` whose state may move to `to`, in one UPDATE (rows in other
    states are left alone); `also` sets other fields in the same statement. Returns the count.
    The caller audits (in bulk, or through the model's own event rows)."""
    model = queryset.model
    sources = [state for state, targets in transitions_of(model).items() if to in targets]
    changes: dict[str, object] = {"status": to, **(also or {})}
    if has_updated_at(model) and "updated_at" not in changes:
        changes["updated_at"] = timezone.now()
    return queryset.filter(status__in=sources).update(**changes)


def has_updated_at(model: type[models.Model]) -> bool:
    """Whether `model` keeps an `updated_at` that a bulk UPDATE must set itself."""
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)


def save_advanced(objs: list[Any], fields: list[str]) -> None:
    """Save the status that `advance` set on each of `objs` (rows the caller locked), with
    `fields`, in one bulk UPDATE: the relay's batches keep their throughput."""
    if objs:
        type(objs[0]).objects.bulk_update(objs, ["status", *fields])


def tone_of(obj: Any) -> str:
    """The badge tone of `obj`'s status: the model's TONES, else the default by state name."""
    model = type(obj)
    tones = getattr(model, "TONES", {})
    default = getattr(model, "DEFAULT_TONE", None)
    return tones.get(obj.status) or default or DEFAULT_TONES.get(obj.status, "secondary")
