"""Demo establishments, representatives and workforce for `manage.py seed_demo`: the
establishments come through the commerce registry's path, the demo representatives are
appointed by the owners and accept.

Deterministic: establishment number i is always built from the same random stream, so a second
run, or a run at a larger scale, finds what exists by its natural key (CR number, civil ID,
passport) and adds only what is missing. Rows are written in batches with bulk_create, so a
national-scale run (203,000 establishments) is a matter of minutes, not hours.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.workflow import advance_bulk
from employers import demo_data
from employers.models import EconomicActivity, Employee, Establishment, Membership, Service
from employers.registry import RegistryEntry, establishments_sync

SEED = 2026
BATCH = 2000
TODAY = datetime.date(2026, 11, 1)


@dataclass
class SeedResult:
    establishments_created: int = 0
    employees_created: int = 0
    members_created: int = 0


def _size_for(rng: random.Random) -> tuple[str, int]:
    roll = rng.random()
    if roll < 0.55:
        return Establishment.SizeClass.MICRO, rng.randint(1, 5)
    if roll < 0.85:
        return Establishment.SizeClass.SMALL, rng.randint(6, 25)
    if roll < 0.97:
        return Establishment.SizeClass.MEDIUM, rng.randint(26, 99)
    return Establishment.SizeClass.LARGE, rng.randint(100, 400)


def cr_number_for(index: int) -> str:
    return f"{1_000_000 + index:07d}"


def _establishment(index: int, activities: list[EconomicActivity]) -> tuple[Establishment, int]:
    rng = random.Random(f"{SEED}-est-{index}")
    trade_en, trade_ar = rng.choice(demo_data.TRADE_NAMES)
    kind_en, kind_ar = rng.choice(demo_data.COMPANY_KINDS)
    governorates, weights = zip(*demo_data.GOVERNORATE_WEIGHTS, strict=True)
    size_class, headcount = _size_for(rng)
    status = Establishment.Status.ACTIVE
    roll = rng.random()
    if roll < 0.03:
        status = Establishment.Status.SUSPENDED
    elif roll < 0.05:
        status = Establishment.Status.CLOSED
    barred = status == Establishment.Status.ACTIVE and rng.random() < 0.02
    establishment = Establishment(
        cr_number=cr_number_for(index),
        name_en=f"{trade_en} {kind_en} {index + 1}",
        name_ar=f"{trade_ar} {kind_ar} {index + 1}",
        activity=rng.choice(activities),
        governorate=rng.choices(governorates, weights=weights)[0],
        size_class=size_class,
        status=status,
        permits_barred=barred,
        bar_reason="Unpaid wage-protection fines" if barred else "",
        registered_on=TODAY - datetime.timedelta(days=rng.randint(60, 365 * 25)),
    )
    return establishment, headcount


def _employees(index: int, establishment: Establishment, headcount: int) -> Iterator[Employee]:
    rng = random.Random(f"{SEED}-emp-{index}")
    omani_share = rng.choice([0.0, 0.1, 0.2, 0.35, 0.5, 0.75])
    foreign = list(demo_data.FOREIGN_NAMES.items())
    for n in range(headcount):
        occupation, level = rng.choice(demo_data.OCCUPATIONS)
        start = establishment.registered_on + datetime.timedelta(days=rng.randint(0, 3000))
        start = min(start, TODAY)
        end = start + datetime.timedelta(days=365 * rng.choice([1, 2, 2, 3]))
        serial = index * 1000 + n
        common = {
            "establishment": establishment,
            "occupation_code": occupation,
            "job_level": level,
            "is_full_time": rng.random() > 0.05,
            "contract_start": start,
        }
        if rng.random() < omani_share or (n == 0 and omani_share > 0):
            given_en, given_ar = rng.choice(demo_data.OMANI_GIVEN)
            family_en, family_ar = rng.choice(demo_data.OMANI_FAMILY)
            yield Employee(
                civil_id=f"{10_000_000 + serial % 90_000_000}",  # 8 digits at any scale
                name_en=f"{given_en} {family_en}",
                name_ar=f"{given_ar} {family_ar}",
                nationality=Employee.OMANI,
                monthly_salary=Decimal(rng.choice([325, 400, 450, 600, 800, 1200, 2500])),
                has_disability=rng.random() < 0.02,
                contract_end=None if rng.random() < 0.7 else end,
                **common,
            )
        else:
            nationality, (prefix, names) = rng.choice(foreign)
            name_en, name_ar = rng.choice(names)
            yield Employee(
                passport_number=f"{prefix}{5_000_000 + serial:07d}",
                name_en=name_en,
                name_ar=name_ar,
                nationality=nationality,
                monthly_salary=Decimal(rng.choice([120, 150, 200, 300, 450, 900, 1800])),
                contract_end=end,
                **common,
            )


def _activities() -> list[EconomicActivity]:
    EconomicActivity.objects.bulk_create(
        [EconomicActivity(code=c, name_en=en, name_ar=ar) for c, en, ar in demo_data.ACTIVITIES],
        ignore_conflicts=True,
    )
    return list(EconomicActivity.objects.filter(code__in=[a[0] for a in demo_data.ACTIVITIES]))


def owner_civil_id_for(index: int) -> str:
    """The demo owner of establishment `index`, as the commerce registry names them (9 digits,
    apart from the demo people's and the registers' numbers)."""
    return f"{300_000_000 + index}"


def _registry_entry(establishment: Establishment, index: int) -> RegistryEntry:
    rng = random.Random(f"{SEED}-registry-{index}")
    return RegistryEntry(
        cr_number=establishment.cr_number,
        name_ar=establishment.name_ar,
        name_en=establishment.name_en,
        activity_code=establishment.activity.code,
        governorate=establishment.governorate,
        address=f"Building {rng.randint(1, 900)}, Way {rng.randint(1, 4000)}",
        capital=f"{rng.choice([3000, 5000, 20000, 150000, 500000])}.000",
        registered_on=establishment.registered_on,
        owners=f"{owner_civil_id_for(index)}:owner",
    )


def seed_establishments(*, count: int) -> SeedResult:
    """Ensure establishments 0..count-1 exist with their workforce and an administrator each.

    The establishments come through the commerce registry's path
    (`employers.registry.establishments_sync`, with their owners), as a sync would bring them;
    each owner's account then holds the administration a claim gives. Each batch is one
    transaction, so an establishment that exists has its workforce and its administrator too:
    a re-run skips it without rebuilding its rows.
    """
    result = SeedResult()
    activities = sorted(_activities(), key=lambda a: a.code)
    unusable = make_password(None)
    for start in range(0, count, BATCH):
        indexes = range(start, min(start + BATCH, count))
        existing = set(
            Establishment.objects.filter(
                cr_number__in=[cr_number_for(i) for i in indexes]
            ).values_list("cr_number", flat=True)
        )
        missing = [i for i in indexes if cr_number_for(i) not in existing]
        if not missing:
            continue
        with transaction.atomic():
            built = {i: _establishment(i, activities) for i in missing}
            establishments_sync(
                entries=[_registry_entry(est, i) for i, (est, _n) in built.items()],
                actor_label="seed_demo (commerce registry)",
            )
            saved = {
                e.cr_number: e
                for e in Establishment.objects.filter(
                    cr_number__in=[est.cr_number for est, _n in built.values()]
                )
            }
            result.establishments_created += len(saved)
            _demo_states(built)

            employees: list[Employee] = []
            for i, (est, headcount) in built.items():
                employees.extend(_employees(i, saved[est.cr_number], headcount))
            Employee.objects.bulk_create(employees, ignore_conflicts=True, batch_size=BATCH)
            result.employees_created += Employee.objects.filter(
                establishment__in=saved.values()
            ).count()

            now = timezone.now()
            index_of = {est.cr_number: i for i, (est, _n) in built.items()}
            owners = [
                User(
                    username=f"rep-{cr}",
                    password=unusable,
                    role=User.Role.EMPLOYER,
                    civil_id=owner_civil_id_for(index_of[cr]),
                    identity_proven_at=now,
                    identity_proof_method="idp",
                    full_name_en=f"Owner of {est.name_en}",
                    full_name_ar=f"مالك {est.name_ar}",
                )
                for cr, est in saved.items()
            ]
            User.objects.bulk_create(owners, ignore_conflicts=True, batch_size=BATCH)
            users = dict(
                User.objects.filter(username__in=[r.username for r in owners]).values_list(
                    "username", "pk"
                )
            )
            # what each owner's claim after a national identity sign-in gives (in bulk)
            memberships = Membership.objects.bulk_create(
                [
                    Membership(
                        user_id=users[f"rep-{cr}"],
                        establishment=est,
                        role=Membership.Role.OWNER,
                        civil_id=owner_civil_id_for(index_of[cr]),
                        services=list(Service.values),
                        accepted_at=now,
                    )
                    for cr, est in saved.items()
                ],
                ignore_conflicts=True,
            )
            result.members_created += len(memberships)
    return result


def _demo_states(built: dict[int, tuple[Establishment, int]]) -> None:
    """The demo's size classes, suspensions, closures and bars (set in bulk: a national-scale
    seed would otherwise audit 10,000 registry status changes one by one)."""
    by_size: dict[str, list[str]] = {}
    by_status: dict[str, list[str]] = {}
    barred: list[str] = []
    for est, _n in built.values():
        by_size.setdefault(est.size_class, []).append(est.cr_number)
        if est.status != Establishment.Status.ACTIVE:
            by_status.setdefault(est.status, []).append(est.cr_number)
        if est.permits_barred:
            barred.append(est.cr_number)
    for size, numbers in by_size.items():
        Establishment.objects.filter(cr_number__in=numbers).update(size_class=size)
    for status, numbers in by_status.items():
        advance_bulk(Establishment.objects.filter(cr_number__in=numbers), status)
    if barred:
        Establishment.objects.filter(cr_number__in=barred).update(
            permits_barred=True, bar_reason="Unpaid wage-protection fines", bar_source="staff"
        )


def seed_demo_memberships(*, employer: User, other_employer: User) -> int:
    """The owners of establishments 0 and 1 appoint the demo employer, and the owner of 2 the
    other demo employer, for every service; each accepts (employers.representatives, as on
    the portal)."""
    from employers.representatives import appointment_accept, representative_appoint

    created = 0
    pairs = [(employer, 0), (employer, 1), (other_employer, 2)]
    services = list(Service.values)
    for user, index in pairs:
        establishment = Establishment.objects.filter(cr_number=cr_number_for(index)).first()
        owner = User.objects.filter(username=f"rep-{cr_number_for(index)}").first()
        if establishment is None or owner is None or not user.civil_id:
            continue
        if Membership.objects.filter(establishment=establishment, user=user).exists():
            continue
        with transaction.atomic():
            membership = representative_appoint(
                establishment=establishment,
                actor=owner,
                civil_id=user.civil_id,
                services=services,
            )
            appointment_accept(membership=membership, user=user)
        created += 1
    return created
