"""A permit whose fee is paid after approval is issued only if the establishment may still
receive it: the permit checks run again at issue time. A new failure (barred, no longer active
in the registry, the chamber membership lapsed...) holds the paid permit, APPROVED, with the
reason; the employer is told; the payment stays recorded; the nightly sweep issues it once the
establishment is eligible again. A failure an approver already accepted (four eyes) does not
hold it."""

from __future__ import annotations

import pytest

from accounts.models import User
from core.models import AuditEvent
from employers.models import Establishment
from employers.services import establishment_bar, establishment_bar_lift
from notifications.models import SmsMessage
from payments.models import Invoice, PaymentRuleSet
from payments.services import paid_permits_issue_sweep
from permits.models import Permit
from permits.services import permit_approve
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory
from tests.payments.helpers import _paid, rules
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory
from tests.permits.transfer_helpers import WORKER

pytestmark = pytest.mark.django_db


def _approved_waiting_for_fee(**permit: object) -> tuple[Permit, Invoice]:
    rules(mode=PaymentRuleSet.IssueMode.AFTER_PAYMENT)
    shop = EstablishmentFactory.create()
    employer = representative(shop)
    case = PermitFactory.create(
        status=Permit.Status.UNDER_REVIEW,
        establishment=shop,
        applied_by=employer,
        worker_civil_id=WORKER,
        **permit,
    )
    approver = UserFactory.create(role=User.Role.APPROVER)
    approved = permit_approve(permit=case, approver=approver, reason="Documents in order")
    assert approved.status == Permit.Status.APPROVED
    return approved, Invoice.objects.get(permit=approved)


def test_a_permit_of_an_establishment_barred_after_approval_is_held_when_paid():
    # given an approved permit waiting for its fee, and then the establishment barred
    permit, invoice = _approved_waiting_for_fee()
    establishment_bar(
        establishment=permit.establishment, reason="Unpaid wages (case 77)", actor=None
    )
    SmsMessage.objects.all().delete()

    # when the fee is paid
    payment = _paid(invoice)

    # then the payment is recorded, but the permit is not issued: held with the reason
    invoice.refresh_from_db()
    permit.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.payment_id == payment.pk
    assert permit.status == Permit.Status.APPROVED
    assert permit.valid_from is None
    assert permit.issue_held_at is not None
    assert [check["code"] for check in permit.issue_held_checks] == ["not_barred"]
    held = AuditEvent.objects.get(action="permits.issue_held", object_id=str(permit.pk))
    assert held.after["failed"] == ["not_barred"]
    # and the employer is told why, in the SMS of the permit's decision
    [sms] = SmsMessage.objects.filter(template__code="permit_decision")
    assert "Unpaid wages (case 77)" in sms.rendered_text
    assert permit.number in sms.rendered_text


def test_a_held_permit_is_issued_by_the_sweep_once_the_bar_is_lifted():
    # given a paid permit held because its establishment was barred
    permit, invoice = _approved_waiting_for_fee()
    establishment_bar(establishment=permit.establishment, reason="Unpaid wages", actor=None)
    _paid(invoice)

    # when the sweep runs while the bar stands: nothing changes
    assert paid_permits_issue_sweep() == 0
    permit.refresh_from_db()
    assert permit.status == Permit.Status.APPROVED
    assert AuditEvent.objects.filter(action="permits.issue_held").count() == 1

    # when the bar is lifted and the sweep runs again
    establishment_bar_lift(establishment=permit.establishment, reason="Wages paid", actor=None)
    assert paid_permits_issue_sweep() == 1

    # then it is issued and no longer held
    permit.refresh_from_db()
    assert permit.status == Permit.Status.ACTIVE
    assert permit.issue_held_at is None
    assert permit.issue_held_checks == []


def test_a_permit_of_an_establishment_closed_in_the_registry_after_approval_is_held():
    # given an approved permit, then the establishment struck off the registry
    permit, invoice = _approved_waiting_for_fee()
    Establishment.objects.filter(pk=permit.establishment_id).update(
        status=Establishment.Status.CLOSED
    )

    # when paid
    _paid(invoice)

    # then held on the registry check
    permit.refresh_from_db()
    assert permit.status == Permit.Status.APPROVED
    assert [check["code"] for check in permit.issue_held_checks] == ["establishment_active"]


def test_a_paid_permit_of_an_eligible_establishment_is_issued_at_once():
    # given an approved permit and nothing changed since
    permit, invoice = _approved_waiting_for_fee()

    # when paid
    _paid(invoice)

    # then issued, never held
    permit.refresh_from_db()
    assert permit.status == Permit.Status.ACTIVE
    assert permit.issue_held_at is None
    assert not AuditEvent.objects.filter(action="permits.issue_held").exists()


def test_the_payer_is_told_and_the_employers_page_says_why_the_paid_permit_is_held(client):
    from django.urls import reverse

    from payments.models import CheckoutSession
    from payments.services import payment_confirm
    from tests.conftest import sign_in

    # given an approved permit whose establishment was barred, paid by another representative
    permit, invoice = _approved_waiting_for_fee()
    establishment_bar(establishment=permit.establishment, reason="Unpaid wages", actor=None)
    payer = UserFactory.create(role=User.Role.EMPLOYER, mobile="+96891000002")
    MembershipFactory.create(user=payer, establishment=permit.establishment)
    session = CheckoutSession.objects.create(
        client_reference="CHK-held",
        establishment=permit.establishment,
        created_by=payer,
        amount_baisas=invoice.amount_baisas,
    )
    session.invoices.set([invoice])
    SmsMessage.objects.all().delete()

    # when the gateway confirms the payment
    payment_confirm(
        client_reference="CHK-held",
        gateway_payment_id="pay-held",
        amount_baisas=invoice.amount_baisas,
        currency="OMR",
        source="callback",
    )

    # then the payer hears why the permit is not issued, as the applicant does
    told = set(
        SmsMessage.objects.filter(template__code="permit_decision").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {payer.pk, permit.applied_by_id}
    # and the permit's page says the fee is paid, the permit held, and why (not "pay the fee")
    sign_in(client, permit.applied_by)
    page = client.get(
        reverse("permits:employer-permit", args=[permit.establishment_id, permit.pk])
    ).content.decode()
    assert 'id="issue-held"' in page
    assert "Unpaid wages" in page
    assert 'id="fee-due"' not in page


def test_a_failure_the_approvers_accepted_by_four_eyes_does_not_hold_the_paid_permit():
    # given an establishment barred before the decision, and two approvers who confirmed an
    # exception to the failing bar check (four eyes)
    rules(mode=PaymentRuleSet.IssueMode.AFTER_PAYMENT)
    shop = EstablishmentFactory.create()
    employer = representative(shop)
    establishment_bar(establishment=shop, reason="Under review", actor=None)
    case = PermitFactory.create(
        status=Permit.Status.UNDER_REVIEW,
        establishment=shop,
        applied_by=employer,
        worker_civil_id=WORKER,
    )
    first = UserFactory.create(role=User.Role.APPROVER)
    second = UserFactory.create(role=User.Role.APPROVER)
    permit_approve(permit=case, approver=first, reason="Strategic project")
    approved = permit_approve(permit=case, approver=second, reason="Agreed")
    assert approved.status == Permit.Status.APPROVED

    # when its fee is paid, the bar still standing
    _paid(Invoice.objects.get(permit=approved))

    # then it is issued: the accepted failure does not hold it
    approved.refresh_from_db()
    assert approved.status == Permit.Status.ACTIVE
    assert approved.issue_held_at is None
