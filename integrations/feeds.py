"""What synchronised records change elsewhere in the portal, through those apps' services.

Called by the sync inside the transaction of the page that changed the records, so an effect
happens if and only if its page committed; both services called here are idempotent, so a page
replayed after a crash repeats nothing.

- Commerce registry: every new registration becomes an establishment and a changed one is
  updated, with its owners and signatories (`employers.registry.establishments_sync`; an owner
  the registry dropped loses administration). An establishment the registry reports suspended
  or closed takes that status (`employers.services.establishment_status_set`; closed is
  terminal) and is barred from new work permits (`employers.services.establishment_bar`); one
  struck off also ends its memberships and open vacancies
  (`employers.registry.establishment_struck_off`). A registry status of active lifts nothing:
  lifting a suspension or a bar stays a staff decision.
- Chamber of commerce: each establishment shows its membership, valid or expired.
- Passport directorate: a departure ends the worker's contract and held permit
  (`employment.services.departures.departure_record`), reported by the directorate's service
  account.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation

from accounts.models import User
from integrations.models import ChamberMembership, PassportEvent, RegistryEstablishment

logger = logging.getLogger(__name__)

SERVICE_ACCOUNT = "sync-passport-directorate"


def _service_account() -> User:
    """The account the directorate's synchronised departures are recorded under."""
    from accounts.services import user_create

    existing = User.objects.filter(username=SERVICE_ACCOUNT).first()
    if existing is not None:
        return existing
    return user_create(
        username=SERVICE_ACCOUNT,
        password=None,
        role=User.Role.API_CLIENT,
        full_name_en="Passport and residence directorate (synchronised)",
        full_name_ar="المديرية العامة للجوازات والإقامة (مزامنة)",
    )


REGISTRY_FIELDS = (
    "cr_number",
    "name_ar",
    "name_en",
    "activity_code",
    "governorate",
    "address",
    "capital",
    "registered_on",
    "owners",
    "status",
    "status_changed_on",
)


def _registry_rows(records: Iterable[RegistryEstablishment]) -> list[tuple[Any, ...]]:
    if isinstance(records, QuerySet):
        return list(records.values_list(*REGISTRY_FIELDS))
    return [tuple(getattr(r, name) for name in REGISTRY_FIELDS) for r in records]


def registry_records_apply(*, records: Iterable[RegistryEstablishment]) -> int:
    """Create or update the portal's establishment of each registration, with its owners and
    signatories (employers.registry), then bar from new permits each one the registry reports
    suspended or closed, and end the memberships and open vacancies of one struck off.
    Returns how many establishments changed status."""
    from employers.registry import RegistryEntry, establishments_sync, registry_statuses_apply

    rows = _registry_rows(records)
    entries = [
        RegistryEntry(
            cr_number=cr,
            name_ar=name_ar,
            name_en=name_en,
            activity_code=activity,
            governorate=governorate or "muscat",
            address=address or "",
            capital=None if capital is None else str(capital),
            registered_on=registered_on or status_changed_on,
            owners=owners or "",
        )
        for (
            cr,
            name_ar,
            name_en,
            activity,
            governorate,
            address,
            capital,
            registered_on,
            owners,
            _status,
            status_changed_on,
        ) in rows
    ]
    establishments_sync(entries=entries)
    with translation.override("en"):
        return registry_statuses_apply(
            stopped={row[0]: (row[9], row[10]) for row in rows if row[9] in STOPPED}
        )


STOPPED = {RegistryEstablishment.Status.SUSPENDED, RegistryEstablishment.Status.CLOSED}


def chamber_memberships_apply(*, records: Iterable[ChamberMembership]) -> int:
    """The chamber of commerce's membership (valid, expired) shown on each establishment."""
    from employers.registry import chamber_memberships_apply as apply

    if isinstance(records, QuerySet):
        rows = list(records.values_list("cr_number", "status", "valid_until"))
    else:
        rows = [(r.cr_number, r.status, r.valid_until) for r in records]
    return apply(rows=rows)


def departures_apply(*, records: Iterable[PassportEvent]) -> int:
    """Record each departure with the employment app; workers the portal does not know are
    skipped (most travellers are not foreign workers of a registered establishment). Returns
    how many departures ended a permit or a contract."""
    from employment.services.cases import CaseError
    from employment.services.departures import departure_record

    departures = [r for r in records if r.kind == PassportEvent.Kind.DEPARTURE]
    if not departures:
        return 0
    account = _service_account()
    ended = 0
    with translation.override("en"):
        for event in departures:
            try:
                with transaction.atomic():
                    result = departure_record(
                        nationality=event.nationality,
                        passport_number=event.passport_number,
                        departed_on=event.occurred_on,
                        reported_by=account,
                        reference=event.reference,
                    )
            except CaseError as error:
                logger.debug("departure %s not applied: %s", event.reference, error.message)
                continue
            if not result.already_recorded:
                ended += 1
    return ended


FEEDS = {
    "commerce_registry": (RegistryEstablishment, registry_records_apply),
    "chamber_of_commerce": (ChamberMembership, chamber_memberships_apply),
    "passport_directorate": (PassportEvent, departures_apply),
}
