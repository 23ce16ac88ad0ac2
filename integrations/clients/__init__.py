"""One client per government entity (explicit timeouts, typed errors); `client_for` picks it."""

from __future__ import annotations

from integrations.clients.base import (
    EntityError,
    EntityProtocolError,
    EntityRateLimited,
    EntityTimeout,
    EntityUnavailable,
    HttpEntityClient,
)
from integrations.clients.chamber_of_commerce import ChamberOfCommerceClient
from integrations.clients.commerce_registry import CommerceRegistryClient
from integrations.clients.health_ministry import HealthMinistryClient, HealthOrdersClient
from integrations.clients.passport_directorate import PassportDirectorateClient
from integrations.clients.social_insurance import SocialInsuranceClient
from integrations.clients.wage_protection import WageProtectionClient

CLIENTS: dict[str, type[HttpEntityClient]] = {
    cls.entity: cls
    for cls in (
        CommerceRegistryClient,
        SocialInsuranceClient,
        WageProtectionClient,
        PassportDirectorateClient,
        HealthMinistryClient,
        ChamberOfCommerceClient,
        HealthOrdersClient,
    )
}


def client_for(entity: str) -> HttpEntityClient:
    """A new client of `entity` configured from settings."""
    return CLIENTS[entity]()


__all__ = [
    "CLIENTS",
    "EntityError",
    "EntityProtocolError",
    "EntityRateLimited",
    "EntityTimeout",
    "EntityUnavailable",
    "HttpEntityClient",
    "client_for",
]
