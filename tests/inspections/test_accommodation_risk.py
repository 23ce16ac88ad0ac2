"""The accommodation input of the inspection risk: sites over capacity where an establishment's
workers live, and its workers whose accommodation records are unconfirmed or disagree, read
set-based from the accommodation app, raise its rank in the month's plan, with the reason shown
to the supervisor."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accommodation.models import Declaration, Resident
from accommodation.risk import accommodation_risk_for_governorate
from accommodation.selectors import sites_over_capacity_all_operators
from accounts.models import User
from inspections.models import PlanEntry
from inspections.questions import AccommodationRisk
from tests.accommodation.helpers import operator_with_user, room, site_with_rooms
from tests.conftest import sign_in_staff
from tests.factories import EstablishmentFactory, ForeignEmployeeFactory, UserFactory
from tests.inspections.helpers import computed_plan, violation

pytestmark = pytest.mark.django_db
R = User.Role


def _housed(establishment, site, number: str, *, confirmed_by=None, disputed_by=None):
    worker = ForeignEmployeeFactory.create(establishment=establishment)
    Declaration.objects.create(employee=worker, room=room(site, number))
    if confirmed_by is not None:
        Resident.objects.create(
            employee=worker,
            site=site,
            room=room(site, number),
            status="confirmed",
            recorded_by=confirmed_by,
        )
    if disputed_by is not None:
        Resident.objects.create(
            employee=worker, site=site, room=None, status="disputed", recorded_by=disputed_by
        )
    return worker


def test_an_establishment_housing_workers_over_capacity_ranks_higher_with_the_reason(client):
    # given two establishments of al Wusta with one violation each (the same 5 points) ...
    crowded = EstablishmentFactory.create(governorate="al_wusta", name_en="Crowded Camp Co")
    tidy = EstablishmentFactory.create(governorate="al_wusta", name_en="Tidy Co")
    for establishment in (tidy, crowded):
        violation(establishment)
    # ... and the first houses two confirmed workers in a site with one bed
    operator, operator_user = operator_with_user()
    site = site_with_rooms(operator, rooms=1, beds=1)
    for _n in range(2):
        _housed(crowded, site, "101", confirmed_by=operator_user)

    # when this month's plan is computed
    plan = computed_plan(approved=False)

    # then the crowded establishment comes first, with the accommodation weight (10) in full
    entries = list(PlanEntry.objects.filter(plan=plan).order_by("rank"))
    assert [(e.establishment, e.score) for e in entries] == [
        (crowded, Decimal("15.00")),
        (tidy, Decimal("5.00")),
    ]
    first = entries[0]
    assert (
        first.sites_over_capacity,
        first.residents_unconfirmed,
        first.residents_mismatched,
    ) == (1, 0, 0)
    # and the supervisor sees why on the plan's page
    sign_in_staff(client, UserFactory.create(role=R.APPROVER))
    page = client.get(f"/en/staff/inspections/plans/{plan.pk}/").content.decode()
    assert "1 site over capacity" in page


def test_unconfirmed_and_disagreeing_records_count_towards_the_cap():
    # given an establishment with one worker the operator has not answered, and one disputed
    establishment = EstablishmentFactory.create(governorate="al_wusta")
    operator, operator_user = operator_with_user()
    site = site_with_rooms(operator, rooms=2, beds=4)
    _housed(establishment, site, "101")
    _housed(establishment, site, "102", disputed_by=operator_user)

    # when the plan is computed
    plan = computed_plan(approved=False)

    # then two of the five that give the full weight: 10 x 2/5 = 4 points
    entry = PlanEntry.objects.get(plan=plan)
    assert (entry.establishment, entry.score) == (establishment, Decimal("4.00"))
    assert (entry.sites_over_capacity, entry.residents_unconfirmed) == (0, 1)
    assert entry.residents_mismatched == 1


def test_the_read_is_per_governorate_and_agrees_with_the_staff_worklist():
    # given an over-capacity site housing workers of establishments in two governorates
    operator, _user = operator_with_user()
    site = site_with_rooms(operator, rooms=1, beds=1)
    wusta = EstablishmentFactory.create(governorate="al_wusta")
    dhofar = EstablishmentFactory.create(governorate="dhofar")
    _housed(wusta, site, "101")
    _housed(dhofar, site, "101")
    clean = EstablishmentFactory.create(governorate="al_wusta")

    # when each governorate's accommodation risk is read
    in_wusta = accommodation_risk_for_governorate(governorate="al_wusta")
    in_dhofar = accommodation_risk_for_governorate(governorate="dhofar")

    # then each names only its own establishments, the clean one not at all, and the site is
    # the one the staff worklist calls over capacity
    assert in_wusta == [AccommodationRisk(wusta.pk, 1, 1, 0)]
    assert in_dhofar == [AccommodationRisk(dhofar.pk, 1, 1, 0)]
    assert clean.pk not in {row.establishment_id for row in in_wusta}
    assert [s.site_id for s in sites_over_capacity_all_operators()] == [site.pk]


def test_the_accommodation_weight_of_the_rule_set_is_what_it_adds(
    django_capture_on_commit_callbacks,
):
    from tests.inspections.helpers import risk_rules, this_month

    establishment = EstablishmentFactory.create(governorate="al_wusta")
    operator, operator_user = operator_with_user()
    site = site_with_rooms(operator, rooms=1, beds=1)
    for _n in range(2):
        _housed(establishment, site, "101", confirmed_by=operator_user)
    risk_rules(this_month(), weight_accommodation=40)

    plan = computed_plan(approved=False)

    assert PlanEntry.objects.get(plan=plan).score == Decimal("40.00")
