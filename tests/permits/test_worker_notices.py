"""The worker hears of decisions on their permit only at verified numbers (issue 15, "worker
contact only through verified numbers"): every number `accounts.contact.verified_numbers_for`
gives for their civil or resident card number, never the number the employer typed."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone

from accounts.models import RegistryRecord, User
from notifications.models import SmsMessage
from permits.models import Permit
from permits.services import permit_cancel, permit_suspend
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory
from tests.permits.transfer_helpers import REGISTRY_MOBILE, TYPED_MOBILE, WORKER

pytestmark = pytest.mark.django_db

OWN_MOBILE = "+96894445555"


def worker_notices(permit: Permit) -> list[SmsMessage]:
    """The decision SMS of `permit` to anyone but the employer's side."""
    return list(
        SmsMessage.objects.filter(
            template__code="permit_decision", rendered_text__contains=permit.number
        )
        .exclude(recipient__role=User.Role.EMPLOYER)
        .order_by("id")
    )


def held(**overrides) -> Permit:
    shop = EstablishmentFactory.create()
    return PermitFactory.create(
        status=Permit.Status.ACTIVE,
        establishment=shop,
        applied_by=representative(shop),
        worker_mobile=TYPED_MOBILE,
        **overrides,
    )


def cancel(permit: Permit) -> Permit:
    assert permit.applied_by is not None
    return permit_cancel(permit=permit, cancelled_by=permit.applied_by, reason="Left the company")


def test_a_decision_goes_to_every_verified_number_and_never_to_the_typed_one():
    # given: the registry's mobile, and the worker's own proven account with another mobile
    own = UserFactory.create(
        role=User.Role.JOBSEEKER,
        civil_id=WORKER,
        mobile=OWN_MOBILE,
        mobile_verified_at=timezone.now(),
        identity_proven_at=timezone.now(),
    )
    permit = held(worker_civil_id=WORKER)
    # when
    cancel(permit)
    # then
    sent = {(m.to_number, m.recipient_id) for m in worker_notices(permit)}
    assert sent == {(REGISTRY_MOBILE, None), (OWN_MOBILE, own.pk)}
    assert not SmsMessage.objects.filter(to_number=TYPED_MOBILE).exists()


def test_a_borrowed_account_s_mobile_is_not_told():
    UserFactory.create(
        role=User.Role.JOBSEEKER,
        civil_id=WORKER,
        mobile="+96893334444",
        mobile_verified_at=timezone.now(),
    )
    permit = held(worker_civil_id=WORKER)
    cancel(permit)
    assert [m.to_number for m in worker_notices(permit)] == [REGISTRY_MOBILE]


def test_the_register_s_number_is_used_when_the_permit_has_none():
    from tests.factories import EmployeeFactory

    shop = EstablishmentFactory.create()
    employee = EmployeeFactory.create(
        establishment=shop, civil_id=WORKER, passport_number="R1234567", nationality="IND"
    )
    permit = PermitFactory.create(
        status=Permit.Status.ACTIVE,
        establishment=shop,
        applied_by=representative(shop),
        employee=employee,
        passport_number="R1234567",
    )
    cancel(permit)
    assert [m.to_number for m in worker_notices(permit)] == [REGISTRY_MOBILE]


def test_without_a_verified_number_nothing_goes_to_the_worker_and_the_decision_stands(
    registry, caplog
):
    caplog.set_level(logging.INFO, logger="permits.services.lifecycle")
    registry.set_mobile(WORKER, "")
    permit = held(worker_civil_id=WORKER)
    cancel(permit)
    assert Permit.objects.get(pk=permit.pk).status == Permit.Status.CANCELLED
    assert worker_notices(permit) == []
    assert not SmsMessage.objects.filter(to_number=TYPED_MOBILE).exists()
    # the employer is still told
    assert SmsMessage.objects.filter(recipient=permit.applied_by).exists()
    assert "no verified number" in caplog.text


def test_without_the_worker_s_number_nothing_goes_to_the_typed_mobile():
    permit = held()
    cancel(permit)
    assert worker_notices(permit) == []
    assert not SmsMessage.objects.filter(to_number=TYPED_MOBILE).exists()


def test_a_registry_outage_uses_the_kept_answer(registry):
    # given: the registry answered for the worker before (a kept answer), then went down
    permit = held(worker_civil_id=WORKER)
    permit_suspend(
        permit=permit,
        suspended_by=UserFactory.create(role=User.Role.APPROVER),
        reason="Wage protection",
    )
    assert RegistryRecord.objects.filter(civil_id=WORKER).exists()
    RegistryRecord.objects.filter(civil_id=WORKER).update(
        fetched_at=timezone.now() - datetime.timedelta(days=30)
    )
    registry.down = True
    # when
    permit = Permit.objects.get(pk=permit.pk)
    cancel(permit)
    # then: both notices reached the registry's mobile
    assert [m.to_number for m in worker_notices(permit)] == [REGISTRY_MOBILE, REGISTRY_MOBILE]


def test_a_registry_outage_with_nothing_kept_skips_the_notice_with_a_warning(registry, caplog):
    registry.down = True
    permit = held(worker_civil_id=WORKER)
    cancel(permit)
    assert Permit.objects.get(pk=permit.pk).status == Permit.Status.CANCELLED
    assert worker_notices(permit) == []
    assert "civil registry unreachable" in caplog.text
