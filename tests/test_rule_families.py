"""Every rule family (Omanization, permit fees, employment lifecycle) goes through the one dated
rule set of core.rulesets and its one staff journey: policy staff draft from the latest set,
edit, see the impact and publish for a later date; a same-day publication needs two different
people; published sets never change; the Django admin no longer changes permit rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone, translation

from accounts.models import User
from bench.support import sign_in_staff
from core import ruleset_views
from core.models import AuditEvent
from core.rulesets import DatedRuleSet
from employment.deadlines import lifecycle_rule_set_in_force
from employment.models import LifecycleRuleSet
from omanization.models import RuleSet
from omanization.selectors import rule_set_in_force
from permits.models import FeeBand, PermitRuleSet
from tests.factories import UserFactory
from tests.omanization.builders import publish_rule_set

pytestmark = pytest.mark.django_db
R = User.Role


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def signed_in(role: str) -> tuple[Client, User]:
    user = UserFactory.create(role=role)
    client = Client()
    sign_in_staff(client, user)
    return client, user


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def page(response) -> str:
    return response.content.decode()


# --- construction: every family has the one journey -----------------------------------------


def test_every_dated_rule_set_model_has_the_staff_journey():
    """A new rule family (a model inheriting DatedRuleSet) must be mounted with
    core.ruleset_views.rule_set_urls: its list, draft, detail, impact and publish pages."""
    families = [
        model
        for model in apps.get_models()
        if issubclass(model, DatedRuleSet) and not model._meta.abstract
    ]
    assert {model._meta.label for model in families} >= {
        "omanization.RuleSet",
        "permits.PermitRuleSet",
        "employment.LifecycleRuleSet",
    }
    for model in families:
        namespace = model._meta.app_label
        for name in ("staff-rule-sets", "staff-rule-set-create"):
            view = resolve(reverse(f"{namespace}:{name}")).func
            assert view.__module__ == ruleset_views.__name__, (model, name)


# --- permit fees through the pages ------------------------------------------------------------


def test_policy_staff_draft_preview_and_publish_permit_fees_through_the_pages():
    client, policy = signed_in(R.POLICY)
    latest = PermitRuleSet.objects.get(version=2)
    start = in_days(30)
    # draft from the latest: its bands are copied
    response = client.post(
        reverse("permits:staff-rule-set-create"),
        {
            "name": "Fees 2027",
            "name_ar": "رسوم 2027",
            "decree": "MD 1/2027",
            "effective_from": start.isoformat(),
            "validity_months": 24,
            "transfer_fee": "5.000",
            "late_fine_per_month": "10.000",
            "reserved_occupations": ",".join(latest.reserved_occupations),
            "straight_through": "on",
            "labor_market_test_days": 14,
            "passport_min_validity_months": 6,
            "renewal_window_weeks": 12,
        },
    )
    draft = PermitRuleSet.objects.get(name="Fees 2027")
    assert response.status_code == 302
    assert draft.status == PermitRuleSet.Status.DRAFT
    assert sorted(draft.fee_bands.values_list("code", flat=True)) == sorted(
        latest.fee_bands.values_list("code", flat=True)
    )
    detail = reverse("permits:staff-rule-set", args=[draft.pk])
    # a band with a negative fee is refused, nothing changes
    bands_before = draft.fee_bands.count()
    refused = client.post(
        detail,
        {"save_line": "1", "code": "x", "name_en": "X", "name_ar": "س", "amount": "-1"},
    )
    assert refused.status_code == 200
    assert draft.fee_bands.count() == bands_before
    # raise one band
    band = draft.fee_bands.order_by("-amount").first()
    client.post(
        detail,
        {
            "save_line": "1",
            "code": band.code,
            "name_en": band.name_en,
            "name_ar": band.name_ar,
            "isco_major_groups": ",".join(band.isco_major_groups),
            "amount": "400.000",
        },
    )
    assert draft.fee_bands.get(code=band.code).amount == Decimal("400.000")
    assert latest.fee_bands.get(code=band.code).amount == band.amount  # the source is untouched
    # the detail page shows the change and the impact page answers
    assert "400.000" in page(client.get(detail))
    impact = client.get(reverse("permits:staff-rule-set-impact", args=[draft.pk]))
    assert impact.status_code == 200
    assert "under this draft" in page(impact)
    # publish for the later date
    client.post(reverse("permits:staff-rule-set-publish", args=[draft.pk]))
    draft.refresh_from_db()
    latest.refresh_from_db()
    assert (draft.status, draft.version, draft.published_by) == ("published", 3, policy)
    assert latest.effective_to == start - datetime.timedelta(days=1)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "permits.rule_set_drafted",
        "permits.fee_band_set",
        "permits.rule_set_published",
        "permits.rule_set_superseded",
    } <= actions


def test_a_published_permit_rule_set_cannot_be_changed_through_the_pages():
    client, _policy = signed_in(R.POLICY)
    published = PermitRuleSet.objects.get(version=2)
    amounts = list(published.fee_bands.values_list("code", "amount"))
    response = client.post(
        reverse("permits:staff-rule-set", args=[published.pk]),
        {"save_line": "1", "code": "all", "name_en": "A", "name_ar": "أ", "amount": "1"},
    )
    assert response.status_code == 404
    assert list(published.fee_bands.values_list("code", "amount")) == amounts


def test_officers_read_permit_rules_but_cannot_draft_them():
    client, _officer = signed_in(R.OFFICER)
    assert client.get(reverse("permits:staff-rule-sets")).status_code == 200
    assert client.get(reverse("permits:staff-rule-set-create")).status_code == 403
    assert not PermitRuleSet.objects.filter(status="draft").exists()


def test_the_admin_no_longer_changes_permit_rules(rf):
    from django.contrib import admin

    superuser = UserFactory.create(is_superuser=True, is_staff=True)
    request = rf.get("/")
    request.user = superuser
    rule_set = PermitRuleSet.objects.filter(status="published").first()
    draft = PermitRuleSet.objects.create(name="Draft", effective_from=in_days(30))
    model_admin = admin.site._registry[PermitRuleSet]
    assert not model_admin.has_add_permission(request)
    for obj in (rule_set, draft):
        assert not model_admin.has_change_permission(request, obj)
        assert not model_admin.has_delete_permission(request, obj)
    assert model_admin.has_view_permission(request, rule_set)  # still readable
    assert not model_admin.get_actions(request).get("publish")


# --- employment lifecycle rules through the pages --------------------------------------------


def _lifecycle_form(source: LifecycleRuleSet, **changes) -> dict[str, object]:
    from employment.forms_rules import floors_as_text, reasons_as_text

    values: dict[str, object] = {
        name: getattr(source, name)
        for name in (
            "absconding_min_days",
            "absconding_objection_days",
            "absconding_monthly_limit",
            "absconding_yearly_limit",
            "salary_paid_within_days",
            "wage_shortfall_tolerance_percent",
            "termination_objection_days",
            "min_notice_days",
            "performance_improvement_months",
            "violation_escalation_count",
            "contract_acceptance_days",
            "resignation_answer_days",
            "noc_transfer_days",
        )
    }
    values.update(
        name="Labour rules 2027",
        name_ar="قواعد العمل 2027",
        effective_from=in_days(10).isoformat(),
        termination_reasons=reasons_as_text(source.termination_reasons),
        salary_floors=floors_as_text(source.salary_floors),
    )
    values.update(changes)
    return values


def test_policy_staff_change_a_lifecycle_deadline_without_a_migration():
    client, _policy = signed_in(R.POLICY)
    current = lifecycle_rule_set_in_force()
    assert current is not None
    client.post(
        reverse("employment:staff-rule-set-create"),
        _lifecycle_form(current, termination_objection_days=45),
    )
    draft = LifecycleRuleSet.objects.get(name="Labour rules 2027")
    assert draft.termination_reasons == current.termination_reasons
    assert draft.violation_types.count() == current.violation_types.count()
    impact = client.get(reverse("employment:staff-rule-set-impact", args=[draft.pk]))
    assert "45" in page(impact)  # the changed figure, beside the one in force
    client.post(reverse("employment:staff-rule-set-publish", args=[draft.pk]))
    assert lifecycle_rule_set_in_force(on=in_days(10)).termination_objection_days == 45
    assert lifecycle_rule_set_in_force().pk == current.pk  # today is unchanged


@pytest.mark.parametrize(
    ("field", "text", "error"),
    [
        ("termination_reasons", "misconduct | whatever | Misconduct | سوء", "kind must be one of"),
        ("termination_reasons", "just one column", "code | kind | English | Arabic"),
        ("salary_floors", "12: 300", "major group from 1 to 9"),
    ],
    ids=["unknown-kind", "bad-line", "bad-group"],
)
def test_a_malformed_lifecycle_draft_gets_a_clear_error_and_saves_nothing(field, text, error):
    client, _policy = signed_in(R.POLICY)
    current = lifecycle_rule_set_in_force()
    response = client.post(
        reverse("employment:staff-rule-set-create"), _lifecycle_form(current, **{field: text})
    )
    assert response.status_code == 200
    assert error in page(response)
    assert not LifecycleRuleSet.objects.filter(status="draft").exists()


# --- same-day publication needs two people ----------------------------------------------------


@pytest.fixture
def omanization_in_force():
    return publish_rule_set(
        effective_from=datetime.date(2024, 1, 1), targets=[(None, "", None, "20")]
    )


def _today_draft(policy: User) -> RuleSet:
    from omanization.services import rule_set_create_draft, target_save

    draft = rule_set_create_draft(
        created_by=policy, name="Urgent", effective_from=timezone.localdate()
    )
    target_save(
        rule_set=draft,
        actor=policy,
        activity=None,
        size_class="",
        job_level=None,
        target_percent=Decimal("35"),
    )
    return draft


def test_a_rule_for_today_is_published_by_a_second_approver(omanization_in_force):
    first, asker = signed_in(R.POLICY)
    second, approver = signed_in(R.APPROVER)
    draft = _today_draft(asker)
    detail = reverse("omanization:staff-rule-set", args=[draft.pk])
    publish = reverse("omanization:staff-rule-set-publish", args=[draft.pk])
    assert "Ask for a same-day publication" in page(first.get(detail))
    # publishing without the request is refused and changes nothing
    first.post(publish)
    draft.refresh_from_db()
    assert draft.status == "draft"
    # the first approver asks, and still cannot publish alone
    first.post(reverse("omanization:staff-rule-set-publish-today-request", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.today_requested_by == asker
    response = first.post(publish, follow=True)
    assert "another approver must publish it" in page(response)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert rule_set_in_force(on=timezone.localdate()) == omanization_in_force
    # the second approver sees the button and publishes: in force today
    assert "Publish today, as the second approver" in page(second.get(detail))
    second.post(publish)
    draft.refresh_from_db()
    omanization_in_force.refresh_from_db()
    assert (draft.status, draft.published_by, draft.today_requested_by) == (
        "published",
        approver,
        asker,
    )
    assert omanization_in_force.effective_to == timezone.localdate() - datetime.timedelta(days=1)
    assert rule_set_in_force(on=timezone.localdate()) == draft
    published = AuditEvent.objects.get(
        action="omanization.rule_set_published", object_id=str(draft.pk)
    )
    assert published.after["same_day_asked_by"] == asker.pk


def test_a_change_after_the_request_withdraws_it(omanization_in_force):
    first, asker = signed_in(R.POLICY)
    second, _approver = signed_in(R.APPROVER)
    draft = _today_draft(asker)
    first.post(reverse("omanization:staff-rule-set-publish-today-request", args=[draft.pk]))
    # the asker changes a target after asking: the approval must be asked again
    first.post(
        reverse("omanization:staff-rule-set", args=[draft.pk]),
        {"save_line": "1", "target_percent": "50"},
    )
    draft.refresh_from_db()
    assert draft.today_requested_by is None
    second.post(reverse("omanization:staff-rule-set-publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_analysts_cannot_be_the_second_approver(omanization_in_force):
    first, asker = signed_in(R.POLICY)
    analyst, _user = signed_in(R.ANALYST)
    draft = _today_draft(asker)
    first.post(reverse("omanization:staff-rule-set-publish-today-request", args=[draft.pk]))
    response = analyst.post(reverse("omanization:staff-rule-set-publish", args=[draft.pk]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_rule_set_in_the_past_is_refused_even_with_two_approvers(omanization_in_force):
    from omanization.services import RuleSetError, rule_set_publish

    policy = UserFactory.create(role=R.POLICY)
    draft = _today_draft(policy)
    RuleSet.objects.filter(pk=draft.pk).update(effective_from=in_days(-1))
    draft.refresh_from_db()
    with pytest.raises(RuleSetError, match="past"):
        rule_set_publish(rule_set=draft, published_by=UserFactory.create(role=R.APPROVER))
    assert FeeBand.objects.exists()  # unrelated data untouched
    draft.refresh_from_db()
    assert draft.status == "draft"
