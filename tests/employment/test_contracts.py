"""Services of employment contracts: registration with the rules in force, the worker's answer
by SMS code, the ministry's approval where required, and the register following a contract in
force."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation

from accounts.models import ProofMethod, User
from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from employers.models import Employee, Establishment
from employment.models import Contract
from employment.services.contracts import (
    MAX_CODE_ATTEMPTS,
    ContractCodeError,
    ContractError,
    ContractInvalidError,
    ContractTransitionError,
    contract_accept,
    contract_decide,
    contract_decline,
    contract_register,
)
from notifications.models import SmsMessage
from tests.employment.builders import (
    contract_data,
    offer_code,
    officer,
    registry_mobile,
    representative,
    set_contract_approval,
)
from tests.factories import EmployeeFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def establishment() -> Establishment:
    return EstablishmentFactory.create()


@pytest.fixture
def employer(establishment: Establishment) -> User:
    return representative(establishment)


def register(establishment: Establishment, by: User, **overrides: Any) -> Contract:
    return contract_register(
        establishment=establishment, registered_by=by, data=contract_data(**overrides)
    )


class TestContractRegister:
    def test_proposes_the_contract_and_sends_the_link_with_a_masked_code(
        self, establishment, employer
    ):
        # when
        contract = register(establishment, employer)

        # then
        assert contract.status == Contract.Status.PROPOSED
        assert contract.worker_mobile == "+96891234567"  # as typed: kept for information
        rules_days = contract.rule_set.contract_acceptance_days
        assert (contract.accept_by - timezone.now()).days in {rules_days - 1, rules_days}
        message = SmsMessage.objects.get(idempotency_key=f"contract:{contract.pk}:offer")
        # the code went to the registry's mobile for the worker's number, not the typed one
        assert message.to_number == registry_mobile(contract.civil_id)
        assert contract.offer_state == Contract.OfferState.SENT
        assert contract.offer_proof_method == ProofMethod.REGISTRY_SMS
        assert message.language == "en"
        assert f"/employment/contracts/{contract.acceptance_token}/" in message.body_to_send
        code = offer_code(contract.pk)
        assert code not in message.rendered_text
        assert code not in contract.acceptance_code_hash
        assert AuditEvent.objects.filter(
            action="employment.contract_registered", object_id=str(contract.pk)
        ).exists()

    def test_the_offer_is_written_in_the_workers_language(self, establishment, employer):
        contract = register(establishment, employer, worker_language="ar")

        message = SmsMessage.objects.get(idempotency_key=f"contract:{contract.pk}:offer")
        assert message.language == "ar"
        assert "رمز الموافقة" in message.body_to_send

    def test_an_omani_is_named_by_civil_id(self, establishment, employer):
        contract = register(
            establishment, employer, nationality="OMN", civil_id="12345678", passport_number=""
        )

        assert contract.civil_id == "12345678"
        assert contract.passport_number == ""

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            pytest.param({"ends_on": "2020-01-01"}, "ends_on", id="ends-before-start"),
            pytest.param({"starts_on": "2020-01-01"}, "starts_on", id="starts-in-the-past"),
            pytest.param({"notice_days": "10"}, "notice_days", id="notice-shorter-than-law"),
            pytest.param({"monthly_salary": "100"}, "monthly_salary", id="salary-below-floor"),
            pytest.param({"occupation_code": "9999"}, "occupation_code", id="unknown-occupation"),
            pytest.param({"worker_name_ar": "Rajesh"}, "worker_name_ar", id="arabic-in-latin"),
            pytest.param({"worker_name_en": "راجيش"}, "worker_name_en", id="english-in-arabic"),
            pytest.param({"nationality": "XXX"}, "nationality", id="unknown-nationality"),
            pytest.param({"passport_number": ""}, "passport_number", id="foreigner-no-passport"),
            pytest.param(
                {"nationality": "OMN", "civil_id": ""}, "civil_id", id="omani-without-civil-id"
            ),
            pytest.param({"job_level": "5"}, "job_level", id="job-level"),
            pytest.param({"probation_days": "181"}, "probation_days", id="probation-too-long"),
            pytest.param({"worker_mobile": ""}, "worker_mobile", id="no-mobile"),
        ],
    )
    def test_bad_input_is_refused_by_field_and_nothing_is_saved(
        self, establishment, employer, overrides, field
    ):
        # when
        with pytest.raises(ContractInvalidError) as refused:
            register(establishment, employer, **overrides)

        # then
        assert field in refused.value.errors
        assert not Contract.objects.exists()
        assert not SmsMessage.objects.filter(idempotency_key__startswith="contract:").exists()

    def test_refusals_are_translated(self, establishment, employer):
        with translation.override("ar"), pytest.raises(ContractInvalidError) as refused:
            register(establishment, employer, notice_days="10")

        message = refused.value.errors["notice_days"]
        assert message  # the Arabic catalogue may lag behind; never the raw field name
        with translation.override("en"), pytest.raises(ContractInvalidError) as english:
            register(establishment, employer, notice_days="10")
        assert "30 days" in english.value.errors["notice_days"]


class TestContractAccept:
    def test_right_code_puts_the_contract_in_force_and_the_register_follows(
        self, establishment, employer
    ):
        # given
        set_contract_approval(False)
        contract = register(establishment, employer)

        # when
        accepted = contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))

        # then
        assert accepted.status == Contract.Status.ACTIVE
        employee = Employee.objects.get(establishment=establishment)
        assert accepted.employee == employee
        assert employee.passport_number == contract.passport_number
        assert employee.occupation_code == "7112"
        assert employee.monthly_salary == contract.monthly_salary
        assert employee.contract_start == contract.starts_on
        assert employee.contract_end == contract.ends_on
        active = SmsMessage.objects.get(idempotency_key=f"contract:{contract.pk}:active:registry")
        assert active.to_number == registry_mobile(contract.civil_id)
        assert accepted.answer_proof_method == ProofMethod.REGISTRY_SMS
        event = AuditEvent.objects.get(
            action="employment.contract_active", object_id=str(contract.pk)
        )
        assert event.after["answer_proof_method"] == ProofMethod.REGISTRY_SMS
        assert AuditEvent.objects.filter(
            action="employment.contract_active", object_id=str(contract.pk)
        ).exists()

    def test_an_existing_register_entry_is_updated(self, establishment, employer):
        set_contract_approval(False)
        existing = EmployeeFactory.create(
            establishment=establishment, passport_number="P1234567", nationality="IND"
        )
        contract = register(establishment, employer, passport_number="P1234567")

        contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))

        existing.refresh_from_db()
        assert Employee.objects.filter(establishment=establishment).count() == 1
        assert existing.monthly_salary == contract.monthly_salary
        assert existing.name_en == "Rajesh Kumar"

    def test_with_approval_required_it_waits_then_an_officer_approves(
        self, establishment, employer
    ):
        # given
        set_contract_approval(True)
        contract = register(establishment, employer)

        # when the worker accepts
        accepted = contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))

        # then it waits for the ministry; the register has not moved yet
        assert accepted.status == Contract.Status.ACCEPTED
        assert not Employee.objects.filter(establishment=establishment).exists()

        # when an officer approves
        active = contract_decide(
            contract=accepted, decided_by=officer(), approve=True, reason="Terms checked."
        )

        # then
        assert active.status == Contract.Status.ACTIVE
        assert active.employee is not None
        assert active.decision_reason == "Terms checked."
        assert SmsMessage.objects.filter(
            idempotency_key=f"contract:{contract.pk}:active:registry"
        ).exists()

    def test_refused_by_the_ministry(self, establishment, employer):
        set_contract_approval(True)
        contract = register(establishment, employer)
        contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))

        refused = contract_decide(
            contract=contract,
            decided_by=officer(User.Role.APPROVER),
            approve=False,
            reason="Salary not matching the permit.",
        )

        assert refused.status == Contract.Status.REFUSED
        assert not Employee.objects.filter(establishment=establishment).exists()

    def test_wrong_code_is_refused_and_counted(self, establishment, employer):
        contract = register(establishment, employer)

        with pytest.raises(ContractCodeError, match="not right"):
            contract_accept(token=contract.acceptance_token, code="000000x")

        contract.refresh_from_db()
        assert contract.acceptance_attempts == 1
        assert contract.status == Contract.Status.PROPOSED

    def test_five_wrong_codes_lock_the_offer(self, establishment, employer):
        # given
        contract = register(establishment, employer)
        right = offer_code(contract.pk)
        wrong = "111111" if right != "111111" else "222222"

        # when
        for _attempt in range(MAX_CODE_ATTEMPTS):
            with pytest.raises(ContractCodeError):
                contract_accept(token=contract.acceptance_token, code=wrong)

        # then even the right code is refused
        with pytest.raises(ContractCodeError, match="no more codes"):
            contract_accept(token=contract.acceptance_token, code=right)
        contract.refresh_from_db()
        assert contract.status == Contract.Status.PROPOSED
        assert contract.acceptance_attempts == MAX_CODE_ATTEMPTS
        assert AuditEvent.objects.filter(action="employment.contract_code_failed").count() == 5

    def test_expired_offer_is_refused_and_marked_expired(self, establishment, employer):
        contract = register(establishment, employer)
        code = offer_code(contract.pk)

        with (
            time_machine.travel(contract.accept_by + datetime.timedelta(minutes=1)),
            pytest.raises(ContractError, match="passed"),
        ):
            contract_accept(token=contract.acceptance_token, code=code)

        contract.refresh_from_db()
        assert contract.status == Contract.Status.EXPIRED
        assert not Employee.objects.exists()

    def test_unknown_token(self):
        with pytest.raises(Contract.DoesNotExist):
            contract_accept(token="nope", code="123456")


class TestContractDecline:
    def test_the_worker_declines(self, establishment, employer):
        contract = register(establishment, employer)

        declined = contract_decline(token=contract.acceptance_token, code=offer_code(contract.pk))

        assert declined.status == Contract.Status.DECLINED
        assert declined.answer_proof_method == ProofMethod.REGISTRY_SMS
        assert AuditEvent.objects.filter(
            action="employment.contract_declined", object_id=str(contract.pk)
        ).exists()

    def test_a_declined_offer_cannot_be_accepted(self, establishment, employer):
        contract = register(establishment, employer)
        contract_decline(token=contract.acceptance_token, code=offer_code(contract.pk))

        with pytest.raises(ContractTransitionError):
            contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))


DISALLOWED_DECISIONS = [
    pytest.param(status, approve, id=f"{status}-{'approve' if approve else 'refuse'}")
    for status in Contract.Status
    if status != Contract.Status.ACCEPTED
    for approve in (True, False)
]


class TestContractDecide:
    @pytest.mark.parametrize(("status", "approve"), DISALLOWED_DECISIONS)
    def test_only_an_accepted_contract_is_decided(self, establishment, employer, status, approve):
        # given
        contract = register(establishment, employer)
        Contract.objects.filter(pk=contract.pk).update(status=status)
        events = AuditEvent.objects.count()

        # when
        with pytest.raises(ContractTransitionError):
            contract_decide(contract=contract, decided_by=officer(), approve=approve, reason="x")

        # then nothing changed
        contract.refresh_from_db()
        assert contract.status == status
        assert contract.decided_by is None
        assert contract.employee is None
        assert AuditEvent.objects.count() == events

    @pytest.mark.parametrize("status", [s for s in Contract.Status if s != "proposed"])
    def test_the_worker_answers_only_a_proposed_offer(self, establishment, employer, status):
        contract = register(establishment, employer)
        Contract.objects.filter(pk=contract.pk).update(status=status)

        with pytest.raises(ContractTransitionError):
            contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))
        with pytest.raises(ContractTransitionError):
            contract_decline(token=contract.acceptance_token)

        contract.refresh_from_db()
        assert contract.status == status

    @pytest.mark.parametrize("role", [User.Role.INSPECTOR, User.Role.POLICY, User.Role.EMPLOYER])
    def test_other_roles_cannot_decide(self, establishment, employer, role):
        set_contract_approval(True)
        contract = register(establishment, employer)
        contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))

        with pytest.raises(PermissionDeniedError):
            contract_decide(contract=contract, decided_by=officer(role), approve=True, reason="x")

        contract.refresh_from_db()
        assert contract.status == Contract.Status.ACCEPTED

    def test_a_reason_is_required(self, establishment, employer):
        set_contract_approval(True)
        contract = register(establishment, employer)
        contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))

        with pytest.raises(ContractError, match="reason"):
            contract_decide(contract=contract, decided_by=officer(), approve=False, reason=" ")


def test_the_nightly_task_expires_offers_past_their_date(establishment, employer):
    from employment.tasks import contract_offers_expire_task

    contract = register(establishment, employer)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert contract_offers_expire_task() == 1
        assert contract_offers_expire_task() == 0
    contract.refresh_from_db()
    assert contract.status == Contract.Status.EXPIRED


class TestContractEnd:
    def _active(self, establishment: Establishment, employer: User, **overrides: Any) -> Contract:
        contract = register(establishment, employer, **overrides)
        return contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))

    def test_a_termination_upheld_once_its_window_closed_ends_the_contract(
        self, establishment, employer
    ):
        from employment.services.cases import cases_close_expired_windows
        from tests.employment.builders import sms_sent, terminate

        # given: a contract in force, then a termination the worker is told of and never objects to
        contract = self._active(establishment, employer)
        assert contract.status == Contract.Status.ACTIVE
        later = timezone.now() + datetime.timedelta(days=30)  # the contract has started
        with time_machine.travel(later):
            termination = terminate(contract.employee, employer)
            sms_sent(termination, timezone.now())
        # when: the window has closed
        cases_close_expired_windows(now=later + datetime.timedelta(days=40))
        # then
        contract.refresh_from_db()
        assert contract.status == Contract.Status.ENDED

    def test_the_nightly_task_ends_contracts_past_their_end_date(self, establishment, employer):
        from employment.tasks import contracts_end_past_their_date_task

        contract = self._active(establishment, employer)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=800)):
            assert contracts_end_past_their_date_task() == 1
            assert contracts_end_past_their_date_task() == 0
        contract.refresh_from_db()
        assert contract.status == Contract.Status.ENDED
