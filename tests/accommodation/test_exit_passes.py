"""Exit passes: a movement rule in force restricts a site (or workers with a given code); the
places of a site and slot decide under concurrency (50 simultaneous requests for 10 places give
10 passes, on real PostgreSQL); a worker not restricted needs no pass; the gate records the way
out and a late return."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from accommodation import exits
from accommodation.models import ExitPass, MovementLine, MovementRuleSet, SlotCount
from tests.accommodation.helpers import operator_with_user, site_with_rooms
from tests.factories import ForeignEmployeeFactory, UserFactory
from tests.permits.test_concurrency import run_together


def _rules(*, scope: str, value: str, places: int) -> MovementRuleSet:
    rule_set = MovementRuleSet.objects.create(
        name="Controlled leave",
        effective_from=timezone.localdate() - datetime.timedelta(days=1),
        status=MovementRuleSet.Status.PUBLISHED,
        version=1,
        slot_minutes=120,
        return_grace_minutes=15,
    )
    MovementLine.objects.create(rule_set=rule_set, scope=scope, value=value, passes_per_slot=places)
    return rule_set


def _next_slot(rule_set: MovementRuleSet) -> datetime.datetime:
    now = timezone.now()
    return exits.slot_of(
        rule_set=rule_set, at=now + datetime.timedelta(minutes=rule_set.slot_minutes)
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_simultaneous_requests_for_ten_places_give_ten_passes():
    # given a restricted site with 10 passes a slot and 50 residents
    site = site_with_rooms(operator_with_user()[0])
    rule_set = _rules(scope="site", value=site.licence_number, places=10)
    slot = _next_slot(rule_set)
    workers = [ForeignEmployeeFactory.create() for _ in range(50)]
    asker = UserFactory.create()

    # when all ask at the same instant
    outcomes = run_together(
        [
            (
                lambda w=w: exits.exit_pass_request(
                    employee=w, site=site, slot_start=slot, requested_by=asker
                )
            )
            for w in workers
        ]
    )

    # then exactly ten passes, the rest refused, and the counter says ten
    assert outcomes == {"done": 10, "refused": 40}
    assert ExitPass.objects.filter(site=site, slot_start=slot).count() == 10
    assert SlotCount.objects.get(site=site, slot_start=slot).issued == 10


@pytest.mark.django_db
def test_a_worker_of_an_unrestricted_site_needs_no_pass():
    restricted = site_with_rooms(operator_with_user()[0])
    free = site_with_rooms(operator_with_user()[0])
    rule_set = _rules(scope="site", value=restricted.licence_number, places=10)

    with pytest.raises(exits.ExitPassRefusedError):
        exits.exit_pass_request(
            employee=ForeignEmployeeFactory.create(),
            site=free,
            slot_start=_next_slot(rule_set),
            requested_by=UserFactory.create(),
        )
    assert not ExitPass.objects.exists()


@pytest.mark.django_db
def test_workers_with_a_red_code_are_restricted_and_green_ones_are_not():
    from permits.models import Permit
    from tests.workstatus.conftest import green_worker
    from workstatus.services import recompute_all

    site = site_with_rooms(operator_with_user()[0])
    rule_set = _rules(scope="code", value="red", places=1)
    red, green = green_worker(), green_worker()
    Permit.objects.filter(employee=red).update(status=Permit.Status.CANCELLED)
    recompute_all()
    slot = _next_slot(rule_set)

    issued = exits.exit_pass_request(
        employee=red,
        site=site,
        slot_start=slot,
        requested_by=UserFactory.create(),
    )
    with pytest.raises(exits.ExitPassRefusedError):
        exits.exit_pass_request(
            employee=green, site=site, slot_start=slot, requested_by=UserFactory.create()
        )

    assert issued.site == site
    assert list(ExitPass.objects.values_list("employee_id", flat=True)) == [red.pk]


@pytest.mark.django_db
def test_the_gate_records_the_way_out_and_a_late_return():
    site = site_with_rooms(operator_with_user()[0])
    rule_set = _rules(scope="site", value=site.licence_number, places=5)
    slot = _next_slot(rule_set)
    exit_pass = exits.exit_pass_request(
        employee=ForeignEmployeeFactory.create(),
        site=site,
        slot_start=slot,
        requested_by=UserFactory.create(),
    )
    guard = UserFactory.create()

    with time_machine.travel(slot + datetime.timedelta(minutes=5)):
        exits.exit_pass_gate(exit_pass=exit_pass, guard=guard)
    with time_machine.travel(exit_pass.slot_end + datetime.timedelta(minutes=40)):
        exits.exit_pass_gate(exit_pass=exit_pass, guard=guard)

    exit_pass.refresh_from_db()
    assert exit_pass.out_at is not None
    assert exit_pass.late is True
    with pytest.raises(exits.ExitPassRefusedError):
        exits.exit_pass_gate(exit_pass=exit_pass, guard=guard)


@pytest.mark.django_db
def test_a_resident_asks_for_a_pass_and_the_guard_scans_it(client):
    from django.urls import reverse

    from accommodation import services
    from accommodation.models import Room
    from accounts.models import User
    from tests.accommodation.helpers import person
    from tests.conftest import sign_in

    site = site_with_rooms(operator_with_user()[0])
    rule_set = _rules(scope="site", value=site.licence_number, places=3)
    worker = ForeignEmployeeFactory.create(civil_id="72300001")
    services.declaration_save(
        employee=worker,
        room=Room.objects.filter(block__site=site).first(),
        declared_by=UserFactory.create(),
    )
    sign_in(client, person("72300001"))
    slot = exits.slot_of(rule_set=rule_set, at=timezone.now())

    client.post(reverse("accommodation:exit-pass"), {"slot": timezone.localtime(slot).isoformat()})
    page = client.get(reverse("accommodation:exit-pass"))

    exit_pass = ExitPass.objects.get(employee=worker)
    assert page.context["passes"][0]["pass"] == exit_pass
    token = signing.dumps(str(exit_pass.token), salt="accommodation.exit_pass")

    guard = UserFactory.create(role=User.Role.ACCOMMODATION_GUARD)
    sign_in(client, guard)
    shown = client.get(reverse("accommodation:gate"), {"p": token})
    client.post(reverse("accommodation:gate"), {"p": token})

    assert worker.name_ar in shown.content.decode()
    exit_pass.refresh_from_db()
    assert exit_pass.out_at is not None
    # a forged pass shows nothing
    forged = client.get(reverse("accommodation:gate"), {"p": token[:-2] + "xx"})
    assert forged.context["exit_pass"] is None


@pytest.mark.django_db
def test_only_guards_and_operators_reach_the_gate(client):
    from django.urls import reverse

    from accounts.models import User
    from tests.conftest import sign_in

    sign_in(client, UserFactory.create(role=User.Role.JOBSEEKER))

    assert client.get(reverse("accommodation:gate")).status_code == 403
