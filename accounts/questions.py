"""What accounts asks of the apps above it (ADR 0018), answered from their AppConfig.ready().

- `holds_establishment_membership` (employers) and `holds_centre_membership` (sanad): the
  memberships behind the representative and clerk capacities (accounts.capacities).
- `represented_establishments` (employers): the establishments on a representative's home page.
- `civil_registry_person` (integrations): the civil registry's record of a civil or resident
  number (accounts.registry), raising RegistryLookupError when the registry cannot answer now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from accounts.models import User
from core.questions import Question


class MembershipHeld(Protocol):
    def __call__(self, *, user: User) -> bool: ...


class RepresentedEstablishments(Protocol):
    def __call__(self, *, user: User) -> Iterable[object]: ...


class RegistryLookup(Protocol):
    def __call__(self, *, civil_id: str) -> Mapping[str, object] | None: ...


class RegistryLookupError(Exception):
    """The civil registry could not give a usable answer now (outage, timeout, bad answer)."""


holds_establishment_membership = Question[MembershipHeld](
    "accounts: does this person hold an active membership of an establishment?"
)
holds_centre_membership = Question[MembershipHeld](
    "accounts: does this person hold an active membership of a Sanad centre?"
)
represented_establishments = Question[RepresentedEstablishments](
    "accounts: the establishments a representative acts for, with their headcount"
)
civil_registry_person = Question[RegistryLookup](
    "accounts: what the civil registry holds for a civil or resident number"
)
