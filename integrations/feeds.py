"""What synchronised records change elsewhere in the portal, through those apps' services.

Called by the sync inside the transaction of the page that changed the records, so an effect
happens if and only if its page committed; both services called here are idempotent, so a page
replayed after a crash repeats nothing.

- Commerce registry: an establishment the registry reports suspended or closed takes that
  status (`employers.services.establishment_status_set`; closed is terminal) and is barred
  from new work permits (`employers.services.establishment_bar`). A registry status of active
  changes nothing: lifting a suspension or a bar stays a staff decision.
- Passport directorate: a departure ends the worker's contract and held permit
  (`employment.services.departures.departure_record`), reported by the directorate's service
  account.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import translation

from accounts.models import User
from integrations.models import PassportEvent, RegistryEstablishment

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


def registry_statuses_apply(*, records: Iterable[RegistryEstablishment]) -> int:
    """Bar from new permits each portal establishment the registry reports suspended or
    closed. Returns how many establishments were concerned."""
    from employers.models import Establishment
    from employers.services import establishment_bar, establishment_status_set

    stopped = {
        r.cr_number: r
        for r in records
        if r.status in {RegistryEstablishment.Status.SUSPENDED, RegistryEstablishment.Status.CLOSED}
    }
    if not stopped:
        return 0
    concerned = 0
    with translation.override("en"):
        for establishment in Establishment.objects.filter(cr_number__in=stopped).order_by("pk"):
            record = stopped[establishment.cr_number]
            establishment_status_set(
                establishment=establishment,
                status=record.status,
                reason=f"Commerce registry: {record.status} since "
                f"{record.status_changed_on.isoformat()}",
                actor=None,
                actor_label="commerce registry (sync)",
            )
            establishment_bar(
                establishment=establishment,
                reason=(
                    f"Commerce registry: {record.get_status_display().lower()} "
                    f"since {record.status_changed_on.isoformat()}"
                ),
                actor=None,
            )
            concerned += 1
    return concerned


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
    "commerce_registry": (RegistryEstablishment, registry_statuses_apply),
    "passport_directorate": (PassportEvent, departures_apply),
}
