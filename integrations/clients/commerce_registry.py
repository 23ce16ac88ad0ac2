"""Client of the commerce registry (establishments, their activity and status)."""

from __future__ import annotations

from integrations.clients.base import HttpEntityClient
from integrations.entities import Entity


class CommerceRegistryClient(HttpEntityClient):
    """The change feed of the commerce registry (establishments, their activity and status)."""

    entity = Entity.COMMERCE_REGISTRY
