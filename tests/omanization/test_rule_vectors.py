"""Rule vectors: known workforces, and the share, status and fee multiplier each rule set gives.

Rule set A is in force from 2024-01-01, rule set B from 2025-07-01. Each case is evaluated on
2025-03-01 (A in force) and on 2025-09-01 (B in force), by the live check of one establishment
and by the set-based recompute of all, which must agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from employers.models import EconomicActivity, Establishment
from omanization.models import EstablishmentCompliance, RuleSet
from omanization.selectors import compliance_for_establishment, rule_set_in_force
from omanization.services import compliance_recompute
from tests.factories import ForeignEmployeeFactory, OmaniEmployeeFactory
from tests.omanization.builders import (
    activity,
    establishment,
    publish_rule_set,
)

pytestmark = pytest.mark.django_db

ON_A = datetime.date(2025, 3, 1)
ON_B = datetime.date(2025, 9, 1)


@dataclass
class Activities:
    retail: EconomicActivity
    insurance: EconomicActivity
    construction: EconomicActivity


@pytest.fixture
def activities() -> Activities:
    return Activities(
        retail=activity("4711", "Retail"),
        insurance=activity("6512", "Insurance"),
        construction=activity("4100", "Construction"),
    )


@pytest.fixture
def rule_sets(activities: Activities) -> tuple[RuleSet, RuleSet]:
    a = publish_rule_set(
        effective_from=datetime.date(2024, 1, 1),
        name="A",
        salary_floor_full=Decimal("325"),
        salary_floor_half=Decimal("225"),
        disability_weight=Decimal("4"),
        disability_cap_percent=Decimal("10"),
        averaging_weeks=1,
        targets=[
            (None, "", None, "20"),
            (activities.insurance, "", None, "70"),
            (activities.insurance, "", 1, "40"),
            (activities.construction, "", None, "0"),
        ],
    )
    b = publish_rule_set(
        effective_from=datetime.date(2025, 7, 1),
        name="B",
        salary_floor_full=Decimal("400"),
        salary_floor_half=Decimal("300"),
        disability_weight=Decimal("3"),
        disability_cap_percent=Decimal("10"),
        averaging_weeks=4,
        targets=[
            (None, "", None, "25"),
            (activities.insurance, "", None, "75"),
            (activities.insurance, "", 1, "50"),
            (activities.construction, "", None, "0"),
        ],
    )
    return a, b


def plain(acts: Activities) -> Establishment:
    est = establishment(activity=acts.retail)
    OmaniEmployeeFactory.create_batch(2, establishment=est, monthly_salary=Decimal("500"))
    ForeignEmployeeFactory.create_batch(6, establishment=est)
    return est


def salary_floors(acts: Activities) -> Establishment:
    # A: 500 counts 1, 250 counts 0.5 (225..325). B: 250 is under 300 and counts 0.
    est = establishment(activity=acts.retail)
    OmaniEmployeeFactory.create_batch(1, establishment=est, monthly_salary=Decimal("500"))
    OmaniEmployeeFactory.create_batch(2, establishment=est, monthly_salary=Decimal("250"))
    ForeignEmployeeFactory.create_batch(7, establishment=est)
    return est


def part_time(acts: Activities) -> Establishment:
    est = establishment(activity=acts.retail)
    OmaniEmployeeFactory.create_batch(
        2, establishment=est, monthly_salary=Decimal("500"), is_full_time=False
    )
    OmaniEmployeeFactory.create_batch(1, establishment=est, monthly_salary=Decimal("500"))
    ForeignEmployeeFactory.create_batch(8, establishment=est)
    return est


def disability_cap(acts: Activities) -> Establishment:
    # 10 nationals, 2 with a disability; the cap (10% of nationals) lets 1 count extra.
    # A: 8 + 1*4 + 1*1 = 13 of 53. B: 8 + 1*3 + 1 = 12 of 52. Uncapped B would be 14/54.
    est = establishment(activity=acts.retail)
    OmaniEmployeeFactory.create_batch(8, establishment=est, monthly_salary=Decimal("500"))
    OmaniEmployeeFactory.create_batch(
        2, establishment=est, monthly_salary=Decimal("500"), has_disability=True
    )
    ForeignEmployeeFactory.create_batch(40, establishment=est)
    return est


def minimum_old(acts: Activities) -> Establishment:
    # Target 0%, but over a year old with no Omani: the minimum fails.
    est = establishment(activity=acts.construction, registered_on=datetime.date(2020, 1, 1))
    ForeignEmployeeFactory.create_batch(3, establishment=est)
    return est


def minimum_young(acts: Activities) -> Establishment:
    # Registered 2024-08-01: 212 days old on ON_A (exempt), 396 days on ON_B (minimum applies).
    est = establishment(activity=acts.construction, registered_on=datetime.date(2024, 8, 1))
    ForeignEmployeeFactory.create_batch(
        3, establishment=est, contract_start=datetime.date(2024, 8, 1)
    )
    return est


def level_fails(acts: Activities) -> Establishment:
    # Overall 10/12 = 83% beats 70% and 75%, but top management is 1 of 3 (below 40% and 50%).
    est = establishment(activity=acts.insurance)
    OmaniEmployeeFactory.create_batch(
        1, establishment=est, monthly_salary=Decimal("500"), job_level=1
    )
    ForeignEmployeeFactory.create_batch(2, establishment=est, job_level=1)
    OmaniEmployeeFactory.create_batch(
        9, establishment=est, monthly_salary=Decimal("500"), job_level=4
    )
    return est


def level_passes(acts: Activities) -> Establishment:
    est = establishment(activity=acts.insurance)
    OmaniEmployeeFactory.create_batch(
        2, establishment=est, monthly_salary=Decimal("500"), job_level=1
    )
    ForeignEmployeeFactory.create_batch(2, establishment=est, job_level=1)
    OmaniEmployeeFactory.create_batch(
        8, establishment=est, monthly_salary=Decimal("500"), job_level=4
    )
    ForeignEmployeeFactory.create_batch(1, establishment=est, job_level=4)
    return est


def averaging_window(acts: Activities) -> Establishment:
    # On ON_B one Omani hired on 2025-08-25 is there on 2 of B's 4 weekly dates
    # (09-01, 08-25; not 08-18, 08-11): (1*4 + 1*2) / (6 + 24) = 20%, although on the day
    # itself it is 2 of 8 = 25%. Under A (one week) on ON_A that Omani is not yet hired.
    est = establishment(activity=acts.retail)
    OmaniEmployeeFactory.create_batch(1, establishment=est, monthly_salary=Decimal("500"))
    OmaniEmployeeFactory.create_batch(
        1,
        establishment=est,
        monthly_salary=Decimal("500"),
        contract_start=datetime.date(2025, 8, 25),
    )
    ForeignEmployeeFactory.create_batch(6, establishment=est)
    return est


def contract_ended(acts: Activities) -> Establishment:
    # A foreign worker who left on 2025-08-20 still counts on 2 of B's 4 weekly dates
    # (08-11, 08-18): 2*4 / (2*4 + 5*4 + 2) = 8/30.
    est = establishment(activity=acts.retail)
    OmaniEmployeeFactory.create_batch(2, establishment=est, monthly_salary=Decimal("500"))
    ForeignEmployeeFactory.create_batch(5, establishment=est)
    ForeignEmployeeFactory.create_batch(
        1, establishment=est, contract_end=datetime.date(2025, 8, 20)
    )
    return est


@dataclass
class Vector:
    build: Callable[[Activities], Establishment]
    on_a: tuple[str | None, bool, str]  # share, compliant, fee multiplier
    on_b: tuple[str | None, bool, str]


VECTORS = {
    "plain": Vector(plain, ("0.2500", True, "0.70"), ("0.2500", True, "0.70")),
    "salary floors": Vector(salary_floors, ("0.2222", True, "0.70"), ("0.1250", False, "2.00")),
    "part time": Vector(part_time, ("0.2000", True, "0.70"), ("0.2000", False, "2.00")),
    "disability cap": Vector(disability_cap, ("0.2453", True, "0.70"), ("0.2308", False, "2.00")),
    "minimum, old": Vector(minimum_old, ("0.0000", False, "2.00"), ("0.0000", False, "2.00")),
    "minimum, young": Vector(minimum_young, ("0.0000", True, "0.70"), ("0.0000", False, "2.00")),
    "job level fails": Vector(level_fails, ("0.8333", False, "2.00"), ("0.8333", False, "2.00")),
    "job level passes": Vector(level_passes, ("0.7692", True, "0.70"), ("0.7692", True, "0.70")),
    "averaging window": Vector(
        averaging_window, ("0.1429", False, "2.00"), ("0.2000", False, "2.00")
    ),
    "contract ended": Vector(contract_ended, ("0.2500", True, "0.70"), ("0.2667", True, "0.70")),
}


def _expect(result, expected: tuple[str | None, bool, str]) -> None:
    share, compliant, fee = expected
    assert (str(result.share) if result.share is not None else None, result.compliant) == (
        share,
        compliant,
    )
    assert result.fee_multiplier == Decimal(fee)


@pytest.mark.parametrize("name", VECTORS)
def test_live_check_gives_the_expected_share_status_and_fee(name, activities, rule_sets):
    # given
    vector = VECTORS[name]
    est = vector.build(activities)
    # when
    on_a = compliance_for_establishment(establishment=est, as_of=ON_A)
    on_b = compliance_for_establishment(establishment=est, as_of=ON_B)
    # then
    assert on_a.rule_set_id == rule_sets[0].pk
    assert on_b.rule_set_id == rule_sets[1].pk
    _expect(on_a, vector.on_a)
    _expect(on_b, vector.on_b)


def test_the_set_based_recompute_agrees_with_every_live_check(activities, rule_sets):
    # given
    built = {name: vector.build(activities) for name, vector in VECTORS.items()}
    for on, index in ((ON_A, 0), (ON_B, 1)):
        # when
        run = compliance_recompute(as_of=on)
        # then
        assert run.rule_set == rule_sets[index]
        stored = EstablishmentCompliance.objects.in_bulk([e.pk for e in built.values()])
        for name, est in built.items():
            share, compliant, fee = (VECTORS[name].on_a, VECTORS[name].on_b)[index]
            row = stored[est.pk]
            assert (str(row.share), row.status == "compliant", str(row.fee_multiplier)) == (
                share,
                compliant,
                fee,
            ), name


def test_the_failing_job_level_says_what_it_needs(activities, rule_sets):
    est = level_fails(activities)
    result = compliance_for_establishment(establishment=est, as_of=ON_B)
    assert [level.level for level in result.failing_levels] == [1]
    # (1 + x) / (1 + x + 2) >= 50%  =>  x = 1
    assert result.failing_levels[0].omanis_needed == 1
    assert result.overall_omanis_needed == 0


def test_the_minimum_says_one_omani_is_needed(activities, rule_sets):
    est = minimum_old(activities)
    result = compliance_for_establishment(establishment=est, as_of=ON_B)
    assert not result.minimum_met
    assert result.minimum_omanis_needed == 1


def test_the_rule_set_in_force_switches_on_its_effective_date(rule_sets):
    a, b = rule_sets
    a.refresh_from_db()
    assert a.effective_to == datetime.date(2025, 6, 30)
    assert rule_set_in_force(on=datetime.date(2023, 12, 31)) is None
    assert rule_set_in_force(on=datetime.date(2025, 6, 30)) == a
    assert rule_set_in_force(on=datetime.date(2025, 7, 1)) == b
    assert rule_set_in_force(on=datetime.date(2030, 1, 1)) == b
    assert (a.version, b.version) == (1, 2)
