"""Client of the health ministry (medical fitness results)."""

from __future__ import annotations

from integrations.clients.base import HttpEntityClient
from integrations.entities import Entity


class HealthMinistryClient(HttpEntityClient):
    """The change feed of the health ministry (medical fitness results)."""

    entity = Entity.HEALTH_MINISTRY
