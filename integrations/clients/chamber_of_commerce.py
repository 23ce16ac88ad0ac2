"""Client of the chamber of commerce (membership)."""

from __future__ import annotations

from integrations.clients.base import HttpEntityClient
from integrations.entities import Entity


class ChamberOfCommerceClient(HttpEntityClient):
    """The change feed of the chamber of commerce (membership)."""

    entity = Entity.CHAMBER_OF_COMMERCE
