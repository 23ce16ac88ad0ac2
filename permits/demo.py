"""Demo work permits for the demo employers: issued ones, a few in the officer queue (a
reserved occupation, a short passport), and some inside the renewal window. Idempotent."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.exceptions import ApplicationError
from employers.demo import cr_number_for
from employers.models import Establishment, Membership
from permits.models import Permit
from permits.services import WorkerAndJob, permit_apply

WORKERS = [
    ("Rajesh Kumar", "راجيش كومار", "IND"),
    ("Mohammed Rafiq", "محمد رفيق", "BGD"),
    ("Imran Khan", "عمران خان", "PAK"),
    ("Jose Santos", "خوسيه سانتوس", "PHL"),
    ("Suresh Perera", "سوريش بيريرا", "LKA"),
    ("Ahmed Hassan", "أحمد حسن", "EGY"),
    ("Anil Sharma", "انيل شارما", "IND"),
    ("Ram Bahadur", "رام بهادور", "NPL"),
]
OCCUPATIONS = ["7411", "7112", "9313", "8332", "5120", "7126", "2512", "3115"]


def _resident_number(index: int, n: int) -> str:
    """The worker's resident card number, known to the stub civil registry (its mobile is
    "+9689" and the number's last 7 digits): the first worker of the first establishment is
    the demo resident Rajesh Kumar (70000001), who can sign in and answer a transfer."""
    return "70000001" if (index, n) == (0, 0) else f"75{index}{n:05d}"


@dataclass(frozen=True)
class PermitSeed:
    created: int
    issued: int
    queued: int


def seed_permits(*, per_establishment: int = 12) -> PermitSeed:
    """Permits for the demo establishments 0-2, filed by one of their representatives (skipped
    where permits exist already)."""
    rng = random.Random(5)
    today = timezone.localdate()
    created = issued = queued = 0
    for index in range(3):
        establishment = Establishment.objects.filter(cr_number=cr_number_for(index)).first()
        if establishment is None or Permit.objects.filter(establishment=establishment).exists():
            continue
        member = (
            Membership.objects.filter(establishment=establishment, is_active=True)
            .select_related("user")
            .order_by("id")
            .first()
        )
        employer = member.user if member else None
        for n in range(per_establishment):
            name_en, name_ar, nationality = WORKERS[n % len(WORKERS)]
            occupation = OCCUPATIONS[n % len(OCCUPATIONS)]
            passport_expiry = today + datetime.timedelta(days=rng.randint(800, 3000))
            if n == 3:
                occupation = "4110"  # reserved for Omanis: goes to the officer queue
            if n == 4:
                passport_expiry = today + datetime.timedelta(days=90)  # too short
            data = WorkerAndJob(
                worker_name_ar=name_ar,
                worker_name_en=name_en,
                nationality=nationality,
                passport_number=f"D{index}{n:02d}{rng.randint(100000, 999999)}",
                passport_expiry=passport_expiry,
                date_of_birth=datetime.date(1980 + rng.randint(0, 20), rng.randint(1, 12), 15),
                occupation_code=occupation,
                job_level=4 if occupation[0] in "56789" else 3,
                monthly_salary=Decimal(rng.choice(["180", "250", "320", "450", "900"])),
                requested_start=today + datetime.timedelta(days=rng.randint(0, 30)),
                worker_mobile=f"+96892{index}{n:02d}{rng.randint(100, 999)}",
                worker_language=rng.choice(["en", "ar"]),
                worker_civil_id=_resident_number(index, n),
            )
            try:
                permit = permit_apply(establishment=establishment, data=data, applied_by=employer)
            except ApplicationError:
                continue
            created += 1
            if permit.status == Permit.Status.ACTIVE:
                issued += 1
                if n % 3 == 0:
                    # demo only: an older permit, now inside its renewal window
                    with transaction.atomic():
                        ends = today + datetime.timedelta(days=rng.randint(10, 80))
                        Permit.objects.filter(pk=permit.pk).update(
                            valid_from=ends - datetime.timedelta(days=730),
                            valid_until=ends,
                        )
            else:
                queued += 1
    return PermitSeed(created=created, issued=issued, queued=queued)
