"""An in-process civil registry for tests that do not start the stub entities.

It answers for `integrations.clients.civil_registry.civil_registry_person` as the stub registry
does (integrations.stubs.people: every 8-digit number not beginning with 99 is a person whose
registry mobile is "+9689" and the number's last 7 digits; 99xxxxxx belong to nobody), with
per-number changes and an outage switch. Tests that want the real stub over loopback use the
`stub` fixture instead, and this one steps aside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from integrations.clients.base import EntityUnavailable
from integrations.stubs.people import person_for


@dataclass
class FakeRegistry:
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    down: bool = False
    asked: list[str] = field(default_factory=list)

    def person(self, number: str) -> dict[str, Any] | None:
        self.asked.append(number)
        if self.down:
            raise EntityUnavailable("civil_registry", "down for this test")
        person = person_for(number)
        if person is None:
            return None
        return {**person.as_record(), **self.changes.get(number, {})}

    def set_mobile(self, number: str, mobile: str) -> None:
        """The registry holds `mobile` for `number` from now on ("" for none)."""
        self.changes.setdefault(number, {})["mobile"] = mobile


def registry_mobile_of(number: str) -> str:
    """The mobile the stub registry holds for `number` (a person's)."""
    person = person_for(number)
    assert person is not None, f"{number} belongs to nobody"
    return person.mobile


def install(request: Any, monkeypatch: Any) -> FakeRegistry | None:
    """Answer registry lookups in process, unless the test runs the real stub (`stub`)."""
    if "stub" in request.fixturenames:
        return None
    import integrations.clients.civil_registry as client

    registry = FakeRegistry()
    monkeypatch.setattr(client, "civil_registry_person", registry.person)
    return registry
