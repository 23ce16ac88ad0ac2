"""Wage protection pages: the employer's months and lines, the worker's own lines and disputes,
the ministry's worklist, a check run on demand, a disputed line decided, a fine recorded paid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from employment.models import (
    SalaryLineDispute,
    Violation,
    WageProtectionLine,
    WageProtectionResult,
    WageProtectionRun,
)
from employment.services.wage_protection import wage_protection_check_month
from tests.conftest import sign_in
from tests.employment.builders import worker_account
from tests.employment.test_wage_protection import contract_in_force, months_ago, pay, worker
from tests.factories import EstablishmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(establishment):
    """Two workers, one paid and one not, in a month checked."""
    paid, unpaid = worker(establishment), worker(establishment)
    month = months_ago(2)
    pay(establishment, paid, month)
    wage_protection_check_month(month=month)
    return paid, unpaid, month


class TestEmployerPages:
    def test_the_employer_sees_the_months_rate_and_each_worker(
        self, client, establishment, checked
    ):
        # given
        paid, unpaid, month = checked
        member = MembershipFactory.create(establishment=establishment).user
        sign_in(client, member)

        # when
        months = client.get(reverse("employment:employer-wage-protection", args=[establishment.pk]))
        result = months.context["page"].object_list[0]
        lines = client.get(
            reverse("employment:employer-wage-protection-month", args=[establishment.pk, result.pk])
        )

        # then
        assert "50.00%" in months.content.decode()
        assert f"{month:%Y-%m}" in months.content.decode()
        page = lines.content.decode()
        assert paid.civil_id in page
        assert unpaid.civil_id in page
        assert 'data-outcome="unpaid"' in page

    def test_the_month_lists_workers_not_paid_first_a_page_at_a_time(self, client, establishment):
        # given a month of 30 workers, 3 of them not paid
        workers = [worker(establishment) for _ in range(30)]
        month = months_ago(2)
        for paid in workers[3:]:
            pay(establishment, paid, month)
        wage_protection_check_month(month=month)
        sign_in(client, MembershipFactory.create(establishment=establishment).user)
        result = WageProtectionResult.objects.get()
        url = reverse(
            "employment:employer-wage-protection-month", args=[establishment.pk, result.pk]
        )

        # when the employer opens the month's two pages
        first = client.get(url)
        second = client.get(url, {"page": 2})

        # then the three not paid open the first page, 25 to a page, every worker once
        lines = list(first.context["page"].object_list) + list(second.context["page"].object_list)
        assert first.context["page"].paginator.count == 30
        assert [len(first.context["page"].object_list), len(lines)] == [25, 30]
        assert [line.outcome for line in lines[:3]] == ["unpaid"] * 3
        assert {line.outcome for line in lines[3:]} == {"paid"}
        assert sorted(line.civil_id for line in lines) == sorted(w.civil_id for w in workers)
        assert "30 workers" in first.content.decode()


def test_a_raise_since_does_not_change_what_a_month_paid_in_full_was_due(client, establishment):
    # given a worker paid 300 in full and on time under the contract of that month
    import datetime

    employee = worker(establishment)
    month = months_ago(3)
    old = contract_in_force(employee, salary=Decimal("300.000"))
    pay(establishment, employee, month, amount="300.000")
    wage_protection_check_month(month=month)

    # when a new contract at 400 replaces it from a later month
    raised_from = months_ago(1)
    old.status, old.ends_on = "ended", raised_from - datetime.timedelta(days=1)
    old.save()
    contract_in_force(employee, salary=Decimal("400.000"), starts_on=raised_from)

    # then the worker's page and the employer's month still say 300 was due, paid in full
    sign_in(client, worker_account(employee))
    mine = list(client.get(reverse("employment:my-salary")).context["page"].object_list)
    assert [(line.month, line.salary_due, line.outcome) for line in mine] == [
        (month, Decimal("300.000"), "paid")
    ]
    result = WageProtectionResult.objects.get()
    sign_in(client, MembershipFactory.create(establishment=establishment).user)
    page = client.get(
        reverse("employment:employer-wage-protection-month", args=[establishment.pk, result.pk])
    )
    assert [line.salary_due for line in page.context["page"].object_list] == [Decimal("300.000")]


class TestWorkerPages:
    def test_the_worker_sees_only_own_lines_and_disputes_one(self, client, establishment, checked):
        # given
        _paid, unpaid, _month = checked
        account = worker_account(unpaid)
        sign_in(client, account)

        # when
        page = client.get(reverse("employment:my-salary"))

        # then
        body = page.content.decode()
        assert establishment.name in body
        lines = list(page.context["page"].object_list)
        assert [line.civil_id for line in lines] == [unpaid.civil_id]

        # when the worker disputes it
        line = lines[0]
        response = client.post(
            reverse("employment:my-salary-dispute", args=[line.pk]),
            {"explanation": "My salary was paid in cash, not through the bank."},
        )

        # then a case waits for staff, and the worker sees it pending
        assert response.status_code == 302
        dispute = SalaryLineDispute.objects.get()
        assert dispute.raised_by == account
        assert (
            "Waiting for the ministry"
            in client.get(reverse("employment:my-salary")).content.decode()
        )

    def test_a_worker_paid_as_due_sees_the_month_from_the_file_and_may_dispute_it(
        self, client, establishment, checked
    ):
        # given a month checked: the worker paid in full and on time keeps no line
        paid, unpaid, month = checked
        assert list(WageProtectionLine.objects.values_list("civil_id", flat=True)) == [
            unpaid.civil_id
        ]
        account = worker_account(paid)
        sign_in(client, account)

        # when the worker opens their salary page
        page = client.get(reverse("employment:my-salary"))

        # then the month is there as the bank paid it, paid in full and on time
        lines = list(page.context["page"].object_list)
        assert [(line.civil_id, line.month, line.outcome) for line in lines] == [
            (paid.civil_id, month, "paid")
        ]
        assert lines[0].salary_paid == paid.monthly_salary
        body = page.content.decode()
        assert establishment.name in body
        assert "Paid in full and on time" in body
        assert unpaid.civil_id not in body

        # when the worker says the line is wrong
        url = reverse("employment:my-salary-file-dispute", args=[lines[0].file_line_id])
        assert url in body
        response = client.post(url, {"explanation": "I was paid less than the bank shows."})

        # then the line is kept with its dispute, and the page shows it pending
        assert response.status_code == 302
        dispute = SalaryLineDispute.objects.get()
        assert (dispute.raised_by, dispute.line.civil_id) == (account, paid.civil_id)
        assert dispute.line.outcome == "paid"
        assert "Waiting for the ministry" in (
            client.get(reverse("employment:my-salary")).content.decode()
        )
        # and a re-run of the month leaves the kept line as it is
        kept = WageProtectionLine.objects.get(civil_id=paid.civil_id)
        wage_protection_check_month(month=month)
        assert WageProtectionLine.objects.get(pk=kept.pk).updated_at == kept.updated_at

    def test_another_workers_month_from_the_file_is_not_found(self, client, checked):
        paid, unpaid, _month = checked
        sign_in(client, worker_account(unpaid))
        from integrations.models import SalaryFileLine

        file_line = SalaryFileLine.objects.get(civil_id=paid.civil_id)

        response = client.get(reverse("employment:my-salary-file-dispute", args=[file_line.pk]))

        assert response.status_code == 404

    def test_another_workers_line_is_not_found(self, client, establishment, checked):
        paid, unpaid, _month = checked
        sign_in(client, worker_account(paid))
        other_line = WageProtectionLine.objects.get(civil_id=unpaid.civil_id)

        response = client.get(reverse("employment:my-salary-dispute", args=[other_line.pk]))

        assert response.status_code == 404

    def test_an_account_not_proven_is_asked_to_prove_who_it_is(self, client, checked):
        _paid, unpaid, _month = checked
        account = worker_account(unpaid)
        account.identity_proven_at = None
        account.save()
        sign_in(client, account)

        response = client.get(reverse("employment:my-salary"))

        assert response.status_code == 403
        assert unpaid.civil_id not in response.content.decode()


class TestStaffPages:
    def test_staff_run_a_month_and_see_the_worklist(
        self, staff_client, establishment, django_capture_on_commit_callbacks
    ):
        # given a month with one worker not paid
        worker(establishment)
        month = months_ago(2)
        client = staff_client(User.Role.OFFICER)

        # when the officer runs the check of the month (the task runs eagerly in tests)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("employment:staff-wage-protection-run-start"),
                {"month": f"{month:%Y-%m}"},
            )

        # then the run finished and the worklist shows the establishment at 0%
        run = WageProtectionRun.objects.get()
        assert response.url == reverse("employment:staff-wage-protection-run", args=[run.pk])
        assert run.month == month
        assert client.get(response.url).context["run"].succeeded
        worklist = client.get(reverse("employment:staff-wage-protection")).content.decode()
        assert establishment.name in worklist
        assert "0.00%" in worklist

    def test_a_month_not_ended_cannot_be_run(self, staff_client):
        client = staff_client(User.Role.OFFICER)

        response = client.post(
            reverse("employment:staff-wage-protection-run-start"),
            {"month": f"{months_ago(0):%Y-%m}"},
            follow=True,
        )

        assert not WageProtectionRun.objects.exists()
        assert "once it has ended" in response.content.decode()

    def test_staff_decide_a_disputed_line(self, client, staff_client, establishment, checked):
        # given a dispute
        _paid, unpaid, _month = checked
        sign_in(client, worker_account(unpaid))
        line = WageProtectionLine.objects.get(civil_id=unpaid.civil_id)
        client.post(
            reverse("employment:my-salary-dispute", args=[line.pk]), {"explanation": "Unpaid."}
        )
        dispute = SalaryLineDispute.objects.get()
        officer = staff_client(User.Role.OFFICER)

        # when
        queue = officer.get(reverse("employment:staff-salary-disputes")).content.decode()
        officer.post(
            reverse("employment:staff-salary-dispute", args=[dispute.pk]),
            {"upheld": "yes", "reason": "The bank confirms no transfer."},
        )

        # then
        assert establishment.name in queue
        dispute.refresh_from_db()
        assert dispute.status == SalaryLineDispute.Status.UPHELD

    def test_an_approver_records_the_fine_paid(self, staff_client, establishment):
        # given a wage-protection violation after two months unpaid
        worker(establishment)
        for month in (months_ago(3), months_ago(2)):
            wage_protection_check_month(month=month)
        violation = Violation.objects.get()
        approver = staff_client(User.Role.APPROVER)

        # when
        approver.post(reverse("employment:staff-violation-fine-paid", args=[violation.pk]))

        # then
        violation.refresh_from_db()
        assert violation.fine_settled_at is not None
        assert violation.fine == Decimal("50.000")
        page = approver.get(reverse("employment:staff-violation", args=[violation.pk]))
        assert "Raised by the portal" in page.content.decode()


def test_another_establishment_is_not_in_the_employer_months(client, checked):
    other = EstablishmentFactory.create()
    sign_in(client, MembershipFactory.create(establishment=other).user)

    response = client.get(reverse("employment:employer-wage-protection", args=[other.pk]))

    assert response.status_code == 200
    assert not list(response.context["page"].object_list)
