"""Permit services: the automatic checks and their reasons, duplicates, renewal, expiry, four
eyes, transfer and visas, asserted on the state they leave behind."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import User
from core.models import AuditEvent
from employers.models import Establishment
from notifications.models import SmsMessage
from permits.models import Permit, PermitRuleSet, PermitTransfer
from permits.presentation import check_rows
from permits.services import (
    FourEyesError,
    PermitError,
    permit_approve,
    permit_expiry_sweep,
    permit_renew,
    permit_transfer_answer,
    permit_transfer_request,
    permit_visa_record,
)
from tests.factories import (
    EmployeeFactory,
    EstablishmentFactory,
    ForeignEmployeeFactory,
    OmaniEmployeeFactory,
    UserFactory,
)
from tests.omanization.builders import activity, establishment, publish_rule_set
from tests.permits.builders import apply, representative
from tests.permits.factories import PermitFactory, WorkerAndJobFactory
from tests.permits.registry import registry_mobile_of
from tests.permits.transfer_helpers import REGISTRY_MOBILE, WORKER, code_of

pytestmark = pytest.mark.django_db


def outcome(permit: Permit, code: str) -> str:
    return next(check["outcome"] for check in permit.checks if check["code"] == code)


class TestChecks:
    def test_every_check_passing_issues_the_permit_straight_through(self):
        shop = EstablishmentFactory.create()
        permit = apply(shop, representative(shop))
        assert permit.status == Permit.Status.ACTIVE
        assert permit.valid_from == permit.requested_start
        assert permit.valid_until == datetime.date(
            permit.valid_from.year + 2, permit.valid_from.month, permit.valid_from.day
        ) - datetime.timedelta(days=1)
        actions = list(
            AuditEvent.objects.filter(object_id=str(permit.pk))
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == ["permits.applied", "permits.approved", "permits.active"]

    def test_the_labour_market_test_is_recorded_as_switched_off_by_policy(self):
        shop = EstablishmentFactory.create()
        permit = apply(shop, representative(shop))
        assert outcome(permit, "labor_market_test") == "off"
        with translation.override("en"):
            row = next(r for r in check_rows(permit) if r.code == "labor_market_test")
        assert "Switched off by policy" in row.reason

    def test_the_labour_market_test_switched_on_sends_the_case_to_an_officer(self):
        PermitRuleSet.objects.filter(version=2).update(labor_market_test_enabled=True)
        shop = EstablishmentFactory.create()
        permit = apply(shop, representative(shop))
        assert permit.status == Permit.Status.SUBMITTED
        assert outcome(permit, "labor_market_test") == "failed"

    @pytest.mark.parametrize(
        ("setup", "code", "reason"),
        [
            ({"status": Establishment.Status.SUSPENDED}, "establishment_active", "suspended"),
            ({"permits_barred": True, "bar_reason": "Unpaid wages"}, "not_barred", "Unpaid wages"),
        ],
    )
    def test_an_establishment_that_may_not_hire_fails_with_its_reason(self, setup, code, reason):
        shop = EstablishmentFactory.create(**setup)
        permit = apply(shop, representative(shop))
        assert permit.status == Permit.Status.SUBMITTED
        assert outcome(permit, code) == "failed"
        with translation.override("en"):
            assert (
                reason.lower()
                in next(r.reason for r in check_rows(permit) if r.code == code).lower()
            )

    def test_an_occupation_reserved_for_omanis_fails(self):
        shop = EstablishmentFactory.create()
        permit = apply(shop, representative(shop), occupation_code="4110")
        assert outcome(permit, "occupation_not_reserved") == "failed"
        assert permit.status == Permit.Status.SUBMITTED

    def test_a_passport_expiring_within_six_months_of_the_start_fails(self):
        shop = EstablishmentFactory.create()
        start = timezone.localdate() + datetime.timedelta(days=10)
        permit = apply(
            shop,
            representative(shop),
            requested_start=start,
            passport_expiry=start + datetime.timedelta(days=100),
        )
        assert outcome(permit, "passport_validity") == "failed"

    def test_the_reasons_read_in_arabic_too(self):
        shop = EstablishmentFactory.create(permits_barred=True, bar_reason="x")
        permit = apply(shop, representative(shop))
        with translation.override("ar"):
            labels = [row.label for row in check_rows(permit)]
        assert all(any("\u0600" <= ch <= "\u06ff" for ch in label) for label in labels)


class TestRefusals:
    def test_a_second_application_for_the_same_worker_is_refused(self):
        shop = EstablishmentFactory.create(permits_barred=True)
        user = representative(shop)
        first = apply(shop, user, passport_number="K7654321")
        with pytest.raises(PermitError):
            apply(shop, user, passport_number="K7654321")
        assert Permit.objects.filter(passport_number="K7654321").get() == first

    def test_a_worker_holding_a_permit_elsewhere_needs_a_transfer(self):
        other = EstablishmentFactory.create()
        apply(other, representative(other), passport_number="K1111111")
        shop = EstablishmentFactory.create()
        with pytest.raises(PermitError, match="transfer"), translation.override("en"):
            apply(shop, representative(shop), passport_number="K1111111")
        assert Permit.objects.filter(passport_number="K1111111").count() == 1

    def test_an_omani_needs_no_permit(self):
        shop = EstablishmentFactory.create()
        with pytest.raises(ValidationError) as refused:
            apply(shop, representative(shop), nationality="OMN")
        assert "nationality" in refused.value.message_dict
        assert not Permit.objects.exists()


class TestFourEyes:
    def test_an_exception_needs_two_different_approvers(self):
        # given: a case whose establishment is barred
        shop = EstablishmentFactory.create(permits_barred=True, bar_reason="Inspection")
        permit = apply(shop, representative(shop))
        first, second = UserFactory.create_batch(2, role=User.Role.APPROVER)
        # when: the first approver proposes, then tries to confirm
        proposed = permit_approve(permit=permit, approver=first, reason="Bar lifted today")
        with pytest.raises(FourEyesError):
            permit_approve(permit=permit, approver=first, reason="Confirming myself")
        # then
        assert proposed.status == Permit.Status.SUBMITTED
        assert Permit.objects.get(pk=permit.pk).override_requested_by == first
        # when: a second approver confirms
        issued = permit_approve(permit=permit, approver=second, reason="Agreed")
        # then
        assert issued.status == Permit.Status.ACTIVE
        assert issued.decided_by == second

    def test_an_officer_cannot_decide(self):
        shop = EstablishmentFactory.create()
        permit = PermitFactory.create(status=Permit.Status.UNDER_REVIEW, establishment=shop)
        with pytest.raises(PermitError):
            permit_approve(
                permit=permit, approver=UserFactory.create(role=User.Role.OFFICER), reason="x"
            )
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.UNDER_REVIEW


class TestRenewal:
    def test_a_renewal_inside_the_window_starts_the_day_after_and_ends_the_old_permit(self):
        shop = EstablishmentFactory.create()
        user = representative(shop)
        end = timezone.localdate() + datetime.timedelta(days=30)
        current = PermitFactory.create(
            status=Permit.Status.ACTIVE, establishment=shop, valid_until=end
        )
        renewal = permit_renew(permit=current, requested_by=user)
        assert renewal.status == Permit.Status.ACTIVE
        assert renewal.kind == Permit.Kind.RENEWAL
        assert renewal.valid_from == end + datetime.timedelta(days=1)
        assert Permit.objects.get(pk=current.pk).status == Permit.Status.RENEWED

    def test_a_renewal_before_the_window_is_refused(self):
        shop = EstablishmentFactory.create()
        current = PermitFactory.create(
            status=Permit.Status.ACTIVE,
            establishment=shop,
            valid_until=timezone.localdate() + datetime.timedelta(weeks=20),
        )
        with pytest.raises(PermitError):
            permit_renew(permit=current, requested_by=representative(shop))
        assert Permit.objects.count() == 1

    def test_a_non_compliant_establishment_gets_no_renewal_straight_through(self):
        publish_rule_set(effective_from=datetime.date(2023, 1, 1), targets=[(None, "", None, "50")])
        shop = establishment(activity=activity("4711"))
        OmaniEmployeeFactory.create_batch(1, establishment=shop, monthly_salary=Decimal("600"))
        ForeignEmployeeFactory.create_batch(5, establishment=shop)
        current = PermitFactory.create(
            status=Permit.Status.ACTIVE,
            establishment=shop,
            valid_until=timezone.localdate() + datetime.timedelta(days=20),
        )
        renewal = permit_renew(permit=current, requested_by=representative(shop))
        assert renewal.status == Permit.Status.SUBMITTED
        assert outcome(renewal, "omanization") == "failed"
        assert Permit.objects.get(pk=current.pk).status == Permit.Status.ACTIVE


class TestExpiry:
    def test_the_sweep_moves_permits_into_the_window_and_past_their_end(self):
        shop = EstablishmentFactory.create()
        today = timezone.localdate()
        soon = PermitFactory.create(
            status=Permit.Status.ACTIVE,
            establishment=shop,
            valid_until=today + datetime.timedelta(days=40),
        )
        later = PermitFactory.create(
            status=Permit.Status.ACTIVE,
            establishment=shop,
            valid_until=today + datetime.timedelta(days=200),
        )
        past = PermitFactory.create(
            status=Permit.Status.EXPIRING,
            establishment=shop,
            valid_until=today - datetime.timedelta(days=1),
        )
        counts = permit_expiry_sweep()
        assert counts == {"expiring": 1, "expired": 1}
        statuses = dict(Permit.objects.values_list("pk", "status"))
        assert statuses == {
            soon.pk: Permit.Status.EXPIRING,
            later.pk: Permit.Status.ACTIVE,
            past.pk: Permit.Status.EXPIRED,
        }

    def test_a_sweep_run_twice_changes_nothing_more(self):
        shop = EstablishmentFactory.create()
        PermitFactory.create(
            status=Permit.Status.ACTIVE,
            establishment=shop,
            valid_until=timezone.localdate() - datetime.timedelta(days=3),
        )
        permit_expiry_sweep()
        events = AuditEvent.objects.count()
        assert permit_expiry_sweep() == {"expiring": 0, "expired": 0}
        assert AuditEvent.objects.count() == events


class TestTransfer:
    def test_consent_moves_the_worker_and_ends_the_old_permit(self):
        # given
        old_shop, new_shop = EstablishmentFactory.create_batch(2)
        old = apply(
            old_shop, representative(old_shop), passport_number="T9876543", worker_civil_id=WORKER
        )
        new_user = representative(new_shop)
        # when
        transfer = permit_transfer_request(
            to_establishment=new_shop,
            requested_by=new_user,
            permit_number=old.number,
            passport_number="t9876543",
            occupation_code="7411",
            job_level=4,
            monthly_salary=Decimal("300"),
        )
        # then: the worker is asked by SMS with the consent link, at the registry's mobile
        consent = SmsMessage.objects.get(template__code="permit_transfer_consent")
        assert transfer.consent_token in consent.rendered_text
        assert consent.to_number == REGISTRY_MOBILE
        # when
        answered = permit_transfer_answer(
            token=transfer.consent_token, agree=True, code=code_of(transfer)
        )
        # then
        assert answered.status == PermitTransfer.Status.COMPLETED
        assert answered.proof_method == "registry_sms"
        assert answered.new_permit.worker_civil_id == WORKER
        assert answered.new_permit.establishment == new_shop
        assert answered.new_permit.status == Permit.Status.ACTIVE
        assert answered.new_permit.fee_amount == Decimal("5.000")
        assert Permit.objects.get(pk=old.pk).status == Permit.Status.TRANSFERRED

    def test_a_wrong_passport_number_finds_nothing(self):
        old_shop, new_shop = EstablishmentFactory.create_batch(2)
        old = apply(old_shop, representative(old_shop))
        with pytest.raises(PermitError):
            permit_transfer_request(
                to_establishment=new_shop,
                requested_by=representative(new_shop),
                permit_number=old.number,
                passport_number="X0000000",
                occupation_code="7411",
                job_level=4,
                monthly_salary=Decimal("300"),
            )
        assert not PermitTransfer.objects.exists()

    def test_an_expired_consent_is_refused_and_nothing_moves(self):
        old_shop, new_shop = EstablishmentFactory.create_batch(2)
        old = apply(old_shop, representative(old_shop), worker_civil_id=WORKER)
        transfer = permit_transfer_request(
            to_establishment=new_shop,
            requested_by=representative(new_shop),
            permit_number=old.number,
            passport_number=old.passport_number,
            occupation_code="7411",
            job_level=4,
            monthly_salary=Decimal("300"),
        )
        with (
            time_machine.travel(timezone.now() + datetime.timedelta(days=8)),
            pytest.raises(PermitError),
        ):
            permit_transfer_answer(token=transfer.consent_token, agree=True, code=code_of(transfer))
        assert Permit.objects.get(pk=old.pk).status == Permit.Status.ACTIVE
        assert Permit.objects.count() == 1


class TestVisa:
    def test_the_same_visa_twice_is_recorded_once(self):
        shop = EstablishmentFactory.create()
        permit = apply(shop, representative(shop))
        directorate = UserFactory.create(role=User.Role.API_CLIENT)
        today = timezone.localdate()
        first = permit_visa_record(
            permit=permit,
            recorded_by=directorate,
            visa_number="v123",
            issued_on=today,
            expires_on=today + datetime.timedelta(days=90),
        )
        again = permit_visa_record(
            permit=permit,
            recorded_by=directorate,
            visa_number="V123",
            issued_on=today,
            expires_on=today + datetime.timedelta(days=90),
        )
        assert (first.created, again.created) == (True, False)
        assert permit.visas.count() == 1

    def test_dates_out_of_order_are_refused(self):
        shop = EstablishmentFactory.create()
        permit = apply(shop, representative(shop))
        today = timezone.localdate()
        with pytest.raises(PermitError):
            permit_visa_record(
                permit=permit,
                recorded_by=UserFactory.create(role=User.Role.API_CLIENT),
                visa_number="V1",
                issued_on=today,
                expires_on=today - datetime.timedelta(days=1),
            )
        assert not permit.visas.exists()


def test_workers_approved_but_not_yet_on_the_register_count_for_the_quota():
    # given: room for exactly one more foreigner (10 Omanis, 9 foreigners, 50%)
    publish_rule_set(effective_from=datetime.date(2023, 1, 1), targets=[(None, "", None, "50")])
    shop = establishment(activity=activity("4711"))
    OmaniEmployeeFactory.create_batch(10, establishment=shop, monthly_salary=Decimal("600"))
    ForeignEmployeeFactory.create_batch(9, establishment=shop)
    user = representative(shop)
    first = apply(shop, user)
    # when: the first worker is not yet on the register, a second application fails the quota
    second = apply(shop, user)
    # then
    assert (first.status, second.status) == (Permit.Status.ACTIVE, Permit.Status.SUBMITTED)
    # and once the first worker is on the register, they are not counted twice
    EmployeeFactory.create(
        establishment=shop,
        nationality=first.nationality,
        passport_number=first.passport_number,
        civil_id=None,
    )
    from permits.selectors import foreign_hires_approved_for_establishment

    assert foreign_hires_approved_for_establishment(establishment=shop) == []


def test_a_failed_application_leaves_no_document_on_disk(monkeypatch, private_files):
    # given: a step after the documents are stored fails
    from permits.documents import document_check
    from permits.services import applications, permit_apply

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(applications, "audit_record", broken)
    shop = EstablishmentFactory.create()
    scan = document_check(
        kind="passport", original_filename="passport.pdf", content=b"%PDF-1.4\n...\n%%EOF\n"
    )
    # when
    with pytest.raises(RuntimeError):
        permit_apply(
            establishment=shop,
            data=WorkerAndJobFactory.build(),
            applied_by=representative(shop),
            documents=[scan],
        )
    # then
    assert not Permit.objects.exists()
    assert not [path for path in private_files.rglob("*") if path.is_file()]


def test_a_bulk_renewal_tells_the_employer_once_and_each_worker_at_once(
    django_capture_on_commit_callbacks,
):
    # given
    from permits.services import bulk_renewal_create

    shop = EstablishmentFactory.create()
    user = representative(shop)
    ends = timezone.localdate() + datetime.timedelta(days=30)
    permits = [
        PermitFactory.create(
            status=Permit.Status.ACTIVE,
            establishment=shop,
            valid_until=ends,
            worker_mobile=f"+9689200010{n}",
            worker_civil_id=f"7123456{n}",
        )
        for n in range(3)
    ]
    # when (Celery runs in process in tests, once the request commits)
    with django_capture_on_commit_callbacks(execute=True):
        bulk_renewal_create(
            establishment=shop,
            requested_by=user,
            permit_ids=[p.pk for p in permits],
            language="en",
        )
    # then
    to_employer = SmsMessage.objects.filter(recipient=user)
    assert [m.template.code for m in to_employer] == ["permit_bulk_renewal_done"]
    assert "جُدِّد 3" in to_employer.get().rendered_text  # in the employer's language (Arabic)
    # each worker at the registry's mobile of their resident number, none at a typed number
    registry_mobiles = [registry_mobile_of(p.worker_civil_id) for p in permits]
    assert SmsMessage.objects.filter(to_number__in=registry_mobiles).count() == 3
    assert not SmsMessage.objects.filter(to_number__in=[p.worker_mobile for p in permits]).exists()


class TestTransferRefusals:
    def _request(self, old: Permit, new_shop: Establishment) -> PermitTransfer:
        return permit_transfer_request(
            to_establishment=new_shop,
            requested_by=representative(new_shop),
            permit_number=old.number,
            passport_number=old.passport_number,
            occupation_code="7411",
            job_level=4,
            monthly_salary=Decimal("300"),
        )

    def test_an_expired_request_is_recorded_as_expired(self):
        old_shop, new_shop = EstablishmentFactory.create_batch(2)
        transfer = self._request(
            apply(old_shop, representative(old_shop), worker_civil_id=WORKER), new_shop
        )
        with (
            time_machine.travel(timezone.now() + datetime.timedelta(days=8)),
            pytest.raises(PermitError),
        ):
            permit_transfer_answer(token=transfer.consent_token, agree=True, code=code_of(transfer))
        assert PermitTransfer.objects.get(pk=transfer.pk).status == PermitTransfer.Status.EXPIRED

    @pytest.mark.parametrize("ended", [Permit.Status.CANCELLED, Permit.Status.SUSPENDED])
    def test_a_permit_no_longer_valid_cannot_be_transferred(self, ended):
        # given: the old employer ends or the ministry suspends the permit after the request
        old_shop, new_shop = EstablishmentFactory.create_batch(2)
        old = apply(old_shop, representative(old_shop), worker_civil_id=WORKER)
        transfer = self._request(old, new_shop)
        Permit.objects.filter(pk=old.pk).update(status=ended)
        # when
        with pytest.raises(PermitError), translation.override("en"):
            permit_transfer_answer(token=transfer.consent_token, agree=True, code=code_of(transfer))
        # then: no permit for the new employer, and the request is closed
        assert not Permit.objects.filter(establishment=new_shop).exists()
        assert PermitTransfer.objects.get(pk=transfer.pk).status == PermitTransfer.Status.CANCELLED
