"""What the current request knows about itself, for code far from the view (services, audit).

The request middleware sets these; Celery tasks and management commands leave them empty.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
ip_address_var: ContextVar[str | None] = ContextVar("ip_address", default=None)
# Set by Sanad delegation while a clerk acts for a person: the person's user id.
on_behalf_of_id_var: ContextVar[int | None] = ContextVar("on_behalf_of_id", default=None)


@dataclass(frozen=True)
class Delegation:
    """A Sanad clerk acting for a person in this request (ADR 0015).

    Views see the person as `request.user`, so services are called with `actor=person`;
    `core.services.audit_record` turns that into actor=`clerk`, on_behalf_of=person, labels it
    `label` ("clerk X, Sanad centre Y") and calls `on_event` with the new event (the receipt).
    """

    clerk: Any
    person_id: int
    label: str
    on_event: Callable[[Any], None] | None = None


delegation_var: ContextVar[Delegation | None] = ContextVar("delegation", default=None)
