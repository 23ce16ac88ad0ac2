"""Resignations: the worker resigns in the portal, the employer answers by the deadline (or the
resignation is accepted), and an accepted resignation's no-objection record lets a new employer
take over the worker's permit until it lapses, when the old permit is cancelled."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from employers.models import Employee
from employment.models import Resignation
from employment.services.resignations import (
    ResignationError,
    nocs_lapse,
    resignation_answer,
    resignation_submit,
    resignation_withdraw,
    resignations_accept_unanswered,
)
from notifications.models import SmsMessage
from permits.models import Permit, PermitTransfer
from permits.services import PermitError, permit_transfer_request
from tests.conftest import sign_in
from tests.employment.builders import (
    foreign_worker,
    omani_account,
    prove_in_session,
    worker_account,
)
from tests.factories import EstablishmentFactory, OmaniEmployeeFactory, UserFactory
from tests.permits.builders import representative

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _resign(employee: Employee, person: User, days: int = 30, **kwargs) -> Resignation:
    return resignation_submit(
        employee=employee,
        submitted_by=person,
        last_working_day=TODAY + datetime.timedelta(days=days),
        **kwargs,
    )


def _foreign_with_account(shop):
    employee, permit = foreign_worker(shop)  # with a resident card number
    return employee, permit, worker_account(employee)


def _transfer(permit: Permit, to_shop) -> PermitTransfer:
    return permit_transfer_request(
        to_establishment=to_shop,
        requested_by=representative(to_shop),
        permit_number=permit.number,
        passport_number=permit.passport_number,
        occupation_code="7411",
        job_level=4,
        monthly_salary=Decimal("350"),
    )


class TestSubmit:
    def test_the_worker_resigns_and_the_employer_hears_by_sms(self):
        # given
        shop = EstablishmentFactory.create(name_en="Gulf Dunes LLC")
        boss = representative(shop)
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        # when
        resignation = _resign(employee, person, statement="Moving to Sohar.")
        # then
        assert resignation.status == Resignation.Status.SUBMITTED
        assert resignation.notice_days == 30
        # the employer answers by the end of the 7th Muscat day
        assert resignation.answer_by == datetime.datetime(
            2026, 3, 9, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=4))
        )
        sms = SmsMessage.objects.get(template__code="resignation_received")
        assert sms.recipient == boss
        assert f"/employer/{shop.pk}/resignations/{resignation.pk}/" in sms.rendered_text
        assert AuditEvent.objects.filter(
            action="employment.resignation_submitted", object_id=str(resignation.pk)
        ).exists()

    def test_a_notice_shorter_than_the_law_is_refused_and_nothing_is_saved(self):
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        with pytest.raises(ValidationError) as error:
            _resign(employee, person, days=29)
        assert "2026-03-31" in error.value.message_dict["last_working_day"][0]
        assert not Resignation.objects.exists()
        assert not SmsMessage.objects.filter(template__code="resignation_received").exists()

    def test_the_contract_s_longer_notice_applies(self):
        from employment.models import Contract

        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        Contract.objects.create(
            establishment=shop,
            employee=employee,
            rule_set_id=1,
            worker_name_ar="س",
            worker_name_en="S",
            nationality="OMN",
            civil_id=employee.civil_id,
            worker_mobile="+96893000001",
            occupation_code="4110",
            job_level=4,
            monthly_salary=Decimal("500"),
            starts_on=datetime.date(2023, 1, 1),
            notice_days=60,
            status=Contract.Status.ACTIVE,
            registered_by=representative(shop),
            accept_by=timezone.now(),
        )
        with pytest.raises(ValidationError) as error:
            _resign(employee, person, days=45)
        assert "60 days" in error.value.message_dict["last_working_day"][0]
        assert _resign(employee, person, days=60).notice_days == 60

    def test_a_day_after_the_contract_ends_is_refused(self):
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(
            establishment=shop, contract_end=TODAY + datetime.timedelta(days=40)
        )
        person = omani_account(employee)
        with pytest.raises(ValidationError) as error:
            _resign(employee, person, days=50)
        assert "already ends on 2026-04-10" in error.value.message_dict["last_working_day"][0]
        assert not Resignation.objects.exists()

    def test_nobody_resigns_for_someone_else(self):
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        stranger = UserFactory.create(role=User.Role.JOBSEEKER, civil_id="11112222")
        with pytest.raises(ResignationError):
            _resign(employee, stranger)
        assert not Resignation.objects.exists()

    def test_a_second_resignation_while_one_waits_is_refused(self):
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        _resign(employee, person)
        with pytest.raises(ResignationError):
            _resign(employee, person, days=40)
        assert Resignation.objects.count() == 1


class TestAnswer:
    def test_acceptance_issues_the_record_and_the_register_follows(self):
        # given
        shop = EstablishmentFactory.create(name_en="Gulf Dunes LLC")
        boss = representative(shop)
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        resignation = _resign(employee, person)
        # when
        accepted = resignation_answer(resignation=resignation, answered_by=boss, accept=True)
        # then
        assert accepted.status == Resignation.Status.ACCEPTED
        assert accepted.noc_number == f"NOC-2026-{resignation.pk:07d}"
        assert accepted.noc_valid_until == TODAY + datetime.timedelta(days=30 + 30)
        assert not accepted.deemed_accepted
        assert Employee.objects.get(pk=employee.pk).contract_end == TODAY + datetime.timedelta(
            days=30
        )
        sms = SmsMessage.objects.get(template__code="resignation_accepted")
        assert sms.recipient == person
        assert accepted.noc_number in sms.rendered_text

    def test_a_refusal_needs_a_reason_from_the_list(self):
        shop = EstablishmentFactory.create()
        boss = representative(shop)
        employee = OmaniEmployeeFactory.create(establishment=shop)
        resignation = _resign(employee, omani_account(employee))
        with pytest.raises(ValidationError) as error:
            resignation_answer(resignation=resignation, answered_by=boss, accept=False)
        assert "refusal_reason" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            resignation_answer(
                resignation=resignation, answered_by=boss, accept=False, refusal_reason="other"
            )
        assert "note" in error.value.message_dict
        resignation.refresh_from_db()
        assert resignation.status == Resignation.Status.SUBMITTED
        # when
        refused = resignation_answer(
            resignation=resignation, answered_by=boss, accept=False, refusal_reason="obligations"
        )
        # then: the contract continues and the worker is told why
        assert refused.status == Resignation.Status.REFUSED
        assert Employee.objects.get(pk=employee.pk).contract_end is None
        sms = SmsMessage.objects.get(template__code="resignation_refused")
        assert "Outstanding obligations" in sms.rendered_text or "التزامات" in sms.rendered_text

    def test_an_answered_resignation_cannot_be_answered_again(self):
        shop = EstablishmentFactory.create()
        boss = representative(shop)
        employee = OmaniEmployeeFactory.create(establishment=shop)
        resignation = _resign(employee, omani_account(employee))
        resignation_answer(resignation=resignation, answered_by=boss, accept=True)
        with pytest.raises(ResignationError):
            resignation_answer(
                resignation=resignation, answered_by=boss, accept=False, refusal_reason="notice"
            )
        assert Resignation.objects.get().status == Resignation.Status.ACCEPTED

    def test_the_worker_may_withdraw_before_the_answer_only(self):
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        resignation = _resign(employee, person)
        assert (
            resignation_withdraw(resignation=resignation, withdrawn_by=person).status
            == Resignation.Status.WITHDRAWN
        )
        with pytest.raises(ResignationError):
            resignation_withdraw(resignation=resignation, withdrawn_by=person)


class TestDeadline:
    def test_an_unanswered_resignation_is_accepted_at_the_deadline_exactly(self):
        # given
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        resignation = _resign(employee, omani_account(employee))
        # when: one second before the deadline
        with time_machine.travel(resignation.answer_by - datetime.timedelta(seconds=1), tick=False):
            assert resignations_accept_unanswered() == 0
        # then
        assert Resignation.objects.get().status == Resignation.Status.SUBMITTED
        # when: at the deadline
        with time_machine.travel(resignation.answer_by, tick=False):
            assert resignations_accept_unanswered() == 1
            assert resignations_accept_unanswered() == 0  # safe to re-run
        # then
        accepted = Resignation.objects.get()
        assert accepted.status == Resignation.Status.ACCEPTED
        assert accepted.deemed_accepted
        assert accepted.noc_number
        event = AuditEvent.objects.get(action="employment.resignation_accepted")
        assert event.actor is None
        assert event.actor_label == "deadline"


class TestNoObjectionRecord:
    def test_a_worker_under_contract_moves_only_with_the_record(self):
        # given: a foreign worker under a running contract
        old_shop, new_shop = EstablishmentFactory.create_batch(2)
        employee, permit, person = _foreign_with_account(old_shop)
        # when / then: a transfer without the record is refused, nothing is written
        with pytest.raises(PermitError) as error:
            _transfer(permit, new_shop)
        assert "no-objection record" in error.value.message
        assert not PermitTransfer.objects.exists()
        # when: the worker resigns and the employer accepts
        resignation = _resign(employee, person)
        resignation_answer(
            resignation=resignation, answered_by=representative(old_shop), accept=True
        )
        transfer = _transfer(permit, new_shop)
        # then: the transfer waits for the worker's consent and uses the record
        assert transfer.status == PermitTransfer.Status.AWAITING_CONSENT
        assert Resignation.objects.get().noc_transfer == transfer
        assert AuditEvent.objects.filter(action="employment.noc_used").count() == 1

    def test_a_record_that_lapses_unused_cancels_the_old_permit(self):
        # given
        old_shop = EstablishmentFactory.create()
        employee, permit, person = _foreign_with_account(old_shop)
        resignation = _resign(employee, person)
        resignation = resignation_answer(
            resignation=resignation, answered_by=representative(old_shop), accept=True
        )
        last_valid = resignation.noc_valid_until
        # when: on its last valid day nothing happens
        with time_machine.travel(
            datetime.datetime.combine(last_valid, datetime.time(12), tzinfo=datetime.UTC)
        ):
            assert nocs_lapse() == 0
        # when: the day after, it lapses
        with time_machine.travel(
            datetime.datetime.combine(
                last_valid + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
            )
        ):
            assert nocs_lapse() == 1
            assert nocs_lapse() == 0
        # then
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.CANCELLED
        assert Resignation.objects.get().noc_lapsed_at is not None

    def test_a_worker_whose_contract_has_ended_needs_no_record(self):
        old_shop, new_shop = EstablishmentFactory.create_batch(2)
        employee, permit = foreign_worker(old_shop)
        Employee.objects.filter(pk=employee.pk).update(
            contract_end=TODAY - datetime.timedelta(days=1)
        )
        assert _transfer(permit, new_shop).status == PermitTransfer.Status.AWAITING_CONSENT


class TestPages:
    def test_the_worker_resigns_from_the_portal(self, client):
        shop = EstablishmentFactory.create(name_en="Gulf Dunes LLC")
        representative(shop)
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        sign_in(client, person)
        prove_in_session(client, person.civil_id)
        page = client.get("/en/my/employment/resign/")
        assert page.status_code == 200
        assert "Gulf Dunes LLC" in page.content.decode()
        response = client.post(
            "/en/my/employment/resign/",
            {"employee": employee.pk, "last_working_day": "2026-04-15", "statement": ""},
        )
        resignation = Resignation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/en/my/employment/resignations/{resignation.pk}/"
        detail = client.get(response["Location"]).content.decode()
        assert "Waiting for the employer" in detail
        timeline = client.get("/en/my/employment/").content.decode()
        assert "Resignation" in timeline
        assert f"/en/my/employment/resignations/{resignation.pk}/" in timeline

    def test_a_bad_date_gets_a_translated_error_and_saves_nothing(self, client):
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        sign_in(client, person)
        prove_in_session(client, person.civil_id)
        response = client.post(
            "/ar/my/employment/resign/",
            {"employee": employee.pk, "last_working_day": "2026-03-05"},
        )
        assert response.status_code == 400
        assert "مدة الإشعار" in response.content.decode()
        assert not Resignation.objects.exists()

    def test_another_person_s_employment_cannot_be_chosen(self, client):
        shop = EstablishmentFactory.create()
        theirs = OmaniEmployeeFactory.create(establishment=shop)
        mine = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(mine)
        sign_in(client, person)
        prove_in_session(client, person.civil_id)
        response = client.post(
            "/en/my/employment/resign/",
            {"employee": theirs.pk, "last_working_day": "2026-04-15"},
        )
        assert response.status_code == 400
        assert not Resignation.objects.exists()

    def test_the_employer_answers_and_both_download_the_record(self, client):
        shop = EstablishmentFactory.create()
        boss = representative(shop)
        employee = OmaniEmployeeFactory.create(establishment=shop)
        person = omani_account(employee)
        resignation = _resign(employee, person)
        sign_in(client, boss)
        base = f"/en/employer/{shop.pk}/resignations/"
        assert str(employee.name) in client.get(base).content.decode()
        missing = client.post(f"{base}{resignation.pk}/", {"decision": "refuse"})
        assert missing.status_code == 400
        assert Resignation.objects.get().status == Resignation.Status.SUBMITTED
        answered = client.post(f"{base}{resignation.pk}/", {"decision": "accept"})
        assert answered.status_code == 302
        pdf = client.get(f"{base}{resignation.pk}/noc.pdf")
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        sign_in(client, person)
        mine = client.get(f"/en/my/employment/resignations/{resignation.pk}/noc.pdf")
        assert mine.status_code == 200
        assert mine.content.startswith(b"%PDF")
        token = Resignation.objects.get().noc_token
        check = client.get(f"/en/verify/noc/{token}/")
        assert "Valid: a new employer may ask" in check.content.decode()
        assert check["Cache-Control"].startswith("no-store") or "no-store" in check["Cache-Control"]

    def test_another_establishment_s_resignation_answers_404(self, client):
        shop, other = EstablishmentFactory.create_batch(2)
        employee = OmaniEmployeeFactory.create(establishment=shop)
        resignation = _resign(employee, omani_account(employee))
        outsider = representative(other)
        sign_in(client, outsider)
        for url in (
            f"/en/employer/{other.pk}/resignations/{resignation.pk}/",
            f"/en/employer/{other.pk}/resignations/{resignation.pk}/noc.pdf",
            f"/en/employer/{shop.pk}/resignations/{resignation.pk}/",
        ):
            assert client.get(url).status_code in (403, 404), url
        response = client.post(
            f"/en/employer/{other.pk}/resignations/{resignation.pk}/", {"decision": "accept"}
        )
        assert response.status_code == 404
        assert Resignation.objects.get().status == Resignation.Status.SUBMITTED

    def test_a_worker_sees_only_its_own_resignation(self, client):
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        resignation = _resign(employee, omani_account(employee))
        other = omani_account(OmaniEmployeeFactory.create(establishment=shop))
        sign_in(client, other)
        prove_in_session(client, other.civil_id)
        assert client.get(f"/en/my/employment/resignations/{resignation.pk}/").status_code == 404
        assert (
            client.post(f"/en/my/employment/resignations/{resignation.pk}/withdraw/").status_code
            == 404
        )
        assert Resignation.objects.get().status == Resignation.Status.SUBMITTED

    def test_an_unknown_record_check_answers_404(self, client):
        assert client.get("/en/verify/noc/not-a-token/").status_code == 404


class TestInvestigationFlags:
    def test_staff_close_a_flag_with_its_outcome(self, client):
        from employment.models import InvestigationFlag
        from tests.conftest import sign_in_staff

        flag = InvestigationFlag.objects.create(
            establishment=EstablishmentFactory.create(),
            reason_code="absconding_monthly",
            period="2026-03",
            count=6,
        )
        officer = UserFactory.create(role=User.Role.OFFICER)
        sign_in_staff(client, officer)
        url = f"/en/staff/investigations/{flag.pk}/close/"
        # an empty outcome is refused and changes nothing
        client.post(url, {"outcome": "  "})
        flag.refresh_from_db()
        assert flag.closed_at is None
        # when
        response = client.post(url, {"outcome": "Workers found at a second site; warned."})
        # then
        assert response.status_code == 302
        flag.refresh_from_db()
        assert flag.closed_by == officer
        assert flag.outcome == "Workers found at a second site; warned."
        assert AuditEvent.objects.filter(action="employment.investigation_closed").count() == 1
        page = client.get("/en/staff/investigations/").content.decode()
        assert "Workers found at a second site" in page
        # a second close is refused
        client.post(url, {"outcome": "Again"})
        assert AuditEvent.objects.filter(action="employment.investigation_closed").count() == 1


def test_an_objection_is_acknowledged_by_sms():
    from employment.services.cases import objection_file, objection_reference
    from tests.employment.builders import proof_of, terminate

    shop = EstablishmentFactory.create(name_en="Gulf Dunes LLC")
    employee = OmaniEmployeeFactory.create(establishment=shop)
    person = omani_account(employee)
    termination = terminate(employee, representative(shop), notice_given_on=TODAY)
    objection = objection_file(
        termination=termination,
        statement="I was never warned.",
        filed_via="portal",
        proof=proof_of(termination),
    )
    sms = SmsMessage.objects.get(template__code="objection_received")
    assert sms.recipient == person
    assert objection_reference(objection) in sms.rendered_text


def test_an_accepted_resignation_is_not_filed_twice(client):
    shop = EstablishmentFactory.create()
    employee = OmaniEmployeeFactory.create(establishment=shop)
    person = omani_account(employee)
    resignation = _resign(employee, person)
    resignation_answer(resignation=resignation, answered_by=representative(shop), accept=True)
    with pytest.raises(ResignationError):
        _resign(employee, person, days=40)
    sign_in(client, person)
    assert "Resign from an employment" not in client.get("/en/my/employment/").content.decode()
