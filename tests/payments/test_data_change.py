"""An employer's data change of a valid permit (occupation, job level, salary) raises a
data-change invoice from the payment rule set in force; under "fee payable after approval" the
change applies only when the invoice is paid, once; "issue before payment" applies it at once."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from employers.models import Establishment
from payments.models import FeeType, Invoice, PaymentRuleSet
from permits.models import Permit, PermitDataChange
from permits.services import PermitError, permit_data_change_request
from permits.services.data_changes import FIELDS
from tests.factories import EstablishmentFactory
from tests.payments.helpers import _paid, rules
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory

pytestmark = pytest.mark.django_db


def _change(permit: Permit, **values: object) -> PermitDataChange:
    job: dict[str, object] = {
        "occupation_code": permit.occupation_code,
        "job_level": permit.job_level,
        "monthly_salary": Decimal("450"),
    }
    job.update(values)
    return permit_data_change_request(
        establishment=permit.establishment,
        requested_by=representative(permit.establishment),
        permit=permit,
        **job,  # type: ignore[arg-type]
    )


def test_a_salary_change_waits_for_its_invoice_and_applies_when_paid():
    # given the decree's rules (data change RO 5.000, payable after approval) and a valid permit
    rule_set = rules(mode=PaymentRuleSet.IssueMode.AFTER_PAYMENT)
    permit = PermitFactory.create()
    salary = permit.monthly_salary

    # when the employer raises the salary
    change = _change(permit, monthly_salary=Decimal("450"))

    # then the change waits, the permit is unchanged, a data-change invoice is open
    permit.refresh_from_db()
    assert change.status == PermitDataChange.Status.AWAITING_PAYMENT
    assert permit.monthly_salary == salary
    invoice = Invoice.objects.get(data_change=change)
    assert invoice.fee_type == FeeType.DATA_CHANGE
    assert invoice.amount_baisas == 5_000
    assert invoice.rule_set == rule_set
    assert invoice.establishment == permit.establishment
    assert invoice.status == Invoice.Status.OPEN
    assert AuditEvent.objects.filter(action="permits.data_change_requested").count() == 1

    # when paid, then the permit carries the new salary and the change is applied
    _paid(invoice)
    permit.refresh_from_db()
    change.refresh_from_db()
    assert permit.monthly_salary == Decimal("450")
    assert change.status == PermitDataChange.Status.APPLIED
    assert change.before["monthly_salary"] == str(salary)
    assert AuditEvent.objects.filter(action="permits.data_change_applied").count() == 1


def test_issue_before_payment_applies_the_change_at_once():
    rules(mode=PaymentRuleSet.IssueMode.BEFORE_PAYMENT)
    permit = PermitFactory.create(occupation_code="7411")

    change = _change(permit, occupation_code="7412")

    permit.refresh_from_db()
    assert change.status == PermitDataChange.Status.APPLIED
    assert permit.occupation_code == "7412"
    assert not Invoice.objects.filter(data_change=change).exists()


def test_a_second_change_while_one_waits_is_refused_and_nothing_changes():
    rules()
    permit = PermitFactory.create()
    _change(permit)

    with pytest.raises(PermitError):
        _change(permit, monthly_salary=Decimal("500"))

    assert PermitDataChange.objects.filter(permit=permit).count() == 1
    assert Invoice.objects.filter(fee_type=FeeType.DATA_CHANGE).count() == 1


def test_another_establishment_cannot_change_the_permit():
    rules()
    permit = PermitFactory.create()
    other = EstablishmentFactory.create()

    # a representative of another establishment acting for the permit's establishment
    with pytest.raises(PermissionDeniedError):
        permit_data_change_request(
            establishment=permit.establishment,
            requested_by=representative(other),
            permit=permit,
            occupation_code=permit.occupation_code,
            job_level=permit.job_level,
            monthly_salary=Decimal("450"),
        )
    # their own establishment, with a permit that is not theirs
    with pytest.raises(PermitError):
        permit_data_change_request(
            establishment=other,
            requested_by=representative(other),
            permit=permit,
            occupation_code=permit.occupation_code,
            job_level=permit.job_level,
            monthly_salary=Decimal("450"),
        )

    assert not PermitDataChange.objects.exists()
    assert not Invoice.objects.exists()


def test_a_change_whose_permit_ended_before_payment_is_cancelled_not_applied():
    rules()
    permit = PermitFactory.create()
    change = _change(permit)
    invoice = Invoice.objects.get(data_change=change)
    Permit.objects.filter(pk=permit.pk).update(status=Permit.Status.CANCELLED)

    _paid(invoice)

    change.refresh_from_db()
    permit.refresh_from_db()
    assert change.status == PermitDataChange.Status.CANCELLED
    assert permit.monthly_salary != Decimal("450")


def test_nothing_to_change_is_refused():
    rules()
    permit = PermitFactory.create()

    with pytest.raises(PermitError):
        _change(permit, monthly_salary=permit.monthly_salary)

    assert not PermitDataChange.objects.exists()


# --- the new job passes the checks a new permit gets -----------------------------------------


def _reserve(code: str) -> None:
    from permits.selectors import permit_rule_set_in_force

    rule_set = permit_rule_set_in_force(on=timezone.localdate())
    assert rule_set is not None
    type(rule_set).objects.filter(pk=rule_set.pk).update(reserved_occupations=[code])


def _refused_and_nothing_changed(permit: Permit, message: str, **values: object) -> None:
    before = Permit.objects.values(*FIELDS).get(pk=permit.pk)
    audit = AuditEvent.objects.count()

    with translation.override("en"), pytest.raises(PermitError) as refused:
        _change(permit, **values)

    assert message in refused.value.message
    assert Permit.objects.values(*FIELDS).get(pk=permit.pk) == before
    assert not PermitDataChange.objects.filter(permit=permit).exists()
    assert not Invoice.objects.filter(fee_type=FeeType.DATA_CHANGE).exists()
    assert AuditEvent.objects.count() == audit


def test_a_change_to_an_occupation_reserved_for_omanis_is_refused_with_the_reason():
    # given a rule set that reserves 2411 (accountants) for Omanis
    rules()
    _reserve("2411")
    permit = PermitFactory.create(occupation_code="7411")

    # when / then: refused with the check's reason, nothing written
    _refused_and_nothing_changed(
        permit, "Occupation 2411 is reserved for Omanis.", occupation_code="2411"
    )


def test_the_reason_is_given_in_arabic_to_an_arabic_reader():
    rules()
    _reserve("2411")
    permit = PermitFactory.create(occupation_code="7411")

    with translation.override("ar"), pytest.raises(PermitError) as refused:
        _change(permit, occupation_code="2411")

    assert "2411" in refused.value.message
    assert "reserved" not in refused.value.message  # translated, not the English message id


@pytest.mark.parametrize(
    ("establishment", "message"),
    [
        ({"status": "suspended"}, "The establishment is Suspended in the commerce registry."),
        (
            {"permits_barred": True, "bar_reason": "unpaid wages"},
            "barred from new permits: unpaid wages",
        ),
        ({"chamber_status": "expired"}, "chamber of commerce membership"),
    ],
    ids=["suspended", "barred", "chamber-lapsed"],
)
def test_an_establishment_that_may_not_get_a_permit_may_not_change_one(establishment, message):
    rules()
    permit = PermitFactory.create()
    Establishment.objects.filter(pk=permit.establishment_id).update(**establishment)

    _refused_and_nothing_changed(permit, message, monthly_salary=Decimal("450"))


def test_an_establishment_short_of_its_omanization_target_may_not_change_a_permit(monkeypatch):
    rules()
    permit = PermitFactory.create()
    short = SimpleNamespace(
        permits_allowed=False,
        share=Decimal("0.10"),
        target=Decimal("0.35"),
        overall_omanis_needed=3,
    )
    monkeypatch.setattr("permits.checks.compliance_what_if", lambda **_kwargs: short)

    _refused_and_nothing_changed(permit, "hire 3 more Omanis first", monthly_salary=Decimal("450"))


def test_a_change_that_passes_every_check_is_made():
    rules()
    _reserve("2411")
    permit = PermitFactory.create(occupation_code="7411")

    change = _change(permit, occupation_code="7412", monthly_salary=Decimal("450"))

    assert change.status == PermitDataChange.Status.AWAITING_PAYMENT
    assert Invoice.objects.filter(data_change=change).exists()
