"""Monthly inspection plans: every establishment of a governorate scored set-based by the risk
weights in force on the first of the month, the riskiest kept with the inputs that made them,
computed in the background and approved by a supervisor before any visit is assigned."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from inspections.errors import InspectionError
from inspections.models import InspectionPlan, PlanEntry
from inspections.services.plans import plan_approve, plan_compute, plan_request
from tests.conftest import sign_in_staff
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.helpers import computed_plan, risk_rules, this_month, violation, wage_rate

pytestmark = pytest.mark.django_db
R = User.Role


def _world():
    paid_half = EstablishmentFactory.create(governorate="al_wusta", name_en="Half Paid")
    offender = EstablishmentFactory.create(governorate="al_wusta", name_en="Offender")
    clean = EstablishmentFactory.create(governorate="al_wusta", name_en="Clean")
    elsewhere = EstablishmentFactory.create(governorate="dhofar", name_en="Elsewhere")
    wage_rate(paid_half, "50")
    wage_rate(clean, "100")
    for _n in range(5):
        violation(offender)
        violation(elsewhere)
    return paid_half, offender, clean, elsewhere


def test_a_plan_ranks_the_governorates_establishments_by_the_weights_in_force(
    django_capture_on_commit_callbacks,
):
    # given one establishment paying half its workers, one with five violations, a clean one,
    # and an offender in another governorate
    paid_half, offender, _clean, _elsewhere = _world()
    supervisor = UserFactory.create(role=R.APPROVER)

    # when a supervisor asks for this month's plan (the run computes once the request commits)
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_request(month=this_month(), governorate="al_wusta", requested_by=supervisor)

    # then the offender (25 points: five violations reach the cap) comes before the half-paid
    # one (30 x 50% = 15 points); the clean one scores nothing and another governorate is out
    plan.refresh_from_db()
    assert plan.succeeded
    entries = list(PlanEntry.objects.filter(plan=plan).order_by("rank"))
    assert [(e.establishment, e.score) for e in entries] == [
        (offender, Decimal("25.00")),
        (paid_half, Decimal("15.00")),
    ]
    assert entries[0].violations == 5
    assert entries[1].wage_rate == Decimal("50.00")
    assert plan.total == 3  # the governorate's establishments scored
    assert AuditEvent.objects.filter(action="inspections.plan_requested").count() == 1


def test_new_weights_change_the_plans_from_their_first_month_only():
    # given weights that ignore violations from next month on
    _paid_half, offender, _clean, _elsewhere = _world()
    next_month = (this_month() + datetime.timedelta(days=32)).replace(day=1)
    risk_rules(next_month, weight_violations=0)

    # when this month's and next month's plans are computed
    now = computed_plan(approved=False)
    later = computed_plan(month=next_month, approved=False)

    # then only next month's plan leaves the offender out
    assert offender.pk in set(now.entries.values_list("establishment_id", flat=True))
    assert offender.pk not in set(later.entries.values_list("establishment_id", flat=True))


def test_a_supervisor_approves_a_computed_plan_once():
    plan = computed_plan(approved=False)
    supervisor = UserFactory.create(role=R.APPROVER)

    approved = plan_approve(plan=plan, approved_by=supervisor)

    assert approved.is_approved
    assert approved.approved_by == supervisor
    with pytest.raises(InspectionError):
        plan_approve(plan=approved, approved_by=supervisor)
    assert AuditEvent.objects.filter(action="inspections.plan_approved").count() == 1


def test_a_second_plan_of_an_approved_month_is_refused():
    computed_plan()

    with pytest.raises(InspectionError):
        plan_request(
            month=this_month(),
            governorate="al_wusta",
            requested_by=UserFactory.create(role=R.APPROVER),
        )

    assert InspectionPlan.objects.count() == 1


def test_an_inspector_may_neither_plan_nor_approve():
    inspector = UserFactory.create(role=R.INSPECTOR)
    plan = computed_plan(approved=False)

    with pytest.raises(PermissionDeniedError):
        plan_request(month=this_month(), governorate="al_wusta", requested_by=inspector)
    with pytest.raises(PermissionDeniedError):
        plan_approve(plan=plan, approved_by=inspector)

    plan.refresh_from_db()
    assert not plan.is_approved


def test_a_plan_that_has_not_finished_cannot_be_approved():
    supervisor = UserFactory.create(role=R.APPROVER)
    plan = plan_request(month=this_month(), governorate="al_wusta", requested_by=supervisor)

    with pytest.raises(InspectionError):
        plan_approve(plan=plan, approved_by=supervisor)

    assert plan_compute(plan_id=plan.pk) is not None
    assert plan_compute(plan_id=plan.pk) is None  # a finished run is left as it is


@pytest.mark.parametrize(
    ("month", "governorate", "field"),
    [
        ("2026-13", "muscat", "month"),
        ("2020-01", "muscat", "month"),
        (None, "atlantis", "governorate"),
    ],
)
def test_bad_requests_are_refused_in_arabic_and_nothing_is_saved(client, month, governorate, field):
    sign_in_staff(client, UserFactory.create(role=R.APPROVER))
    data = {"month": month or this_month().strftime("%Y-%m"), "governorate": governorate}

    arabic = client.post("/ar/staff/inspections/plans/new/", data)
    english = client.post("/en/staff/inspections/plans/new/", data)

    assert arabic.status_code == english.status_code == 200
    assert arabic.context["form"].errors[field]
    with translation.override("en"):
        said_en = str(english.context["form"].errors[field][0])
    assert said_en in english.content.decode()
    assert said_en not in arabic.content.decode()  # said in Arabic there
    assert not InspectionPlan.objects.exists()


def test_the_plan_page_shows_the_ranked_establishments_and_approves(client):
    _world()
    plan = computed_plan(approved=False)
    sign_in_staff(client, UserFactory.create(role=R.APPROVER))

    page = client.get(f"/en/staff/inspections/plans/{plan.pk}/").content.decode()
    assert "Offender" in page
    assert "Approve this plan" in page

    response = client.post(reverse("inspections:staff-plan-approve", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_approved


@pytest.mark.parametrize(
    ("role", "shown"), [(R.APPROVER, True), (R.INSPECTOR, True), (R.OFFICER, False)]
)
def test_the_staff_home_leads_to_the_plans(client, role, shown):
    sign_in_staff(client, UserFactory.create(role=role))

    page = client.get(reverse("accounts:home")).content.decode()

    assert (reverse("inspections:staff-plans") in page) is shown
