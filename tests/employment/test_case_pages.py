"""Pages of terminations, absconding reports and objections: the employer files through the
forms (bad input gets translated errors and saves nothing), the worker objects by the SMS link
within the window only, and an officer decides from the queue."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import ProofMethod, User
from employers.models import Employee, Establishment
from employment.models import AbscondingReport, Objection, Termination
from notifications.models import SmsMessage
from tests.conftest import sign_in, sign_in_staff
from tests.dates import FromToday, resolve
from tests.employment.builders import (
    foreign_worker,
    muscat,
    notice_messages,
    officer,
    prove_in_session,
    report_absconding,
    representative,
    sms_sent,
    step_up_code_sent,
    terminate,
)
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop() -> Establishment:
    return EstablishmentFactory.create(name_en="Sohar Steel LLC")


@pytest.fixture
def worker(shop: Establishment) -> Employee:
    employee, _permit = foreign_worker(shop)
    return employee


@pytest.fixture
def employer_client(client: Client, shop: Establishment) -> Client:
    sign_in(client, representative(shop))
    return client


def _termination_url(shop: Establishment, employee: Employee, lang: str = "en") -> str:
    return f"/{lang}/employer/{shop.pk}/terminations/new/{employee.pk}/"


def _termination_form(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "reason_code": "misconduct",
        "details": "Repeated safety breaches on site.",
        "notice_given_on": timezone.localdate().isoformat(),
        "notice_days": "30",
        "improvement_started_on": "",
    }
    values.update(overrides)
    return values


def _nothing_saved(employee: Employee) -> None:
    assert not Termination.objects.exists()
    assert not SmsMessage.objects.exists()
    employee.refresh_from_db()
    assert employee.contract_end is None


class TestTerminationFilePage:
    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"reason_code": "looks_at_phone"}, "Choose a reason from the law&#x27;s list."),
            ({"notice_days": "5"}, "The notice period must be at least 30 days."),
            (
                {"notice_given_on": "2023-06-01"},
                "The notice (2023-06-01) cannot be given before the contract starts (2024-01-01).",
            ),
            (
                {"improvement_started_on": FromToday(1, iso=True)},
                "The improvement period cannot start after the notice is given.",
            ),
        ],
        ids=["reason-not-in-list", "notice-too-short", "notice-before-start", "dates-out-of-order"],
    )
    def test_bad_input_is_refused_with_the_reason_and_saves_nothing(
        self, employer_client, shop, worker, overrides, message
    ):
        response = employer_client.post(
            _termination_url(shop, worker), _termination_form(**resolve(overrides))
        )

        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="error-summary"' in body
        assert message in body
        _nothing_saved(worker)

    def test_the_refusal_reads_in_arabic_on_an_arabic_page(self, employer_client, shop, worker):
        response = employer_client.post(
            _termination_url(shop, worker, "ar"), _termination_form(notice_days="5")
        )

        assert "يجب ألا تقل مهلة الإشعار عن 30 يومًا." in response.content.decode()
        _nothing_saved(worker)

    def test_a_valid_termination_opens_the_case_and_texts_the_worker_the_link(
        self, employer_client, shop, worker
    ):
        # given the form page of the employee, reached from the register
        detail = employer_client.get(f"/en/employer/{shop.pk}/workforce/{worker.pk}/")
        assert _termination_url(shop, worker) in detail.content.decode()
        assert employer_client.get(_termination_url(shop, worker)).status_code == 200

        # when the employer files it
        response = employer_client.post(_termination_url(shop, worker), _termination_form())

        # then the case exists, the worker has the SMS with the objection link
        termination = Termination.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/en/employer/{shop.pk}/terminations/{termination.pk}/"
        assert termination.status == Termination.Status.NOTIFIED
        assert termination.employee == worker
        (sms,) = notice_messages(termination)
        assert f"/employment/objections/{termination.objection_token}/" in sms.rendered_text
        page = employer_client.get(response["Location"]).content.decode()
        assert "Repeated safety breaches on site." in page
        listed = employer_client.get(f"/en/employer/{shop.pk}/terminations/").content.decode()
        assert worker.name_en in listed

    def test_another_establishments_employee_is_not_found(self, employer_client, shop):
        stranger, _permit = foreign_worker(EstablishmentFactory.create())

        response = employer_client.post(_termination_url(shop, stranger), _termination_form())

        assert response.status_code == 404
        assert not Termination.objects.exists()


class TestAbscondingFilePage:
    @pytest.mark.parametrize(("days", "filed"), [(6, False), (7, True)])
    def test_a_report_is_refused_on_day_6_and_accepted_on_day_7(
        self, employer_client, shop, worker, days, filed
    ):
        # given a worker last seen `days` days ago, paid up to that day
        last_seen = timezone.localdate() - datetime.timedelta(days=days)
        form = {
            "last_seen_on": last_seen.isoformat(),
            "salary_paid_until": last_seen.isoformat(),
            "salary_evidence": "WPS-2026-000123",
            "details": "",
        }

        # when the employer files the report
        url = f"/en/employer/{shop.pk}/absconding/new/{worker.pk}/"
        response = employer_client.post(url, form)

        # then day 6 is refused with the rule, day 7 is accepted
        if filed:
            report = AbscondingReport.objects.get()
            assert response.status_code == 302
            assert response["Location"] == f"/en/employer/{shop.pk}/absconding/{report.pk}/"
            assert notice_messages(report)
            assert employer_client.get(response["Location"]).status_code == 200
        else:
            assert response.status_code == 200
            assert (
                "A worker can be reported absent only after 7 days of absence: "
                "6 days have passed since"
            ) in response.content.decode()
            assert not AbscondingReport.objects.exists()


def _absconding_form() -> dict[str, Any]:
    last_seen = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    return {
        "last_seen_on": last_seen,
        "salary_paid_until": last_seen,
        "salary_evidence": "WPS-2026-000123",
        "details": "",
    }


class TestFiledCasePages:
    """The two kinds of case the employer files go through the same pages: the form, the
    message on the case's page, and the list."""

    @pytest.mark.parametrize(
        ("path", "form", "said"),
        [
            ("terminations", _termination_form, "The termination was filed."),
            ("absconding", _absconding_form, "The absconding report was filed."),
        ],
        ids=["termination", "absconding"],
    )
    def test_the_filed_case_says_so_on_its_page_and_is_listed(
        self, employer_client, shop, worker, path, form, said
    ):
        # when the employer files the case
        response = employer_client.post(
            f"/en/employer/{shop.pk}/{path}/new/{worker.pk}/", form(), follow=True
        )

        # then its page says it was filed, and what the worker was told
        body = response.content.decode()
        assert response.status_code == 200
        assert said in body
        assert "objection period has not started" in body or "was told by text" in body
        assert worker.name_en in body
        # and the list of that kind shows it
        listed = employer_client.get(f"/en/employer/{shop.pk}/{path}/").content.decode()
        assert worker.name_en in listed

    def test_an_economic_dismissal_says_it_waits_for_the_committee(
        self, employer_client, shop, worker
    ):
        response = employer_client.post(
            _termination_url(shop, worker), _termination_form(reason_code="economic"), follow=True
        )

        body = response.content.decode()
        assert "An economic dismissal waits for the ministry&#x27;s committee." in body
        assert "verified number" not in body


class TestWorkerObjection:
    def _filed(self, shop: Establishment, worker: Employee) -> Termination:
        with time_machine.travel(muscat(2026, 3, 1, 9), tick=False):
            termination = terminate(worker, representative(shop))
        sms_sent(termination, muscat(2026, 3, 1, 10))
        return termination

    def test_the_worker_objects_in_time_and_the_case_reaches_the_staff_queue(
        self, client, shop, worker
    ):
        # given a termination told to the worker on 1 March (30 days)
        termination = self._filed(shop, worker)
        url = f"/en/employment/objections/{termination.objection_token}/"

        with time_machine.travel(muscat(2026, 3, 31, 20), tick=False):
            # when the worker opens the link and objects on the last day
            page = client.get(url)
            assert page.status_code == 200
            assert page["Cache-Control"] == "no-store"
            assert page["Referrer-Policy"] == "no-referrer"
            assert "noindex" in page["X-Robots-Tag"]
            assert "Sohar Steel LLC" in page.content.decode()
            assert "2026-03-31" in page.content.decode()
            # the worker proves who they are with a code to the registry's mobile
            asked = client.post(url, {"action": "send_code"})
            assert asked.status_code == 200
            code = step_up_code_sent()
            response = client.post(
                url, {"action": "object", "statement": "I was never warned.", "code": code}
            )

        # then the case is objected to, and an officer sees it in the queue
        assert response.status_code == 302
        termination.refresh_from_db()
        assert termination.status == Termination.Status.OBJECTED
        objection = Objection.objects.get()
        assert objection.filed_via == "link"
        assert objection.proof_method == ProofMethod.REGISTRY_SMS
        assert "Your objection was received" in client.get(url).content.decode()
        sign_in_staff(client, officer())
        queue = client.get("/en/staff/cases/").content.decode()
        assert f"/en/staff/cases/termination/{termination.pk}/" in queue
        case = client.get(f"/en/staff/cases/termination/{termination.pk}/").content.decode()
        assert "I was never warned." in case

    def test_after_the_window_the_page_refuses_and_nothing_changes(self, client, shop, worker):
        termination = self._filed(shop, worker)
        url = f"/en/employment/objections/{termination.objection_token}/"

        with time_machine.travel(muscat(2026, 4, 1, 0, 5), tick=False):
            page = client.get(url).content.decode()
            response = client.post(url, {"statement": "Too late?"})

        assert "The objection period ended on 2026-03-31" in page
        assert response.status_code == 409
        assert "The objection period ended on 2026-03-31" in response.content.decode()
        termination.refresh_from_db()
        assert termination.status == Termination.Status.NOTIFIED
        assert not Objection.objects.exists()

    def test_an_unknown_link_is_not_found(self, client):
        response = client.get("/en/employment/objections/not-a-real-token/")

        assert response.status_code == 404
        assert response["Cache-Control"] == "no-store"


class TestStaffDecision:
    def _objected_termination(self, shop: Establishment, worker: Employee) -> Termination:
        termination = terminate(worker, representative(shop))
        sms_sent(termination, timezone.now())
        worker_browser = Client()
        prove_in_session(worker_browser, worker.civil_id or "")
        worker_browser.post(
            f"/en/employment/objections/{termination.objection_token}/",
            {"statement": "I was never warned."},
        )
        termination.refresh_from_db()
        assert termination.status == Termination.Status.OBJECTED
        return termination

    def test_an_officer_upholds_a_termination_from_the_queue(self, client, shop, worker):
        termination = self._objected_termination(shop, worker)
        sign_in_staff(client, officer())

        response = client.post(
            f"/en/staff/cases/termination/{termination.pk}/decide/",
            {"decision": "uphold", "reason": "Warnings on file."},
        )

        assert response.status_code == 302
        termination.refresh_from_db()
        assert termination.status == Termination.Status.UPHELD
        assert termination.decision_reason == "Warnings on file."
        assert (
            f"termination/{termination.pk}/" not in client.get("/en/staff/cases/").content.decode()
        )

    def test_an_approver_overturns_an_absconding_report(self, client, shop, worker):
        report = report_absconding(worker, representative(shop))
        sms_sent(report, timezone.now())
        worker_browser = Client()
        prove_in_session(worker_browser, worker.civil_id)
        worker_browser.post(
            f"/en/employment/objections/{report.objection_token}/", {"statement": "I was ill."}
        )
        sign_in_staff(client, officer(User.Role.APPROVER))
        queue = client.get("/en/staff/cases/", {"kind": "absconding"}).content.decode()
        assert f"/en/staff/cases/absconding/{report.pk}/" in queue

        response = client.post(
            f"/en/staff/cases/absconding/{report.pk}/decide/",
            {"decision": "overturn", "reason": "Hospital certificate."},
        )

        assert response.status_code == 302
        report.refresh_from_db()
        assert report.status == AbscondingReport.Status.OVERTURNED

    def test_a_decision_without_a_reason_changes_nothing(self, client, shop, worker):
        termination = self._objected_termination(shop, worker)
        sign_in_staff(client, officer())

        response = client.post(
            f"/en/staff/cases/termination/{termination.pk}/decide/", {"decision": "uphold"}
        )

        assert response.status_code == 302
        termination.refresh_from_db()
        assert termination.status == Termination.Status.OBJECTED

    @pytest.mark.parametrize("role", [User.Role.INSPECTOR, User.Role.ANALYST])
    def test_inspectors_and_analysts_may_not_decide(self, client, shop, worker, role):
        termination = self._objected_termination(shop, worker)
        sign_in_staff(client, officer(role))

        queue = client.get("/en/staff/cases/")
        response = client.post(
            f"/en/staff/cases/termination/{termination.pk}/decide/",
            {"decision": "uphold", "reason": "No."},
        )

        assert queue.status_code == 403
        assert response.status_code == 403
        termination.refresh_from_db()
        assert termination.status == Termination.Status.OBJECTED

    def test_an_unknown_kind_is_not_found(self, client):
        sign_in_staff(client, officer())

        assert client.get("/en/staff/cases/violation/1/").status_code == 404
