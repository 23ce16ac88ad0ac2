"""Fee vectors: each fee rule set (MD 12/2021 until 2025, MD 602/2025 from 2026) times the
Omanization multiplier of a compliant (x0.70) and a non-compliant (x2.00) establishment."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from permits.fees import permit_fee
from permits.models import PermitRuleSet
from permits.selectors import permit_rule_set_in_force
from tests.factories import ForeignEmployeeFactory, OmaniEmployeeFactory
from tests.omanization.builders import activity, establishment, publish_rule_set
from tests.permits.builders import apply, representative

pytestmark = pytest.mark.django_db

D = Decimal
COMPLIANT, NON_COMPLIANT = D("0.70"), D("2.00")

# (rule set version, occupation, salary, multiplier, band, expected fee)
VECTORS = [
    (1, "1212", "900", COMPLIANT, "top", "1400.700"),
    (1, "1212", "900", NON_COMPLIANT, "top", "4002.000"),
    (1, "7411", "4000", COMPLIANT, "top", "1400.700"),  # salary from RO 4,000: top band
    (1, "7411", "3999.999", NON_COMPLIANT, "middle", "2002.000"),
    (1, "2512", "1500", COMPLIANT, "middle", "700.700"),
    (1, "7411", "2500", COMPLIANT, "middle", "700.700"),
    (1, "3115", "600", COMPLIANT, "technical", "420.700"),
    (1, "3115", "600", NON_COMPLIANT, "technical", "1202.000"),
    (1, "7411", "250", COMPLIANT, "other", "210.700"),
    (1, "7411", "250", NON_COMPLIANT, "other", "602.000"),
    (1, "9111", "120", None, "other", "301.000"),  # no Omanization rules: multiplier 1
    (2, "1212", "900", COMPLIANT, "first", "210.700"),
    (2, "2512", "1500", NON_COMPLIANT, "first", "602.000"),
    (2, "3115", "600", COMPLIANT, "second", "175.700"),
    (2, "5120", "300", NON_COMPLIANT, "second", "502.000"),
    (2, "7411", "250", COMPLIANT, "third", "140.700"),
    (2, "7411", "5000", NON_COMPLIANT, "third", "402.000"),  # no salary bands in MD 602/2025
    (2, "9111", "120", None, "third", "201.000"),
]


@pytest.mark.parametrize(("version", "occupation", "salary", "multiplier", "band", "fee"), VECTORS)
def test_fee_vector(version, occupation, salary, multiplier, band, fee):
    rule_set = PermitRuleSet.objects.get(version=version)
    result = permit_fee(
        rule_set=rule_set,
        occupation_code=occupation,
        monthly_salary=D(salary),
        multiplier=multiplier,
    )
    assert (result.band, result.amount) == (band, D(fee))


def test_a_transfer_pays_the_flat_fee_without_multiplier():
    rule_set = PermitRuleSet.objects.get(version=2)
    result = permit_fee(
        rule_set=rule_set,
        occupation_code="7411",
        monthly_salary=D("250"),
        multiplier=NON_COMPLIANT,
        transfer=True,
    )
    assert result.amount == D("5.000")


def test_the_rule_set_in_force_follows_the_date():
    assert permit_rule_set_in_force(on=datetime.date(2025, 12, 31)).decree == "MD 12/2021"
    assert permit_rule_set_in_force(on=datetime.date(2026, 1, 1)).decree == "MD 602/2025"
    assert permit_rule_set_in_force(on=datetime.date(2021, 5, 31)) is None


@pytest.mark.parametrize(
    ("on", "n_omanis", "expected"),
    [
        (datetime.date(2025, 6, 1), 10, "210.700"),  # MD 12/2021 other 301 x 0.70
        (datetime.date(2025, 6, 1), 1, "602.000"),  # x 2.00
        (datetime.date(2026, 6, 1), 10, "140.700"),  # MD 602/2025 third 201 x 0.70
        (datetime.date(2026, 6, 1), 1, "402.000"),  # x 2.00
    ],
)
def test_an_application_is_charged_by_the_rules_and_the_status_of_its_day(on, n_omanis, expected):
    # given: a 30% target; 10 Omanis and 5 foreigners comply, 1 Omani and 5 do not
    publish_rule_set(effective_from=datetime.date(2023, 1, 1), targets=[(None, "", None, "30")])
    shop = establishment(activity=activity("4711"))
    OmaniEmployeeFactory.create_batch(n_omanis, establishment=shop, monthly_salary=Decimal("500"))
    ForeignEmployeeFactory.create_batch(5, establishment=shop)
    user = representative(shop)
    # when
    with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 9, tzinfo=datetime.UTC)):
        permit = apply(shop, user, occupation_code="7411", monthly_salary=D("250"))
    # then
    assert permit.fee_amount == D(expected)
    assert permit.fee_multiplier == (D("0.700") if n_omanis == 10 else D("2.000"))
