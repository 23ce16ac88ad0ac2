"""What payment unlocks: under "fee payable after approval" an approved permit (new, renewal,
transfer) is issued only once its invoice is paid; an unpaid one accrues the monthly late fine
(time-machine), which stops when it is paid; "issue before payment" keeps the old behaviour."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from payments.models import FeeType, Invoice, PaymentRuleSet
from payments.services import late_fine_sweep
from payments.services.invoices import fine_months_due
from permits.models import Permit
from permits.services import permit_approve
from tests.factories import EstablishmentFactory, UserFactory
from tests.payments.helpers import _paid, rules
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory
from tests.permits.transfer_helpers import WORKER

pytestmark = pytest.mark.django_db


def _approved(**permit: object) -> Permit:
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
    return permit_approve(permit=case, approver=approver, reason="Documents in order")


def test_a_paid_permit_is_issued_and_an_unpaid_one_is_not():
    # given the decree's rules: the fee is payable after approval
    rules(mode=PaymentRuleSet.IssueMode.AFTER_PAYMENT)

    # when an approver approves an application
    permit = _approved()

    # then it waits, approved, with its fee invoice open
    assert permit.status == Permit.Status.APPROVED
    invoice = Invoice.objects.get(permit=permit)
    assert invoice.status == Invoice.Status.OPEN
    assert invoice.fee_type == FeeType.PERMIT_NEW
    assert invoice.amount_baisas == 201_000  # RO 201.000 of the permit's band
    assert invoice.governorate == permit.establishment.governorate

    # when the gateway confirms the payment
    _paid(invoice)

    # then the permit is issued
    permit.refresh_from_db()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert permit.status == Permit.Status.ACTIVE
    assert permit.valid_from is not None


def test_issue_before_payment_keeps_the_old_behaviour():
    # given rules that issue before payment (the migration's first set, or a later one)
    rules(mode=PaymentRuleSet.IssueMode.BEFORE_PAYMENT)

    # when
    permit = _approved()

    # then issued at once, and no invoice is raised
    assert permit.status == Permit.Status.ACTIVE
    assert not Invoice.objects.filter(permit=permit).exists()


def test_a_renewal_waits_for_its_fee_and_the_old_permit_stays_valid_until_paid():
    # given a valid permit and the decree's rules
    rules()
    shop = EstablishmentFactory.create()
    employer = representative(shop)
    old = PermitFactory.create(establishment=shop, applied_by=employer, worker_civil_id=WORKER)
    renewal = PermitFactory.create(
        status=Permit.Status.UNDER_REVIEW,
        kind=Permit.Kind.RENEWAL,
        previous_permit=old,
        establishment=shop,
        applied_by=employer,
        worker_civil_id=WORKER,
        nationality=old.nationality,
        passport_number=f"R{old.passport_number}",
    )
    approver = UserFactory.create(role=User.Role.APPROVER)

    # when approved
    renewal = permit_approve(permit=renewal, approver=approver, reason="In order")

    # then the renewal waits, the old permit is still valid, the invoice is a renewal fee
    old.refresh_from_db()
    invoice = Invoice.objects.get(permit=renewal)
    assert renewal.status == Permit.Status.APPROVED
    assert old.status == Permit.Status.ACTIVE
    assert invoice.fee_type == FeeType.PERMIT_RENEWAL

    # when paid, then the renewal is issued and the old permit is renewed
    _paid(invoice)
    renewal.refresh_from_db()
    old.refresh_from_db()
    assert renewal.status == Permit.Status.ACTIVE
    assert old.status == Permit.Status.RENEWED


def test_the_late_fine_accrues_month_by_month_and_stops_when_paid():
    # given an approved permit whose invoice is due in 30 days, with a 10-day grace period
    start = timezone.localtime().replace(hour=9, minute=0)
    with time_machine.travel(start, tick=False) as clock:
        rules(grace_days=10, payment_days=30, fine=10_000)
        permit = _approved()
        invoice = Invoice.objects.get(permit=permit)
        due = invoice.due_on

        # when the grace period has not ended: no fine
        clock.move_to(start + datetime.timedelta(days=40))
        assert late_fine_sweep() == 0

        # the day after it ends: the first month's fine
        clock.move_to(start + datetime.timedelta(days=41))
        assert late_fine_sweep() == 1
        assert late_fine_sweep() == 0  # the same day again: nothing twice

        # a month later: the second; three months later: two more
        clock.move_to(start + datetime.timedelta(days=41 + 31))
        assert late_fine_sweep() == 1
        clock.move_to(start + datetime.timedelta(days=41 + 31 + 62))
        assert late_fine_sweep() == 2
        fines = list(invoice.fines.order_by("fine_month"))
        assert [fine.fine_month for fine in fines] == [1, 2, 3, 4]
        assert {fine.amount_baisas for fine in fines} == {10_000}
        assert {fine.fee_type for fine in fines} == {FeeType.LATE_FINE}

        # when it is paid, no further fine accrues
        _paid(invoice)
        clock.move_to(start + datetime.timedelta(days=41 + 31 + 62 + 93))
        assert late_fine_sweep() == 0
        assert invoice.fines.count() == 4
        permit.refresh_from_db()
        assert permit.status == Permit.Status.ACTIVE
        assert due == start.date() + datetime.timedelta(days=30)


@pytest.mark.parametrize(
    ("days_after_due", "grace", "expected"),
    [(0, 0, 0), (1, 0, 1), (31, 0, 1), (32, 0, 2), (10, 10, 0), (11, 10, 1), (3650, 0, 24)],
)
def test_fine_months_due(days_after_due, grace, expected):
    due = datetime.date(2026, 3, 1)
    on = due + datetime.timedelta(days=days_after_due)
    assert fine_months_due(due_on=due, grace_days=grace, on=on, max_months=24) == expected


def test_the_employers_permit_page_says_the_fee_is_due_and_links_to_pay(client):
    from django.urls import reverse

    from tests.conftest import sign_in

    rules()
    permit = _approved()
    user = permit.applied_by
    sign_in(client, user)

    page = client.get(
        reverse("permits:employer-permit", args=[permit.establishment_id, permit.pk])
    ).content.decode()

    assert 'id="fee-due"' in page
    assert reverse("payments:employer-invoices", args=[permit.establishment_id]) in page


def test_a_transfer_raises_its_fee_invoice_and_the_new_permit_is_issued_only_when_paid():
    from decimal import Decimal

    from permits.models import PermitTransfer
    from permits.selectors import permit_rule_set_in_force
    from permits.services import permit_transfer_answer
    from tests.permits.builders import apply
    from tests.permits.transfer_helpers import ask, code_of

    # given a valid permit, permit rules whose transfer fee is RO 7.500, and the decree's
    # payment rules (payable after approval)
    payment_rules = rules(mode=PaymentRuleSet.IssueMode.BEFORE_PAYMENT)
    old_shop, new_shop = EstablishmentFactory.create(), EstablishmentFactory.create()
    old = apply(old_shop, representative(old_shop), worker_civil_id=WORKER)
    assert old.status == Permit.Status.ACTIVE
    permit_rules = permit_rule_set_in_force(on=timezone.localdate())
    assert permit_rules is not None
    permit_rules.transfer_fee = Decimal("7.500")
    permit_rules.save(update_fields=["transfer_fee"])
    payment_rules.issue_mode = PaymentRuleSet.IssueMode.AFTER_PAYMENT
    payment_rules.save(update_fields=["issue_mode"])

    # when the new employer asks and the worker agrees with the code
    transfer = ask(old, new_shop)
    transfer = permit_transfer_answer(
        token=transfer.consent_token, agree=True, code=code_of(transfer)
    )

    # then the new permit waits, approved, with a transfer invoice from the rule set in force
    assert transfer.status == PermitTransfer.Status.COMPLETED
    new = Permit.objects.get(pk=transfer.new_permit_id)
    old.refresh_from_db()
    assert new.status == Permit.Status.APPROVED
    assert old.status == Permit.Status.ACTIVE
    invoice = Invoice.objects.get(permit=new)
    assert invoice.fee_type == FeeType.PERMIT_TRANSFER
    assert invoice.rule_set == payment_rules
    assert invoice.establishment == new_shop
    assert invoice.amount_baisas == 7_500
    assert invoice.status == Invoice.Status.OPEN

    # when it is paid, then the new permit is issued and the old one ends as transferred
    _paid(invoice)
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.status == Permit.Status.ACTIVE
    assert old.status == Permit.Status.TRANSFERRED
