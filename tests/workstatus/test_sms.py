"""A worker whose code turns red gets exactly one SMS per change of reasons, in their language,
not one per recompute; the employer's daily digest."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from employment.models import WorkerNotice
from integrations.models import HealthOrder
from notifications.models import SmsMessage
from permits.models import Permit
from tests.factories import MembershipFactory, UserFactory
from tests.workstatus.conftest import green_worker, order
from workstatus.services import digest_send, notify_red_changes, recompute_all, recompute_workers

pytestmark = pytest.mark.django_db


def _sms(template: str = "worker_status_red") -> list[SmsMessage]:
    return list(SmsMessage.objects.filter(template__code=template).order_by("id"))


def _recompute_both(worker) -> None:
    recompute_workers(employee_ids=[worker.pk])
    recompute_all()
    notify_red_changes()


def test_one_sms_per_change_of_reasons_not_per_recompute():
    worker = green_worker(civil_id="71000001")
    UserFactory.create(
        civil_id="71000001",
        mobile="+96891000001",
        mobile_verified_at=timezone.now(),
        identity_proven_at=timezone.now(),
        preferred_language="en",
    )
    _recompute_both(worker)
    assert _sms() == []  # green: nothing to say

    Permit.objects.filter(employee=worker).update(status=Permit.Status.CANCELLED)
    _recompute_both(worker)
    _recompute_both(worker)
    first = _sms()
    assert len(first) == 1
    assert "No valid work permit with this employer" in first[0].rendered_text
    assert first[0].language == "en"

    order(worker, "isolation")  # the reasons change while red: one more
    _recompute_both(worker)
    _recompute_both(worker)
    assert len(_sms()) == 2
    assert "Under an isolation order" in _sms()[1].rendered_text

    HealthOrder.objects.all().update(status="lifted")  # back to the first reasons: one more
    _recompute_both(worker)
    Permit.objects.filter(employee=worker).update(status=Permit.Status.ACTIVE)  # green: none
    _recompute_both(worker)
    assert len(_sms()) == 3


def test_goes_to_the_registry_mobile_in_the_worker_s_language_without_an_account(
    civil_registry,
):
    # given a worker the civil registry knows (every 8-digit number has a mobile there) and a
    # permit written in Hindi, without a portal account
    worker = green_worker(civil_id="71000021")
    Permit.objects.filter(employee=worker).update(worker_language="hi")
    _recompute_both(worker)

    # when the worker turns red
    Permit.objects.filter(employee=worker).update(status=Permit.Status.CANCELLED)
    _recompute_both(worker)

    # then one SMS in Hindi, with the reason in Hindi, to the registry's number
    [sms] = _sms()
    assert sms.language == "hi"
    assert sms.to_number == "+96891000021"
    assert "इस नियोक्ता के साथ कोई मान्य वर्क परमिट नहीं" in sms.rendered_text
    assert sms.recipient is None


def test_never_to_an_unproven_account_nor_to_a_worker_without_a_verified_number(civil_registry):
    # given a number the registry holds no person for (99xxxxxx) and an account that typed it
    # and verified its own SIM without proving the identity
    worker = green_worker(civil_id="99000002")
    UserFactory.create(
        civil_id="99000002", mobile="+96891000002", mobile_verified_at=timezone.now()
    )
    Permit.objects.filter(employee=worker).update(status=Permit.Status.CANCELLED)

    # when the worker turns red, twice over
    _recompute_both(worker)
    _recompute_both(worker)

    # then nobody is texted and the notice says there was no number
    assert _sms() == []
    [notice] = WorkerNotice.objects.filter(employee=worker)
    assert notice.status == WorkerNotice.Status.NO_NUMBER


def test_the_employer_hears_once_a_day_of_workers_turned_red():
    worker = green_worker()
    representative = MembershipFactory.create(establishment=worker.establishment).user
    representative.mobile = "+96891000003"
    representative.save()
    recompute_all()
    Permit.objects.filter(employee=worker).update(status=Permit.Status.CANCELLED)
    recompute_all()
    day = timezone.localdate()

    assert digest_send(day=day) == 1
    assert digest_send(day=day) == 1  # the same key: still one message
    assert digest_send(day=day - datetime.timedelta(days=1)) == 0
    messages = _sms("worker_status_digest")
    assert len(messages) == 1
    assert worker.establishment.cr_number in messages[0].rendered_text
