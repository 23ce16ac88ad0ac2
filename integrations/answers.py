"""integrations' answers to the questions of the apps below it (ADR 0018), given from
IntegrationsConfig.ready()."""

from __future__ import annotations

from accounts.questions import RegistryLookupError
from integrations.clients import civil_registry
from integrations.clients.base import EntityError
from integrations.clients.civil_registry import RegistryAnswer


def civil_registry_person(*, civil_id: str) -> RegistryAnswer | None:
    """accounts.questions.civil_registry_person: the registry's record of `civil_id`, asked now
    (None: the number belongs to nobody). Raises RegistryLookupError when the registry cannot
    give a usable answer (any EntityError)."""
    try:
        # read from the module at each call, so a test may stand in for the registry client
        return civil_registry.civil_registry_person(civil_id)
    except EntityError as error:
        raise RegistryLookupError(str(error)) from error
