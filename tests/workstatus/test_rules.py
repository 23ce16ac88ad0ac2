"""Rule vectors: each input alone turns its component red with its reason; the overall code is
green only when every component is; the allow and deny lists by activity, CR and worksite; a
same-day rule change applies from the day it is published."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from core import rulesets
from employers.models import Establishment
from permits.models import Permit
from tests.factories import UserFactory
from tests.workstatus.conftest import absconding, code_of, fitness, green_worker, order, today
from workstatus.models import AccessLine, Declaration, StatusRuleSet
from workstatus.rule_family import STATUS_RULES

pytestmark = pytest.mark.django_db


def _draft(**figures: Any) -> StatusRuleSet:
    policy = UserFactory.create(role="policy")
    base = rulesets.latest_published(STATUS_RULES)
    return _draft_today(base, policy, **figures)


def _draft_today(base: Any, policy: Any, **figures: Any) -> StatusRuleSet:
    values = {name: getattr(base, name) for name in STATUS_RULES.fields}
    values.update(name="Draft", name_ar="مسودة", effective_from=today(), **figures)
    return rulesets.draft_create(STATUS_RULES, created_by=policy, copy_from=base, **values)


def _publish_today(draft: StatusRuleSet) -> StatusRuleSet:
    """Same-day publication: one approver asks, another publishes."""
    first = UserFactory.create(role="policy")
    second = UserFactory.create(role="approver")
    rulesets.request_today(STATUS_RULES, rule_set=draft, requested_by=first)
    return rulesets.publish(STATUS_RULES, rule_set=draft, published_by=second)


def _rules_today(lines: list[tuple[str, str, str]] = (), **figures: Any) -> StatusRuleSet:  # type: ignore[assignment]
    draft = _draft(**figures)
    policy = UserFactory.create(role="policy")
    for scope, value, decision in lines:
        rulesets.line_save(
            STATUS_RULES,
            rule_set=draft,
            actor=policy,
            scope=scope,
            value=value,
            decision=decision,
            note="",
        )
    return _publish_today(draft)


def test_a_worker_with_everything_in_order_is_green():
    worker = green_worker()

    code = code_of(worker)

    assert (code.overall, code.work, code.health, code.residency) == ("green",) * 4
    assert code.reasons == []


def _no_permit(w: Any) -> None:
    Permit.objects.filter(employee=w).update(status=Permit.Status.CANCELLED)


def _expired_permit(w: Any) -> None:
    Permit.objects.filter(employee=w).update(valid_until=today() - datetime.timedelta(days=1))


def _permit_elsewhere(w: Any) -> None:
    from tests.factories import EstablishmentFactory

    Permit.objects.filter(employee=w).update(establishment=EstablishmentFactory.create())


def _suspended(w: Any) -> None:
    Establishment.objects.filter(pk=w.establishment_id).update(status="suspended")


def _closed(w: Any) -> None:
    Establishment.objects.filter(pk=w.establishment_id).update(status="closed")


def _no_address(w: Any) -> None:
    Declaration.objects.filter(employee=w).update(address=" ")


VECTORS = [
    (_no_permit, "work", "work.no_valid_permit"),
    (_expired_permit, "work", "work.no_valid_permit"),
    (_permit_elsewhere, "work", "work.no_valid_permit"),
    (_suspended, "work", "work.establishment_suspended"),
    (_closed, "work", "work.establishment_closed"),
    (lambda w: absconding(w, "upheld"), "work", "work.absconding"),
    (lambda w: fitness(w, result="unfit", days_ago=1), "health", "health.unfit"),
    (lambda w: order(w, "isolation"), "health", "health.isolation"),
    (lambda w: order(w, "sick_leave"), "health", "health.sick_leave"),
    (lambda w: order(w, "test_due"), "health", "health.test_due"),
    (_no_address, "residency", "residency.no_address"),
]


@pytest.mark.parametrize(("change", "component", "reason"), VECTORS)
def test_each_input_alone_turns_its_component_red_with_its_reason(change, component, reason):
    worker = green_worker()
    change(worker)

    code = code_of(worker)

    assert code.reasons == [reason]
    assert getattr(code, component) == "red"
    assert code.overall == "red"
    others = {"work", "health", "residency"} - {component}
    assert all(getattr(code, other) == "green" for other in others)


def test_the_overall_code_lists_the_reasons_of_every_red_component():
    worker = green_worker()
    _no_permit(worker)
    order(worker, "isolation")
    _no_address(worker)

    code = code_of(worker)

    assert code.reasons == ["work.no_valid_permit", "health.isolation", "residency.no_address"]
    assert (code.work, code.health, code.residency, code.overall) == ("red",) * 4


@pytest.mark.parametrize(
    ("change", "figure", "reason"),
    [
        (
            lambda w: fitness(w, days_ago=800, ref="old") and _drop_recent(w),
            "fitness_valid_days",
            "health.fitness_expired",
        ),
        (lambda w: _drop_recent(w), "fitness_required", "health.no_fitness"),
        (lambda w: absconding(w, "filed"), "absconding_filed_is_red", "work.absconding"),
        (
            lambda w: Establishment.objects.filter(pk=w.establishment_id).update(
                permits_barred=True
            ),
            "barred_is_red",
            "work.establishment_barred",
        ),
    ],
)
def test_inputs_the_rules_decide(change, figure, reason):
    worker = green_worker()
    change(worker)
    # under the first rule set (the defaults) ...
    defaults = code_of(worker)
    # ... and under a rule set that switches the figure the other way
    flipped = {
        "fitness_valid_days": 1000,
        "fitness_required": False,
        "absconding_filed_is_red": True,
        "barred_is_red": True,
    }[figure]
    _rules_today(**{figure: flipped})
    after = code_of(worker)

    if figure in ("fitness_valid_days", "fitness_required"):
        assert defaults.reasons == [reason]
        assert after.reasons == []
    else:
        assert defaults.reasons == []
        assert after.reasons == [reason]


def _drop_recent(w: Any) -> int:
    from integrations.models import MedicalFitnessResult

    MedicalFitnessResult.objects.filter(passport_number=w.passport_number).exclude(
        reference="old"
    ).delete()
    return 1


def test_orders_count_only_while_in_force_and_not_lifted():
    worker = green_worker()
    order(worker, "isolation", start=-10, end=-1)  # over
    order(worker, "sick_leave", start=2, end=5)  # not yet
    order(worker, "test_due", status="lifted")

    assert code_of(worker).reasons == []


def test_a_test_due_has_its_days_of_grace():
    worker = green_worker()
    order(worker, "test_due", start=-1)
    _rules_today(test_due_grace_days=3)

    assert code_of(worker).reasons == []


@pytest.mark.parametrize(
    ("lines", "default", "reason"),
    [
        ([("activity", "4711", "deny")], True, "work.denied_activity"),
        ([("cr", "{cr}", "deny")], True, "work.denied_cr"),
        ([("worksite", "SITE-1", "deny")], True, "work.denied_worksite"),
        ([], False, "work.not_allowed"),
        ([("activity", "4711", "allow")], False, None),
        # the most specific line decides
        ([("activity", "4711", "deny"), ("cr", "{cr}", "allow")], True, None),
        ([("activity", "4711", "allow"), ("cr", "{cr}", "deny")], True, "work.denied_cr"),
        ([("cr", "{cr}", "deny"), ("worksite", "SITE-1", "allow")], True, None),
        ([("cr", "{cr}", "allow"), ("worksite", "SITE-1", "deny")], False, "work.denied_worksite"),
        # another activity's, establishment's or site's line changes nothing
        (
            [
                ("activity", "4100", "deny"),
                ("cr", "9999999", "deny"),
                ("worksite", "SITE-2", "deny"),
            ],
            True,
            None,
        ),
    ],
)
def test_allow_and_deny_lists(lines, default, reason):
    worker = green_worker()
    Declaration.objects.filter(employee=worker).update(worksite="SITE-1")
    cr = worker.establishment.cr_number
    _rules_today(
        [(scope, value.format(cr=cr), decision) for scope, value, decision in lines],
        allow_by_default=default,
    )

    code = code_of(worker)

    assert code.reasons == ([reason] if reason else [])
    assert AccessLine.objects.exists() or not lines


def test_a_same_day_rule_change_applies_from_its_publication():
    worker = green_worker()
    before = code_of(worker, full=True)
    draft = _draft(allow_by_default=True)
    rulesets.line_save(
        STATUS_RULES,
        rule_set=draft,
        actor=UserFactory.create(role="policy"),
        scope="activity",
        value="4711",
        decision="deny",
        note="",
    )
    # not in force while it waits for the second approver
    assert code_of(worker, full=True).overall == "green"
    policy = UserFactory.create(role="policy")
    rulesets.request_today(STATUS_RULES, rule_set=draft, requested_by=policy)
    with pytest.raises(rulesets.RuleSetError):
        rulesets.publish(STATUS_RULES, rule_set=draft, published_by=policy)

    rulesets.publish(STATUS_RULES, rule_set=draft, published_by=UserFactory.create(role="approver"))
    after = code_of(worker, full=True)

    assert before.overall == "green"
    assert after.overall == "red"
    assert after.reasons == ["work.denied_activity"]
    assert after.rule_set_id == draft.pk


def test_the_impact_preview_counts_workers_turning_red_by_sector_and_governorate():
    from workstatus.rule_family import impact

    green_worker()
    green_worker()
    code_of(green_worker(), full=True)
    draft = _draft(allow_by_default=False)

    preview = impact(draft)

    assert preview["total"]["to_red"] == 3
    assert preview["sectors"][0]["code"] == "4711"
    assert preview["sectors"][0]["to_red"] == 3
    assert preview["governorates"] == [
        {"governorate": "muscat", "to_red": 3, "to_green": 0, "red": 3, "workers": 3}
    ]
