"""Monthly plans on schedule: on the 20th the beat queues next month's plan of every governorate
(each a background run computed by the risk weights in force on the month's first day), for
supervisors to approve; running it again builds no second plan."""

from __future__ import annotations

import datetime

import pytest
from celery.schedules import crontab

from accounts.models import User
from core.models import AuditEvent
from employers.models import Governorate
from inspections.models import InspectionPlan, PlanEntry
from inspections.services.plans import plan_request, plans_schedule_next_month
from inspections.tasks import plans_monthly_task
from labor_portal.celery import app
from tests.conftest import sign_in_staff
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.helpers import this_month, violation

pytestmark = pytest.mark.django_db
R = User.Role


def _next_month() -> datetime.date:
    return (this_month() + datetime.timedelta(days=32)).replace(day=1)


def test_the_beat_builds_next_months_plans_on_the_20th():
    entry = app.conf.beat_schedule["inspections-plans-monthly"]

    assert entry["task"] == plans_monthly_task.name
    assert entry["schedule"] == crontab(day_of_month="20", hour="4", minute="0")


def test_the_schedule_builds_one_plan_per_governorate_and_running_it_twice_builds_no_more(
    django_capture_on_commit_callbacks,
):
    # given a risky establishment in al Wusta
    risky = EstablishmentFactory.create(governorate="al_wusta", name_en="Risky")
    violation(risky)

    # when the beat runs, and runs again (a redelivered or repeated beat)
    with django_capture_on_commit_callbacks(execute=True):
        first = plans_monthly_task.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        second = plans_monthly_task.delay().get()

    # then next month has one plan per governorate, computed, asked for by no person
    assert (first, second) == (len(Governorate.values), 0)
    plans = InspectionPlan.objects.filter(month=_next_month())
    assert sorted(plans.values_list("governorate", flat=True)) == sorted(Governorate.values)
    assert all(plan.succeeded and plan.requested_by is None for plan in plans)
    assert not plans.filter(approved_at__isnull=False).exists()  # a supervisor approves
    assert AuditEvent.objects.filter(action="inspections.plan_scheduled").count() == len(
        Governorate.values
    )
    wusta = plans.get(governorate="al_wusta")
    assert list(PlanEntry.objects.filter(plan=wusta).values_list("establishment", flat=True)) == [
        risky.pk
    ]


def test_a_governorate_a_supervisor_already_planned_is_left_alone():
    supervisor = UserFactory.create(role=R.APPROVER)
    own = plan_request(month=_next_month(), governorate="dhofar", requested_by=supervisor)

    queued = plans_schedule_next_month()

    assert "dhofar" not in {plan.governorate for plan in queued}
    assert list(InspectionPlan.objects.filter(governorate="dhofar")) == [own]
    assert len(queued) == len(Governorate.values) - 1


def test_a_failed_scheduled_plan_is_built_again_by_the_next_run():
    plans_schedule_next_month()
    InspectionPlan.objects.filter(governorate="muscat").update(status=InspectionPlan.Status.FAILED)

    again = plans_schedule_next_month()

    assert [plan.governorate for plan in again] == ["muscat"]
    assert InspectionPlan.objects.filter(governorate="muscat").count() == 2


def test_no_weights_in_force_next_month_builds_nothing():
    from inspections.models import RiskRuleSet

    RiskRuleSet.objects.update(effective_to=this_month() + datetime.timedelta(days=1))

    assert plans_schedule_next_month() == []
    assert not InspectionPlan.objects.exists()


def test_the_plan_page_says_the_schedule_asked_for_it(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plans_schedule_next_month()
    plan = InspectionPlan.objects.get(governorate="muscat")
    sign_in_staff(client, UserFactory.create(role=R.APPROVER))

    page = client.get(f"/en/staff/inspections/plans/{plan.pk}/").content.decode()

    assert "The monthly schedule" in page
    assert "Approve this plan" in page
