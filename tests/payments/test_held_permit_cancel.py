"""A permit held at payment (approved, its fee paid, a check failing since) is cancelled by the
ministry with its fee refunded through the gateway: an officer proposes with a reason; above the
payment rule set's refund threshold a second approver approves the refund (the refunds' four
eyes); the permit is cancelled once the gateway refunded, audited, the payer told by SMS. An
employer cannot, neither here nor through its own cancel page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.models import AuditEvent
from employers.services import establishment_bar, establishment_bar_lift
from notifications.models import SmsMessage
from payments.models import Invoice, PaymentRuleSet, Refund
from payments.services import checkout_start, paid_permits_issue_sweep
from payments.services.refunds import FourEyesRefundError, refund_approve
from permits.models import Permit
from permits.services import permit_approve, permit_cancel
from permits.services.lifecycle import PermitError
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory
from tests.payments.helpers import deliver, pay_at_gateway, rules, stub_get
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory
from tests.permits.transfer_helpers import WORKER

pytestmark = pytest.mark.django_db

REASON = "Establishment barred for unpaid wages (case 77): the permit cannot be issued"


def _held_permit(client, gateway, *, threshold: int) -> tuple[Permit, Invoice, User, User]:
    """An approved permit paid through the gateway by a second representative (the payer),
    then held because its establishment was barred after approval."""
    rules(mode=PaymentRuleSet.IssueMode.AFTER_PAYMENT, refund_threshold=threshold)
    shop = EstablishmentFactory.create()
    applicant = representative(shop)
    payer = UserFactory.create(
        role=User.Role.EMPLOYER, mobile="+96891000002", preferred_language="en"
    )
    MembershipFactory.create(user=payer, establishment=shop)
    case = PermitFactory.create(
        status=Permit.Status.UNDER_REVIEW,
        establishment=shop,
        applied_by=applicant,
        worker_civil_id=WORKER,
    )
    permit = permit_approve(
        permit=case, approver=UserFactory.create(role=User.Role.APPROVER), reason="In order"
    )
    invoice = Invoice.objects.get(permit=permit)
    establishment_bar(establishment=shop, reason="Unpaid wages (case 77)", actor=None)
    _session, url = checkout_start(
        establishment=shop,
        invoice_ids=[invoice.pk],
        user=payer,
        success_url="http://testserver/",
        cancel_url="http://testserver/",
    )
    pay_at_gateway(url)
    assert deliver(client, gateway) == [204]
    permit.refresh_from_db()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert permit.status == Permit.Status.APPROVED
    assert permit.issue_held_at is not None
    SmsMessage.objects.all().delete()
    return permit, invoice, applicant, payer


def _en(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _propose(client, permit: Permit, reason: str = REASON):
    return client.post(
        _en("payments:staff-held-permit-cancel", permit.pk), {"reason": reason}, follow=True
    )


def test_above_the_threshold_an_officer_proposes_and_a_second_approver_confirms(client, gateway):
    # given a held permit whose fee is above the refund threshold (0: every refund)
    permit, invoice, _applicant, payer = _held_permit(client, gateway, threshold=0)
    officer = UserFactory.create(role=User.Role.OFFICER)
    approver = UserFactory.create(role=User.Role.APPROVER)

    # the officer's case page offers the cancellation with a refund
    sign_in_staff(client, officer)
    page = client.get(_en("permits:staff-case", permit.pk))
    assert b'id="held-cancel"' in page.content

    # when the officer proposes it with a reason
    answer = _propose(client, permit)

    # then the refund waits for a second approver: nothing went to the gateway, and the
    # permit is still held; the case page says so
    assert b"a second approver must approve its refund" in answer.content
    refund = Refund.objects.get(invoice=invoice)
    assert refund.status == Refund.Status.REQUESTED
    assert refund.needs_second_approval
    assert refund.reason == Refund.Reason.CANCELLED_BEFORE_USE
    assert refund.explanation == REASON
    assert stub_get(gateway, "/_refunds") == []
    permit.refresh_from_db()
    assert permit.status == Permit.Status.APPROVED
    assert b'id="held-cancel-waiting"' in answer.content
    assert b'id="held-cancel"' not in answer.content
    proposed = AuditEvent.objects.get(
        action="permits.held_cancel_proposed", object_id=str(permit.pk)
    )
    assert proposed.actor_id == officer.pk

    # the proposer cannot approve the refund, even as an approver (four eyes)
    officer.role = User.Role.APPROVER
    officer.save(update_fields=["role"])
    with pytest.raises(FourEyesRefundError):
        refund_approve(refund=refund, approver=officer)
    permit.refresh_from_db()
    assert permit.status == Permit.Status.APPROVED

    # when a second approver approves the refund on the refunds page
    sign_in_staff(client, approver)
    client.post(reverse("payments:staff-refund-decide", args=[refund.pk]), {"decision": "approve"})

    # then the gateway refunded once, the invoice is refunded and the permit cancelled
    refund.refresh_from_db()
    invoice.refresh_from_db()
    permit.refresh_from_db()
    assert refund.status == Refund.Status.COMPLETED
    assert len(stub_get(gateway, "/_refunds")) == 1
    assert invoice.status == Invoice.Status.REFUNDED
    assert permit.status == Permit.Status.CANCELLED
    assert permit.ended_reason == REASON
    cancelled = AuditEvent.objects.get(action="permits.cancelled", object_id=str(permit.pk))
    assert cancelled.actor_id == approver.pk
    # and the payer is told by SMS that the permit is cancelled and the fee refunded
    [to_payer] = SmsMessage.objects.filter(recipient=payer)
    assert permit.number in to_payer.rendered_text
    assert "refunded" in to_payer.rendered_text
    assert "unpaid wages" in to_payer.rendered_text


def test_at_or_under_the_threshold_the_officer_alone_cancels_and_refunds(client, gateway):
    # given a held permit whose fee is under the threshold
    permit, invoice, applicant, _payer = _held_permit(client, gateway, threshold=10_000_000)
    sign_in_staff(client, UserFactory.create(role=User.Role.OFFICER))

    # when the officer proposes the cancellation
    answer = _propose(client, permit)

    # then the fee is refunded at once and the permit cancelled; the employer is told
    assert b"is cancelled and its fee refunded" in answer.content
    permit.refresh_from_db()
    invoice.refresh_from_db()
    assert permit.status == Permit.Status.CANCELLED
    assert invoice.status == Invoice.Status.REFUNDED
    assert len(stub_get(gateway, "/_refunds")) == 1
    assert SmsMessage.objects.filter(recipient=applicant, template__code="permit_decision").exists()


def test_a_reason_is_required_and_a_permit_not_held_is_refused(client, gateway):
    # given a held permit
    permit, invoice, _applicant, _payer = _held_permit(client, gateway, threshold=0)
    sign_in_staff(client, UserFactory.create(role=User.Role.OFFICER))

    # when proposed without a reason: refused, nothing written
    answer = _propose(client, permit, reason="  ")
    assert b"Give the reason for the cancellation." in answer.content
    assert not Refund.objects.exists()

    # when the permit is not held any more (issued): refused, nothing written
    Permit.objects.filter(pk=permit.pk).update(issue_held_at=None)
    answer = _propose(client, permit)
    assert b"is not held at payment" in answer.content
    assert not Refund.objects.exists()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_an_employer_cannot_cancel_a_held_permit_here_or_on_its_own_page(client, gateway):
    # given a held permit
    permit, invoice, applicant, _payer = _held_permit(client, gateway, threshold=10_000_000)

    # when its employer posts to the staff action: refused (staff only)
    sign_in(client, applicant)
    answer = client.post(
        reverse("payments:staff-held-permit-cancel", args=[permit.pk]), {"reason": REASON}
    )
    assert answer.status_code == 403

    # nor may it cancel the approved permit through its own cancellation (no refund)
    with translation.override("en"), pytest.raises(PermitError, match="not issued yet"):
        permit_cancel(permit=permit, cancelled_by=applicant, reason="No longer needed")
    assert not permit.can_cancel
    permit.refresh_from_db()
    invoice.refresh_from_db()
    assert permit.status == Permit.Status.APPROVED
    assert invoice.status == Invoice.Status.PAID
    assert not Refund.objects.exists()


@pytest.mark.parametrize("role", [User.Role.POLICY, User.Role.ANALYST, User.Role.INSPECTOR])
def test_other_staff_roles_cannot_propose(client, gateway, role):
    permit, _invoice, _applicant, _payer = _held_permit(client, gateway, threshold=0)
    sign_in_staff(client, UserFactory.create(role=role))

    answer = client.post(
        reverse("payments:staff-held-permit-cancel", args=[permit.pk]), {"reason": REASON}
    )

    assert answer.status_code == 403
    assert not Refund.objects.exists()


def test_the_nightly_sweep_does_not_issue_a_held_permit_whose_cancellation_is_proposed(
    client, gateway
):
    # given a held permit whose cancellation with a refund waits for a second approver
    permit, _invoice, _applicant, _payer = _held_permit(client, gateway, threshold=0)
    sign_in_staff(client, UserFactory.create(role=User.Role.OFFICER))
    _propose(client, permit)

    # when the bar is lifted and the nightly sweep runs
    establishment_bar_lift(establishment=permit.establishment, reason="Wages paid", actor=None)
    paid_permits_issue_sweep()

    # then the permit is not issued: the proposal waits for its decision
    permit.refresh_from_db()
    assert permit.status == Permit.Status.APPROVED


def test_a_refund_for_a_held_permit_issued_since_is_refused_and_nothing_changes(client, gateway):
    # given a held permit whose cancellation with a refund waits for a second approver
    from permits.services.applications import permit_issue_paid

    permit, invoice, _applicant, _payer = _held_permit(client, gateway, threshold=0)
    sign_in_staff(client, UserFactory.create(role=User.Role.OFFICER))
    _propose(client, permit)
    refund = Refund.objects.get(invoice=invoice)

    # when the permit is issued another way meanwhile (the bar lifted, its payment confirmed
    # again), and then an approver approves the refund
    establishment_bar_lift(establishment=permit.establishment, reason="Wages paid", actor=None)
    assert permit_issue_paid(permit=permit).status == Permit.Status.ACTIVE
    approver = UserFactory.create(role=User.Role.APPROVER)
    sign_in_staff(client, approver)
    answer = client.post(
        _en("payments:staff-refund-decide", refund.pk), {"decision": "approve"}, follow=True
    )

    # then the approval is refused with the reason, nothing went to the gateway, the fee stays
    # paid and the permit issued; the refund still waits, for the approver to reject it
    assert b"no longer held at payment" in answer.content
    assert stub_get(gateway, "/_refunds") == []
    refund.refresh_from_db()
    invoice.refresh_from_db()
    permit.refresh_from_db()
    assert (refund.status, refund.approved_by_id) == (Refund.Status.REQUESTED, None)
    assert invoice.status == Invoice.Status.PAID
    assert permit.status == Permit.Status.ACTIVE
