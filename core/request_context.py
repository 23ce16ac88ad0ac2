"""What the current request knows about itself, for code far from the view (services, audit).

The request middleware sets these; Celery tasks and management commands leave them empty.
"""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
ip_address_var: ContextVar[str | None] = ContextVar("ip_address", default=None)
# Set by Sanad delegation (a later issue) while a clerk acts for a person: the person's user id.
on_behalf_of_id_var: ContextVar[int | None] = ContextVar("on_behalf_of_id", default=None)
