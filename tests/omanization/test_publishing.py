"""Publishing rule sets: atomic, never overlapping, and the past stays reproducible."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from core import rulesets
from core.models import AuditEvent
from omanization.models import EstablishmentCompliance, RuleSet, Target
from omanization.selectors import compliance_for_establishment, rule_set_in_force
from omanization.services import (
    RuleSetError,
    compliance_recompute,
    rule_set_create_draft,
    rule_set_publish,
    rule_set_update_draft,
    target_save,
)
from tests.factories import ForeignEmployeeFactory, OmaniEmployeeFactory
from tests.omanization.builders import (
    activity,
    establishment,
    policy_user,
    publish_rule_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Refusals are asserted by their English text (the default language is Arabic)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(10, 0)).replace(tzinfo=datetime.UTC),
        tick=False,
    )


@pytest.fixture
def first_rule_set() -> RuleSet:
    return publish_rule_set(
        effective_from=datetime.date(2024, 1, 1), targets=[(None, "", None, "20")]
    )


def _draft(*, effective_from: datetime.date, percent: str = "30") -> RuleSet:
    actor = policy_user()
    draft = rule_set_create_draft(created_by=actor, name="Draft", effective_from=effective_from)
    target_save(
        rule_set=draft,
        actor=actor,
        activity=None,
        size_class="",
        job_level=None,
        target_percent=Decimal(percent),
    )
    return draft


class TestTargetsOutOfRange:
    @pytest.mark.parametrize("percent", ["-0.01", "100.01", "250"])
    def test_a_target_outside_0_to_100_percent_is_refused_and_nothing_is_saved(
        self, first_rule_set, percent
    ):
        with at(datetime.date(2024, 6, 1)):
            draft = _draft(effective_from=datetime.date(2024, 7, 1))
            with pytest.raises(ValidationError) as refused:
                target_save(
                    rule_set=draft,
                    actor=policy_user(),
                    activity=activity("6512"),
                    size_class="",
                    job_level=None,
                    target_percent=Decimal(percent),
                )
        assert "target_percent" in refused.value.message_dict
        assert list(draft.targets.values_list("target_percent", flat=True)) == [Decimal("30")]

    def test_the_database_refuses_an_out_of_range_target_too(self, first_rule_set):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Target.objects.create(rule_set=first_rule_set, target_percent=Decimal("101"))


class TestOverlappingDates:
    def test_a_rule_set_starting_on_or_before_the_latest_published_one_is_refused(
        self, first_rule_set
    ):
        # given: v2 is published from 2025-01-01
        with at(datetime.date(2024, 6, 1)):
            rule_set_publish(
                rule_set=_draft(effective_from=datetime.date(2025, 1, 1)),
                published_by=policy_user(),
            )
            overlapping = _draft(effective_from=datetime.date(2024, 9, 1))
            events_before = AuditEvent.objects.count()
            # when / then
            with pytest.raises(RuleSetError, match="overlap"):
                rule_set_publish(rule_set=overlapping, published_by=policy_user())
        overlapping.refresh_from_db()
        assert overlapping.status == RuleSet.Status.DRAFT
        assert overlapping.version is None
        assert AuditEvent.objects.count() == events_before
        assert rule_set_in_force(on=datetime.date(2024, 10, 1)) == first_rule_set

    def test_a_rule_set_starting_today_or_earlier_is_refused(self, first_rule_set):
        with at(datetime.date(2024, 6, 1)):
            draft = _draft(effective_from=datetime.date(2024, 6, 1))
            with pytest.raises(RuleSetError, match="tomorrow"):
                rule_set_publish(rule_set=draft, published_by=policy_user())
        first_rule_set.refresh_from_db()
        assert first_rule_set.effective_to is None

    def test_a_published_rule_set_cannot_be_edited(self, first_rule_set):
        with pytest.raises(RuleSetError):
            rule_set_update_draft(
                rule_set=first_rule_set, updated_by=policy_user(), averaging_weeks=4
            )
        with pytest.raises(RuleSetError):
            target_save(
                rule_set=first_rule_set,
                actor=policy_user(),
                activity=None,
                size_class="",
                job_level=None,
                target_percent=Decimal("99"),
            )
        first_rule_set.refresh_from_db()
        assert first_rule_set.averaging_weeks == 26
        assert first_rule_set.targets.get().target_percent == Decimal("20")


class TestPublishIsAtomic:
    def test_a_failure_half_way_leaves_the_previous_rule_set_open_and_the_draft_a_draft(
        self, first_rule_set, monkeypatch
    ):
        # given: the audit write of the publication fails after the previous set was closed
        real = rulesets.audit_record

        def failing(**kwargs):
            if kwargs["action"] == "omanization.rule_set_published":
                raise RuntimeError("disk full")
            return real(**kwargs)

        monkeypatch.setattr(rulesets, "audit_record", failing)
        with at(datetime.date(2024, 6, 1)):
            draft = _draft(effective_from=datetime.date(2024, 7, 1))
            # when
            with pytest.raises(RuntimeError):
                rule_set_publish(rule_set=draft, published_by=policy_user())
        # then
        first_rule_set.refresh_from_db()
        draft.refresh_from_db()
        assert first_rule_set.effective_to is None
        assert (draft.status, draft.version) == (RuleSet.Status.DRAFT, None)
        assert not AuditEvent.objects.filter(action="omanization.rule_set_superseded").exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_publications_with_the_same_start_publish_one():
    # given
    publish_rule_set(effective_from=datetime.date(2024, 1, 1), targets=[(None, "", None, "20")])
    with at(datetime.date(2024, 6, 1)):
        drafts = [_draft(effective_from=datetime.date(2024, 8, 1)) for _ in range(2)]
        publisher = policy_user()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def publish(draft: RuleSet) -> None:
        try:
            barrier.wait()
            with at(datetime.date(2024, 6, 1)):
                rule_set_publish(rule_set=draft, published_by=publisher)
            outcomes.append("published")
        except RuleSetError:
            outcomes.append("refused")
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=publish, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert sorted(outcomes) == ["published", "refused"]
    assert RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).count() == 2
    assert (
        RuleSet.objects.filter(
            status=RuleSet.Status.PUBLISHED, effective_from=datetime.date(2024, 8, 1)
        ).count()
        == 1
    )


def test_the_rule_set_in_force_on_a_past_date_reproduces_the_status_computed_then():
    # given: statuses computed on 2025-03-01 under the rules then in force
    retail = activity("4711")
    a = publish_rule_set(effective_from=datetime.date(2024, 1, 1), targets=[(None, "", None, "20")])
    shops = []
    for n_omanis in range(0, 5):
        shop = establishment(activity=retail)
        OmaniEmployeeFactory.create_batch(
            n_omanis, establishment=shop, monthly_salary=Decimal("260")
        )
        ForeignEmployeeFactory.create_batch(8, establishment=shop)
        shops.append(shop)
    with at(datetime.date(2025, 3, 1)):
        compliance_recompute()
    then = {
        row.establishment_id: (row.status, row.share, row.rule_set_id)
        for row in EstablishmentCompliance.objects.all()
    }
    # when: later, a stricter rule set is published and statuses are recomputed under it
    publish_rule_set(
        effective_from=datetime.date(2025, 7, 1),
        salary_floor_half=Decimal("300"),
        salary_floor_full=Decimal("400"),
        targets=[(None, "", None, "35")],
    )
    with at(datetime.date(2025, 9, 1)):
        later = compliance_recompute()
    assert later.changed > 0
    # then: asking for 2025-03-01 again gives the rule set and the statuses of that day
    assert rule_set_in_force(on=datetime.date(2025, 3, 1)) == a
    for shop in shops:
        again = compliance_for_establishment(establishment=shop, as_of=datetime.date(2025, 3, 1))
        status = "compliant" if again.compliant else "non_compliant"
        assert (status, again.share, again.rule_set_id) == then[shop.pk]


def test_the_command_and_the_periodic_task_recompute_every_establishment(client):
    from io import StringIO

    from django.core.management import call_command

    from omanization.models import ComplianceRun
    from omanization.tasks import recompute_compliance_task

    publish_rule_set(effective_from=datetime.date(2024, 1, 1), targets=[(None, "", None, "20")])
    shop = establishment(activity=activity("4711"))
    ForeignEmployeeFactory.create_batch(2, establishment=shop)
    out = StringIO()
    call_command("recompute_omanization", "--as-of", "2025-01-01", stdout=out)
    assert "1 establishments on 2025-01-01" in out.getvalue()
    assert EstablishmentCompliance.objects.get().status == "non_compliant"
    recompute_compliance_task.delay()
    assert ComplianceRun.objects.filter(trigger="schedule").count() == 1


def test_the_command_explains_when_no_rules_are_in_force():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No Omanization rule set"):
        call_command("recompute_omanization")
