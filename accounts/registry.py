"""The civil registry's answer about a civil or resident number: the mobile it holds, names.

The registry is one of the government entities (integrations.clients.civil_registry): the
portal asks it on demand, through accounts.questions.civil_registry_person, which integrations
answers. Its answer is kept (accounts.models.RegistryRecord) so that a legal notice can still
reach the registry's number while the registry is down; a consent or identity code only ever
goes to a number the registry has just confirmed (`fresh=True`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RegistryRecord
from accounts.questions import RegistryLookupError, civil_registry_person
from core.exceptions import ApplicationError


class RegistryUnavailableError(ApplicationError):
    """The civil registry could not be asked now (outage, timeout) and no usable answer is kept."""


@dataclass(frozen=True)
class RegistryPerson:
    civil_id: str
    mobile: str
    name_ar: str
    name_en: str
    nationality: str
    date_of_birth: datetime.date | None


def _person(record: RegistryRecord) -> RegistryPerson:
    return RegistryPerson(
        civil_id=record.civil_id,
        mobile=record.mobile,
        name_ar=record.name_ar,
        name_en=record.name_en,
        nationality=record.nationality,
        date_of_birth=record.date_of_birth,
    )


def _unavailable() -> RegistryUnavailableError:
    return RegistryUnavailableError(
        _("The civil registry cannot be reached just now. Nothing was changed: try again later.")
    )


def registry_person(*, civil_id: str, fresh: bool = True) -> RegistryPerson | None:
    """What the registry holds for `civil_id`, or None when the number belongs to nobody.

    `fresh=True` (consent and identity codes) asks the registry now and raises
    RegistryUnavailableError when it cannot answer. `fresh=False` (legal notices) uses a kept
    answer younger than CIVIL_REGISTRY_MAX_AGE_SECONDS, else asks, and on an outage falls back
    to any kept answer before raising.
    """
    kept = RegistryRecord.objects.filter(civil_id=civil_id).first()
    now = timezone.now()
    max_age = datetime.timedelta(seconds=settings.CIVIL_REGISTRY_MAX_AGE_SECONDS)
    if not fresh and kept is not None and now - kept.fetched_at < max_age:
        return _person(kept)  # a kept record is always a person: unknown numbers delete theirs
    try:
        answer = civil_registry_person.ask(civil_id=civil_id)
    except RegistryLookupError:
        if not fresh and kept is not None:
            return _person(kept)
        raise _unavailable() from None
    if answer is None:
        RegistryRecord.objects.filter(civil_id=civil_id).delete()
        return None
    dob = answer.get("date_of_birth")
    record, _created = RegistryRecord.objects.update_or_create(
        civil_id=civil_id,
        defaults={
            "mobile": str(answer.get("mobile") or ""),
            "name_ar": str(answer.get("name_ar") or ""),
            "name_en": str(answer.get("name_en") or ""),
            "nationality": str(answer.get("nationality") or ""),
            "date_of_birth": datetime.date.fromisoformat(str(dob)) if dob else None,
            "fetched_at": now,
        },
    )
    return _person(record)


def registry_mobile(*, civil_id: str, fresh: bool = True) -> str:
    """The registry's mobile for `civil_id` ("" when the number belongs to nobody or the
    registry holds no mobile). Raises RegistryUnavailableError as registry_person does."""
    person = registry_person(civil_id=civil_id, fresh=fresh)
    return person.mobile if person is not None else ""
