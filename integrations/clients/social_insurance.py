"""Client of social insurance (insured employees and their salary by month)."""

from __future__ import annotations

from integrations.clients.base import HttpEntityClient
from integrations.entities import Entity


class SocialInsuranceClient(HttpEntityClient):
    """The change feed of social insurance (insured employees and their salary by month)."""

    entity = Entity.SOCIAL_INSURANCE
