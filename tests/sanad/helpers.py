"""Builders for the Sanad tests: centres, clerks, consenting people, active consents."""

from __future__ import annotations

import datetime
import itertools
import re
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import User
from notifications.models import SmsMessage
from sanad.middleware import SESSION_KEY
from sanad.models import CentreMembership, Consent, Scope, ServiceCentre
from tests.conftest import sign_in
from tests.factories import UserFactory

_numbers = itertools.count(1)


def centre(**overrides: Any) -> ServiceCentre:
    n = next(_numbers)
    values: dict[str, Any] = {
        "licence_number": f"SND-T-{n:04d}",
        "name_ar": f"مركز سند {n}",
        "name_en": f"Sanad Centre {n}",
        "governorate": "muscat",
    }
    values.update(overrides)
    return ServiceCentre.objects.create(**values)


def clerk(
    at: ServiceCentre | None = None, *, role: str = CentreMembership.Role.CLERK, **kw: Any
) -> User:
    user = UserFactory.create(role=User.Role.SANAD_CLERK, **kw)
    CentreMembership.objects.create(centre=at or centre(), clerk=user, role=role)
    return user


def person(role: str = User.Role.JOBSEEKER, **kw: Any) -> User:
    """A person with an account. The civil registry (tests/permits/registry.py) holds the
    mobile +96894nnnnnn for their civil ID 74nnnnnn; their account's own mobile is another one,
    +96891nnnnnn."""
    n = next(_numbers)
    values: dict[str, Any] = {
        "civil_id": f"74{n:06d}",
        "mobile": f"+96891{n:06d}",
        "mobile_verified_at": timezone.now(),
    }
    values.update(kw)
    return UserFactory.create(role=role, **values)


def make_consenting(user: User) -> User:
    """Give an existing account a civil ID and a verified mobile (if it has none)."""
    n = next(_numbers)
    user.civil_id = user.civil_id or f"84{n:06d}"
    user.mobile = user.mobile or f"+96892{n:06d}"
    user.mobile_verified_at = timezone.now()
    user.save()
    return user


def active_consent(
    clerk_user: User,
    person_user: User,
    scopes: list[str] | None = None,
    *,
    establishment: Any = None,
    minutes: int = 30,
) -> Consent:
    """An active consent written directly (the request and confirm path has its own tests)."""
    membership = CentreMembership.objects.filter(clerk=clerk_user).select_related("centre").first()
    assert membership is not None
    now = timezone.now()
    return Consent.objects.create(
        centre=membership.centre,
        clerk=clerk_user,
        person=person_user,
        civil_id_entered=person_user.civil_id or "",
        scopes=scopes or [Scope.JOBSEEKER],
        cr_number=establishment.cr_number if establishment is not None else "",
        establishment=establishment,
        status=Consent.Status.ACTIVE,
        code_hash="x" * 64,
        code_expires_at=now,
        confirmed_at=now,
        expires_at=now + datetime.timedelta(minutes=minutes),
    )


def delegate(client: Client, clerk_user: User, consent: Consent | None) -> Client:
    """Sign the clerk in with `consent` as the session's consent."""
    sign_in(client, clerk_user)
    if consent is not None:
        session = client.session
        session[SESSION_KEY] = consent.pk
        session.save()
    return client


def code_sent_for(consent: Consent) -> str:
    """The code in the consent SMS as the provider would send it (the ledger shows it masked)."""
    message = SmsMessage.objects.get(idempotency_key=f"sanad-consent:{consent.pk}")
    match = re.search(r"\b(\d{6})\b", message.body_to_send)
    assert match is not None
    return match.group(1)


def staff_url_kwargs(name: str) -> dict[str, int]:
    """Object ids for the ministry's Sanad pages (tests/test_staff_access.py)."""
    if name in {"sanad:staff-centre", "sanad:staff-centre-status"}:
        return {"centre_id": centre().pk}
    if name in {"sanad:staff-clerk", "sanad:staff-clerk-status"}:
        worker = clerk()
        return {"membership_id": CentreMembership.objects.get(clerk=worker).pk}
    if name == "sanad:staff-session":
        worker = clerk()
        return {"consent_id": active_consent(worker, person()).pk}
    return {}
