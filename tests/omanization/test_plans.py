"""Annual Omanization plans: filed by establishments from the rule set's headcount, scored,
decided by an officer, followed quarter by quarter, read by the permit check and the tender
board."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.api_keys import api_client_create
from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from omanization.plan_models import OmanizationPlan, OmanizationPlanLine
from omanization.plan_selectors import plan_progress
from omanization.plan_services import (
    PlanError,
    PlanLineInput,
    plan_approve,
    plan_file,
    plan_request_changes,
)
from permits.models import Permit
from permits.presentation import check_rows
from tests.conftest import sign_in, sign_in_staff
from tests.factories import ForeignEmployeeFactory, OmaniEmployeeFactory, UserFactory
from tests.omanization.builders import activity, establishment, publish_rule_set
from tests.permits.builders import apply, representative

pytestmark = pytest.mark.django_db


def this_year() -> int:
    """The year in Muscat, read inside a test (never at collection: tests/dates.py)."""
    return timezone.localdate().year


def rules(*, gate: bool = True, headcount: int = 25):
    return publish_rule_set(
        effective_from=datetime.date(2024, 1, 1),
        targets=[(None, "", None, "20")],
        plan_required_headcount=headcount,
        plan_required_for_permits=gate,
    )


def workforce(omanis: int, foreign: int, cr_number: str = "1234567"):
    est = establishment(activity=activity("4711"), cr_number=cr_number)
    OmaniEmployeeFactory.create_batch(omanis, establishment=est, monthly_salary=Decimal("500"))
    ForeignEmployeeFactory.create_batch(foreign, establishment=est)
    return est


def officer() -> User:
    return UserFactory.create(role=User.Role.OFFICER)


def line(level: int = 4, quarter: int = 1, hires: int = 2, replacements: int = 1):
    return PlanLineInput(
        job_level=level, quarter=quarter, omani_hires=hires, replacements=replacements
    )


def plan_outcome(permit: Permit) -> str | None:
    return next((c["outcome"] for c in permit.checks if c["code"] == "omanization_plan"), None)


class TestPermitCheck:
    def test_25_or_more_without_an_approved_plan_is_refused_with_the_reason(self):
        # given the switch on and 25 on the register, a plan filed but not approved
        rules(gate=True)
        shop = workforce(10, 15)
        user = representative(shop)
        plan_file(establishment=shop, year=this_year(), lines=[line()], submitted_by=user)
        # when
        permit = apply(shop, user)
        # then the permit is not issued: the check failed, with its reason
        assert plan_outcome(permit) == "failed"
        assert permit.checks_passed is False
        assert permit.status == Permit.Status.SUBMITTED
        with translation.override("en"):
            reason = next(r.reason for r in check_rows(permit) if r.code == "omanization_plan")
        assert "approved Omanization plan" in reason
        assert "25" in reason

    def test_an_approved_plan_lets_the_permit_through(self):
        rules(gate=True)
        shop = workforce(10, 15)
        user = representative(shop)
        plan = plan_file(establishment=shop, year=this_year(), lines=[line()], submitted_by=user)
        plan_approve(plan=plan, decided_by=officer())
        permit = apply(shop, user)
        assert plan_outcome(permit) == "passed"
        assert permit.status == Permit.Status.ACTIVE

    def test_below_25_the_plan_is_not_asked(self):
        rules(gate=True)
        shop = workforce(10, 14)
        permit = apply(shop, representative(shop))
        assert plan_outcome(permit) is None
        assert permit.status == Permit.Status.ACTIVE

    def test_with_the_switch_off_the_plan_is_not_asked(self):
        rules(gate=False)
        shop = workforce(10, 15)
        permit = apply(shop, representative(shop))
        assert plan_outcome(permit) is None
        assert permit.status == Permit.Status.ACTIVE

    def test_the_reason_reads_in_arabic(self):
        rules(gate=True)
        shop = workforce(10, 15)
        permit = apply(shop, representative(shop))
        with translation.override("ar"):
            row = next(r for r in check_rows(permit) if r.code == "omanization_plan")
        assert any("\u0600" <= ch <= "\u06ff" for ch in row.reason + row.label)


class TestFiling:
    def test_a_plan_is_scored_against_the_target_and_the_projection(self):
        rules()
        shop = workforce(1, 24)  # 4% Omani against 20%
        plan = plan_file(
            establishment=shop,
            year=this_year(),
            lines=[line(4, 1, hires=2, replacements=1), line(3, 2, hires=0, replacements=0)],
            submitted_by=representative(shop),
        )
        assert plan.status == OmanizationPlan.Status.SUBMITTED
        assert plan.headcount == 25
        assert plan.target == Decimal("0.2000")
        assert plan.projected_share == Decimal("0.0400")
        # (1 + 3) Omanis against 23 foreign: 4 / 27
        assert plan.planned_share == Decimal("0.1481")
        assert plan.score == 74
        assert list(plan.lines.values_list("job_level", "quarter")) == [(4, 1)]
        assert AuditEvent.objects.filter(action="omanization.plan_filed").count() == 1

    @pytest.mark.parametrize(
        ("lines", "year_offset", "message"),
        [
            pytest.param([line(hires=-1)], 0, "negative", id="negative-hires"),
            pytest.param([line(replacements=-3)], 0, "negative", id="negative-repl"),
            pytest.param([line(quarter=5)], 0, "quarter", id="quarter-5"),
            pytest.param([line(quarter=0)], 0, "quarter", id="quarter-0"),
            pytest.param([line(level=9)], 0, "level", id="unknown-level"),
            pytest.param([line(), line()], 0, "once", id="level-twice"),
            pytest.param([line()], -1, "year", id="past-year"),
        ],
    )
    def test_bad_figures_are_refused_in_arabic_and_nothing_is_saved(
        self, lines, year_offset, message
    ):
        year = this_year() + year_offset
        rules()
        shop = workforce(10, 15)
        with translation.override("en"), pytest.raises(PlanError) as refused:
            plan_file(establishment=shop, year=year, lines=lines, submitted_by=representative(shop))
        assert message in refused.value.message.lower()
        with translation.override("ar"), pytest.raises(PlanError) as refused_ar:
            plan_file(establishment=shop, year=year, lines=lines, submitted_by=representative(shop))
        assert any("\u0600" <= ch <= "\u06ff" for ch in refused_ar.value.message)
        assert not OmanizationPlan.objects.exists()
        assert not OmanizationPlanLine.objects.exists()

    def test_a_year_already_approved_is_refused_and_the_plan_is_unchanged(self):
        rules()
        shop = workforce(10, 15)
        user = representative(shop)
        plan = plan_file(establishment=shop, year=this_year(), lines=[line()], submitted_by=user)
        plan_approve(plan=plan, decided_by=officer())
        with translation.override("ar"), pytest.raises(PlanError) as refused:
            plan_file(
                establishment=shop, year=this_year(), lines=[line(hires=9)], submitted_by=user
            )
        assert any("\u0600" <= ch <= "\u06ff" for ch in refused.value.message)
        plan.refresh_from_db()
        assert plan.status == OmanizationPlan.Status.APPROVED
        assert list(plan.lines.values_list("omani_hires", flat=True)) == [2]

    def test_changes_requested_then_filed_again_replaces_the_lines(self):
        rules()
        shop = workforce(10, 15)
        user = representative(shop)
        plan = plan_file(establishment=shop, year=this_year(), lines=[line()], submitted_by=user)
        plan_request_changes(plan=plan, decided_by=officer(), note="Plan more hires in Q2.")
        plan.refresh_from_db()
        assert plan.status == OmanizationPlan.Status.CHANGES_REQUESTED
        assert plan.decision_note == "Plan more hires in Q2."
        again = plan_file(
            establishment=shop,
            year=this_year(),
            lines=[line(quarter=2, hires=5)],
            submitted_by=user,
        )
        assert again.pk == plan.pk
        assert again.status == OmanizationPlan.Status.SUBMITTED
        assert list(again.lines.values_list("quarter", "omani_hires")) == [(2, 5)]
        assert list(
            AuditEvent.objects.filter(object_id=str(plan.pk))
            .order_by("id")
            .values_list("action", flat=True)
        ) == [
            "omanization.plan_filed",
            "omanization.plan_changes_requested",
            "omanization.plan_refiled",
        ]

    def test_a_plan_waiting_for_the_ministry_cannot_be_filed_twice(self):
        rules()
        shop = workforce(10, 15)
        user = representative(shop)
        plan_file(establishment=shop, year=this_year(), lines=[line()], submitted_by=user)
        with pytest.raises(PlanError):
            plan_file(
                establishment=shop, year=this_year(), lines=[line(hires=7)], submitted_by=user
            )
        assert OmanizationPlanLine.objects.get().omani_hires == 2


class TestDecision:
    def test_asking_for_changes_needs_a_reason(self):
        rules()
        shop = workforce(10, 15)
        plan = plan_file(
            establishment=shop, year=this_year(), lines=[line()], submitted_by=representative(shop)
        )
        with pytest.raises(PlanError):
            plan_request_changes(plan=plan, decided_by=officer(), note=" ")
        plan.refresh_from_db()
        assert plan.status == OmanizationPlan.Status.SUBMITTED

    def test_only_officers_decide(self):
        rules()
        shop = workforce(10, 15)
        plan = plan_file(
            establishment=shop, year=this_year(), lines=[line()], submitted_by=representative(shop)
        )
        with pytest.raises(PermissionDeniedError):
            plan_approve(plan=plan, decided_by=UserFactory.create(role=User.Role.ANALYST))
        plan.refresh_from_db()
        assert plan.status == OmanizationPlan.Status.SUBMITTED

    def test_an_approved_plan_is_not_decided_again(self):
        rules()
        shop = workforce(10, 15)
        plan = plan_file(
            establishment=shop, year=this_year(), lines=[line()], submitted_by=representative(shop)
        )
        plan_approve(plan=plan, decided_by=officer())
        with pytest.raises(PlanError):
            plan_request_changes(plan=plan, decided_by=officer(), note="Again")
        plan.refresh_from_db()
        assert plan.status == OmanizationPlan.Status.APPROVED


def test_progress_is_counted_quarter_by_quarter_against_the_register():
    rules()
    shop = workforce(10, 15)
    plan = plan_file(
        establishment=shop,
        year=this_year(),
        lines=[line(4, 1, hires=2, replacements=0), line(3, 2, hires=1, replacements=1)],
        submitted_by=representative(shop),
    )
    OmaniEmployeeFactory.create(establishment=shop, contract_start=datetime.date(this_year(), 2, 1))
    OmaniEmployeeFactory.create(establishment=shop, contract_start=datetime.date(this_year(), 5, 9))
    ForeignEmployeeFactory.create(
        establishment=shop, contract_start=datetime.date(this_year(), 2, 1)
    )
    progress = plan_progress(plan=plan, on=datetime.date(this_year(), 7, 15))
    assert [(q.planned, q.joined) for q in progress] == [(2, 1), (2, 1), (0, 0), (0, 0)]
    assert [q.on_track for q in progress[:2]] == [False, False]
    assert [q.ended for q in progress] == [True, True, False, False]
    assert progress[1].planned_to_date == 4
    assert progress[1].joined_to_date == 2


class TestPages:
    def test_the_employer_files_a_plan_and_sees_it(self, client):
        rules()
        shop = workforce(10, 15)
        sign_in(client, representative(shop))
        page = client.get(reverse("omanization:employer-plans", args=[shop.pk]))
        assert page.status_code == 200
        assert b'id="plans"' in page.content
        response = client.post(
            reverse("omanization:employer-plan-file", args=[shop.pk]),
            {"year": this_year(), "omani_hires_4_1": "3", "replacements_2_3": "1"},
        )
        plan = OmanizationPlan.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("omanization:employer-plan", args=[shop.pk, plan.pk])
        assert sorted(
            plan.lines.values_list("job_level", "quarter", "omani_hires", "replacements")
        ) == [
            (2, 3, 0, 1),
            (4, 1, 3, 0),
        ]
        detail = client.get(response["Location"])
        assert detail.status_code == 200
        assert b"plan-progress" in detail.content

    def test_a_negative_figure_is_refused_on_the_page_in_arabic(self, client):
        rules()
        shop = workforce(10, 15)
        sign_in(client, representative(shop))
        with translation.override("ar"):
            url = reverse("omanization:employer-plan-file", args=[shop.pk])
        response = client.post(
            url, {"year": this_year(), "omani_hires_4_1": "-2"}, HTTP_ACCEPT_LANGUAGE="ar"
        )
        assert response.status_code == 200
        error = response.context["form"].errors["omani_hires_4_1"][0]
        assert any("\u0600" <= ch <= "\u06ff" for ch in error)
        assert error in response.content.decode()
        assert not OmanizationPlan.objects.exists()

    def test_an_officer_approves_from_the_review_page(self, client):
        rules()
        shop = workforce(10, 15)
        plan = plan_file(
            establishment=shop, year=this_year(), lines=[line()], submitted_by=representative(shop)
        )
        sign_in_staff(client, officer())
        queue = client.get(reverse("omanization:staff-plans"))
        assert shop.name.encode() in queue.content
        response = client.post(
            reverse("omanization:staff-plan", args=[plan.pk]), {"approve": "yes", "note": ""}
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == OmanizationPlan.Status.APPROVED


class TestTenderBoard:
    @staticmethod
    def _get(client, cr_number: str, scopes: list[str]):
        key = api_client_create(name="Tender Board", scopes=scopes).key
        return client.get(
            reverse("api-g2g-omanization-plan", args=[cr_number]),
            HTTP_AUTHORIZATION=f"Api-Key {key}",
        )

    def test_returns_the_plan_status(self, client):
        rules()
        shop = workforce(10, 15)
        plan = plan_file(
            establishment=shop, year=this_year(), lines=[line()], submitted_by=representative(shop)
        )
        plan_approve(plan=plan, decided_by=officer())
        body = self._get(client, "1234567", ["omanization-plan:read"]).json()
        assert body["status"] == "approved"
        assert body["plan_required"] is True
        assert body["required_for_permits"] is True
        assert body["year"] == this_year()
        assert body["score"] == plan.score

    def test_not_filed_and_not_required_below_the_headcount(self, client):
        rules()
        workforce(2, 3)
        body = self._get(client, "1234567", ["omanization-plan:read"]).json()
        assert (body["status"], body["plan_required"]) == ("not_filed", False)

    def test_a_key_without_the_scope_is_refused(self, client):
        rules()
        workforce(10, 15)
        assert self._get(client, "1234567", ["omanization:read"]).status_code == 403

    def test_an_unknown_cr_is_not_found(self, client):
        rules()
        assert self._get(client, "999", ["omanization-plan:read"]).status_code == 404
