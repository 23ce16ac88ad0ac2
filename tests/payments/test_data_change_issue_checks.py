"""A data change paid after it was asked for applies only if the establishment may still have
the new job: the checks the data-change page runs run again when its fee is paid, as for a
permit paid after approval. A new failure holds the paid change (not applied, the reason kept,
the employer and the payer told once, the fee kept); the nightly sweep applies it once the
checks pass again."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from employers.services import establishment_bar, establishment_bar_lift
from notifications.models import SmsMessage
from payments.models import Invoice, PaymentRuleSet
from payments.services import paid_permits_issue_sweep
from permits.models import Permit, PermitDataChange
from permits.services import permit_data_change_request
from tests.payments.helpers import _paid, rules
from tests.permits.builders import representative
from tests.permits.employer_helpers import signed_in
from tests.permits.factories import PermitFactory

pytestmark = pytest.mark.django_db


def _waiting_change() -> tuple[Permit, PermitDataChange, Invoice]:
    rules(mode=PaymentRuleSet.IssueMode.AFTER_PAYMENT)
    permit = PermitFactory.create()
    change = permit_data_change_request(
        establishment=permit.establishment,
        requested_by=representative(permit.establishment),
        permit=permit,
        occupation_code=permit.occupation_code,
        job_level=permit.job_level,
        monthly_salary=Decimal("450"),
    )
    assert change.status == PermitDataChange.Status.AWAITING_PAYMENT
    return permit, change, Invoice.objects.get(data_change=change)


def test_a_change_paid_after_its_establishment_was_barred_is_held_not_applied():
    # given a data change waiting for its fee, and then the establishment barred
    permit, change, invoice = _waiting_change()
    salary = permit.monthly_salary
    establishment_bar(
        establishment=permit.establishment, reason="Unpaid wages (case 78)", actor=None
    )
    SmsMessage.objects.all().delete()

    # when the fee is paid
    _paid(invoice)

    # then the fee is recorded, but the change is not applied: held with the failing check
    invoice.refresh_from_db()
    change.refresh_from_db()
    permit.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert change.status == PermitDataChange.Status.AWAITING_PAYMENT
    assert change.apply_held_at is not None
    assert [check["code"] for check in change.apply_held_checks] == ["not_barred"]
    assert permit.monthly_salary == salary
    held = AuditEvent.objects.get(action="permits.data_change_held")
    assert held.after["failed"] == ["not_barred"]
    assert not AuditEvent.objects.filter(action="permits.data_change_applied").exists()
    # and the employer is told why
    [sms] = SmsMessage.objects.filter(template__code="permit_decision")
    assert "Unpaid wages (case 78)" in sms.rendered_text
    assert permit.number in sms.rendered_text

    # when the sweep runs while the bar stands: nothing more (no second audit, no SMS)
    paid_permits_issue_sweep()
    change.refresh_from_db()
    assert change.status == PermitDataChange.Status.AWAITING_PAYMENT
    assert AuditEvent.objects.filter(action="permits.data_change_held").count() == 1
    assert SmsMessage.objects.filter(template__code="permit_decision").count() == 1

    # when the bar is lifted and the sweep runs
    establishment_bar_lift(establishment=permit.establishment, reason="Wages paid", actor=None)
    paid_permits_issue_sweep()

    # then the change applies, no longer held
    change.refresh_from_db()
    permit.refresh_from_db()
    assert change.status == PermitDataChange.Status.APPLIED
    assert change.apply_held_at is None
    assert change.apply_held_checks == []
    assert permit.monthly_salary == Decimal("450")


def test_a_change_paid_while_the_checks_pass_applies_at_once_never_held():
    _permit, change, invoice = _waiting_change()

    _paid(invoice)

    change.refresh_from_db()
    assert change.status == PermitDataChange.Status.APPLIED
    assert change.apply_held_at is None
    assert not AuditEvent.objects.filter(action="permits.data_change_held").exists()


def test_the_employers_page_says_the_change_is_paid_and_why_it_is_not_applied(client):
    # given a paid change held because the establishment was barred
    permit, _change, invoice = _waiting_change()
    establishment_bar(establishment=permit.establishment, reason="Unpaid wages", actor=None)
    _paid(invoice)
    signed_in(client, permit.establishment)

    # when the employer opens the permit's data-change page
    with translation.override("en"):
        url = reverse(
            "permits:employer-permit-data-change",
            kwargs={"establishment_id": permit.establishment_id, "permit_id": permit.pk},
        )
    html = client.get(url).content.decode()

    # then it says the fee is paid, the change not applied, and why
    assert 'id="change-held"' in html
    assert "the fee is paid, but the change is not applied" in html
    assert "Unpaid wages" in html
