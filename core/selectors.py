"""Reads of the platform core: the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model, Q, QuerySet

from core.models import AuditEvent

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL), named without importing the app above.
    from django.contrib.auth.models import _User as User


def audit_events_concerning(*, person: User) -> QuerySet[AuditEvent]:
    """Events a person may see about themselves: done by them, for them, or about them."""
    return (
        AuditEvent.objects.filter(Q(actor=person) | Q(on_behalf_of=person) | Q(subject=person))
        .select_related("actor", "on_behalf_of")
        .order_by("-occurred_at", "-id")
    )


def audit_events_for_object(*, obj: Model) -> QuerySet[AuditEvent]:
    """One object's history (its audit events), oldest first: the history panel of a case,
    permit, contract or violation page. The caller has already scoped `obj` to the reader."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("occurred_at", "id")


def audit_events_all(
    *,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    actor_username: str = "",
    request_id: str = "",
) -> QuerySet[AuditEvent]:
    """The whole trail, filtered, for ministry staff who review it. Crosses every tenant."""
    events = AuditEvent.objects.select_related("actor", "on_behalf_of", "subject")
    if action:
        events = events.filter(action__startswith=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if actor_username:
        events = events.filter(actor__username=actor_username)
    if request_id:
        events = events.filter(request_id=request_id)
    return events.order_by("-occurred_at", "-id")
