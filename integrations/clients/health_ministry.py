"""Clients of the health ministry: medical fitness results, and health orders (isolation, sick
leave, a test due) with their validity."""

from __future__ import annotations

from integrations.clients.base import HttpEntityClient
from integrations.entities import Entity


class HealthMinistryClient(HttpEntityClient):
    """The change feed of the health ministry (medical fitness results)."""

    entity = Entity.HEALTH_MINISTRY


class HealthOrdersClient(HttpEntityClient):
    """The change feed of the health ministry's health orders on foreign workers."""

    entity = Entity.HEALTH_ORDERS
