"""Demo establishments, representatives and workforce for `manage.py seed_demo`.

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

from accounts.models import User
from employers import demo_data
from employers.models import EconomicActivity, Employee, Establishment, Membership

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


def seed_establishments(*, count: int) -> SeedResult:
    """Ensure establishments 0..count-1 exist with their workforce and one representative each.

    Each batch is one transaction, so an establishment that exists has its workforce and its
    representative too: a re-run skips it without rebuilding its rows.
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
            # ignore_conflicts: a concurrent seed_demo may have written some meanwhile
            created = Establishment.objects.bulk_create(
                [est for est, _n in built.values()], ignore_conflicts=True, batch_size=BATCH
            )
            saved = {
                e.cr_number: e
                for e in Establishment.objects.filter(cr_number__in=[e.cr_number for e in created])
            }
            result.establishments_created += len(saved)

            employees: list[Employee] = []
            for i, (est, headcount) in built.items():
                employees.extend(_employees(i, saved[est.cr_number], headcount))
            Employee.objects.bulk_create(employees, ignore_conflicts=True, batch_size=BATCH)
            result.employees_created += Employee.objects.filter(
                establishment__in=saved.values()
            ).count()

            reps = [
                User(
                    username=f"rep-{cr}",
                    password=unusable,
                    role=User.Role.EMPLOYER,
                    full_name_en=f"Representative of {est.name_en}",
                    full_name_ar=f"ممثل {est.name_ar}",
                )
                for cr, est in saved.items()
            ]
            User.objects.bulk_create(reps, ignore_conflicts=True, batch_size=BATCH)
            users = dict(
                User.objects.filter(username__in=[r.username for r in reps]).values_list(
                    "username", "pk"
                )
            )
            memberships = Membership.objects.bulk_create(
                [
                    Membership(
                        user_id=users[f"rep-{cr}"], establishment=est, role=Membership.Role.OWNER
                    )
                    for cr, est in saved.items()
                ],
                ignore_conflicts=True,
            )
            result.members_created += len(memberships)
    return result


def seed_demo_memberships(*, employer: User, other_employer: User) -> int:
    """Give the demo employer two establishments (0 and 1) and the other demo employer one (2)."""
    created = 0
    pairs = [(employer, 0), (employer, 1), (other_employer, 2)]
    for user, index in pairs:
        establishment = Establishment.objects.filter(cr_number=cr_number_for(index)).first()
        if establishment is None:
            continue
        _membership, was_created = Membership.objects.get_or_create(
            user=user,
            establishment=establishment,
            defaults={"role": Membership.Role.REPRESENTATIVE},
        )
        created += int(was_created)
    return created
