"""Client of the central bank's wage protection system (salary file lines: paid, late, unpaid)."""

from __future__ import annotations

from integrations.clients.base import HttpEntityClient
from integrations.entities import Entity


class WageProtectionClient(HttpEntityClient):
    """The change feed of the central bank's wage protection system: salary file lines,
    paid, late or unpaid."""

    entity = Entity.WAGE_PROTECTION
