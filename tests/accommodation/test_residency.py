"""The residency component compares the employer's declaration, the operator's record and the
worker's last check-in: each pair that disagrees turns residency red with its own reason, and
correcting the record turns it green at the next incremental recompute (run on commit by the
accommodation services)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from accommodation import services
from accommodation.residency import DECLARED_VS_CHECKIN, DECLARED_VS_OPERATOR, OPERATOR_VS_CHECKIN
from tests.accommodation.helpers import operator_with_user, person, room, site_with_rooms
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.workstatus.conftest import green_worker
from workstatus.models import WorkerStatus
from workstatus.services import recompute_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    operator, operator_user = operator_with_user()
    site = site_with_rooms(operator)
    worker = green_worker(civil_id="72300001")
    employer = UserFactory.create()
    recompute_all()
    return {
        "operator": operator,
        "op": operator_user,
        "site": site,
        "worker": worker,
        "employer": employer,
        "person": person("72300001"),
    }


def _status(worker) -> WorkerStatus:
    return WorkerStatus.objects.get(employee_id=worker.pk)


def _declare(w, number, capture):
    with capture(execute=True):
        services.declaration_save(
            employee=w["worker"], room=room(w["site"], number), declared_by=w["employer"]
        )


def _confirm(w, number, capture):
    with capture(execute=True):
        services.resident_confirm(
            operator=w["operator"], employee=w["worker"], room=room(w["site"], number), by=w["op"]
        )


def _dispute(w, capture):
    with capture(execute=True):
        services.resident_dispute(
            operator=w["operator"], employee=w["worker"], site=w["site"], by=w["op"]
        )


def _check_in(w, number, capture):
    with capture(execute=True):
        services.checkin_record(
            user=w["person"],
            room_id=room(w["site"], number).pk,
            site_id=w["site"].pk,
            client_id=uuid.uuid4(),
        )


def test_three_records_that_agree_keep_residency_green(world, django_capture_on_commit_callbacks):
    _declare(world, "101", django_capture_on_commit_callbacks)
    _confirm(world, "101", django_capture_on_commit_callbacks)
    _check_in(world, "101", django_capture_on_commit_callbacks)

    status = _status(world["worker"])
    assert (status.residency, status.overall, status.reasons) == ("green", "green", [])


def test_declaration_and_operator_disagree(world, django_capture_on_commit_callbacks):
    _declare(world, "101", django_capture_on_commit_callbacks)
    _confirm(world, "102", django_capture_on_commit_callbacks)

    status = _status(world["worker"])
    assert status.residency == "red"
    assert status.reasons == [DECLARED_VS_OPERATOR]

    # the employer corrects the declaration: green at the incremental recompute
    _declare(world, "102", django_capture_on_commit_callbacks)
    assert _status(world["worker"]).residency == "green"


def test_an_operator_disputing_the_worker_disagrees_with_the_declaration(
    world, django_capture_on_commit_callbacks
):
    _declare(world, "101", django_capture_on_commit_callbacks)
    _dispute(world, django_capture_on_commit_callbacks)

    assert _status(world["worker"]).reasons == [DECLARED_VS_OPERATOR]

    _confirm(world, "101", django_capture_on_commit_callbacks)
    assert _status(world["worker"]).residency == "green"


def test_declaration_and_check_in_disagree(world, django_capture_on_commit_callbacks):
    _declare(world, "101", django_capture_on_commit_callbacks)
    _check_in(world, "103", django_capture_on_commit_callbacks)

    status = _status(world["worker"])
    assert (status.residency, status.reasons) == ("red", [DECLARED_VS_CHECKIN])

    # the worker checks in at the declared room
    _check_in(world, "101", django_capture_on_commit_callbacks)
    assert _status(world["worker"]).residency == "green"


def test_operator_and_check_in_disagree(world, django_capture_on_commit_callbacks):
    _confirm(world, "102", django_capture_on_commit_callbacks)
    _check_in(world, "103", django_capture_on_commit_callbacks)

    assert _status(world["worker"]).reasons == [OPERATOR_VS_CHECKIN]

    # the operator records the room the worker moved to
    _confirm(world, "103", django_capture_on_commit_callbacks)
    assert _status(world["worker"]).residency == "green"


def test_all_three_disagreeing_give_all_three_reasons_and_the_full_recompute_agrees(
    world, django_capture_on_commit_callbacks
):
    _declare(world, "101", django_capture_on_commit_callbacks)
    _confirm(world, "102", django_capture_on_commit_callbacks)
    _check_in(world, "103", django_capture_on_commit_callbacks)

    incremental = _status(world["worker"]).reasons
    recompute_all()

    assert incremental == [DECLARED_VS_OPERATOR, DECLARED_VS_CHECKIN, OPERATOR_VS_CHECKIN]
    assert _status(world["worker"]).reasons == incremental


def test_the_worker_reads_the_reason_in_urdu_right_to_left(
    client, world, django_capture_on_commit_callbacks
):
    _declare(world, "101", django_capture_on_commit_callbacks)
    _check_in(world, "103", django_capture_on_commit_callbacks)
    sign_in(client, world["person"])

    with translation.override("ur"):
        page = client.get(reverse("workstatus:my-status"))

    text = page.content.decode()
    assert page.status_code == 200
    assert 'dir="rtl"' in text
    assert DECLARED_VS_CHECKIN in text
