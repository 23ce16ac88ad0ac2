"""Client of the passport and residence directorate."""

from __future__ import annotations

from integrations.clients.base import HttpEntityClient
from integrations.entities import Entity


class PassportDirectorateClient(HttpEntityClient):
    """The change feed of the passport and residence directorate: visa applications,
    clearances, arrivals and departures."""

    entity = Entity.PASSPORT_DIRECTORATE
