"""Pages of employment contracts: the employer registers and follows a contract, the worker
answers by the link, the ministry approves; tenancy and staff roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from employers.models import Employee
from employment.models import Contract
from employment.services.contracts import contract_accept, contract_register
from tests.conftest import sign_in, sign_in_staff
from tests.employment.builders import (
    contract_data,
    offer_code,
    representative,
    set_contract_approval,
)
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _contract(establishment=None, **overrides) -> Contract:
    establishment = establishment or EstablishmentFactory.create()
    return contract_register(
        establishment=establishment,
        registered_by=representative(establishment),
        data=contract_data(**overrides),
    )


class TestEmployerPages:
    def test_register_then_worker_accepts_and_the_register_shows_the_employee(self, client):
        # given
        set_contract_approval(False)
        establishment = EstablishmentFactory.create()
        employer = representative(establishment)
        sign_in(client, employer)

        # when the employer registers
        response = client.post(
            reverse("employment:employer-contract-register", args=[establishment.pk]),
            contract_data(passport_number="P7654321"),
        )

        # then
        contract = Contract.objects.get(establishment=establishment)
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "employment:employer-contract", args=[establishment.pk, contract.pk]
        )
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "Rajesh Kumar" in page.content.decode()
        assert "راجيش كومار" in page.content.decode()

        # when the worker accepts on the page of the link
        client.logout()
        worker_url = reverse("employment:worker-contract", args=[contract.acceptance_token])
        answered = client.post(worker_url, {"answer": "accept", "code": offer_code(contract.pk)})

        # then the contract is in force and the register shows the worker
        assert answered.status_code == 302
        contract.refresh_from_db()
        assert contract.status == Contract.Status.ACTIVE
        sign_in(client, employer)
        workforce = client.get(reverse("employers:employer-workforce", args=[establishment.pk]))
        assert "P7654321" in workforce.content.decode() or "Rajesh Kumar" in (
            workforce.content.decode()
        )
        assert Employee.objects.filter(establishment=establishment, passport_number="P7654321")

    def test_bad_input_is_shown_on_the_form_and_nothing_saved(self, client):
        establishment = EstablishmentFactory.create()
        sign_in(client, representative(establishment))

        response = client.post(
            reverse("employment:employer-contract-register", args=[establishment.pk]),
            contract_data(notice_days="5", worker_name_ar="Rajesh"),
        )

        assert response.status_code == 200
        assert "notice period cannot be shorter" in response.content.decode()
        assert "is not written in Arabic letters" in response.content.decode()
        assert not Contract.objects.exists()

    def test_list_filters_by_status(self, client):
        establishment = EstablishmentFactory.create()
        proposed = _contract(establishment, worker_name_en="Proposed Person")
        declined = _contract(establishment, worker_name_en="Declined Person")
        Contract.objects.filter(pk=declined.pk).update(status=Contract.Status.DECLINED)
        sign_in(client, proposed.registered_by)

        response = client.get(
            reverse("employment:employer-contracts", args=[establishment.pk]),
            {"status": "declined"},
        )

        assert response.status_code == 200
        assert "Declined Person" in response.content.decode()
        assert "Proposed Person" not in response.content.decode()

    @pytest.mark.parametrize("url_name", ["employment:employer-contract"])
    def test_another_establishments_contract_is_not_found(self, client, url_name):
        own = EstablishmentFactory.create()
        sign_in(client, representative(own))
        other_contract = _contract(worker_name_en="Canary Other")

        response = client.get(reverse(url_name, args=[own.pk, other_contract.pk]))

        assert response.status_code == 404
        assert b"Canary Other" not in response.content


class TestWorkerPage:
    def test_shows_both_languages_with_private_headers(self, client):
        contract = _contract()

        response = client.get(
            reverse("employment:worker-contract", args=[contract.acceptance_token])
        )

        assert response.status_code == 200
        body = response.content.decode()
        assert "Rajesh Kumar" in body
        assert "راجيش كومار" in body
        assert "Housing and transport" in body
        assert "السكن والنقل" in body
        assert response["Cache-Control"] == "no-store"
        assert "noindex" in response["X-Robots-Tag"]
        assert response["Referrer-Policy"] == "no-referrer"

    def test_unknown_token_is_not_found(self, client):
        response = client.get(reverse("employment:worker-contract", args=["nope"]))

        assert response.status_code == 404
        assert response["Cache-Control"] == "no-store"

    def test_wrong_code_is_explained(self, client):
        contract = _contract()
        url = reverse("employment:worker-contract", args=[contract.acceptance_token])
        wrong = "111111" if offer_code(contract.pk) != "111111" else "222222"

        response = client.post(url, {"answer": "accept", "code": wrong})

        assert response.status_code == 409
        assert "not right" in response.content.decode()
        contract.refresh_from_db()
        assert contract.acceptance_attempts == 1

    def test_decline(self, client):
        contract = _contract()
        url = reverse("employment:worker-contract", args=[contract.acceptance_token])

        response = client.post(url, {"answer": "decline", "code": offer_code(contract.pk)})

        assert response.status_code == 302
        contract.refresh_from_db()
        assert contract.status == Contract.Status.DECLINED
        page = client.get(url).content.decode()
        assert "You declined this contract." in page
        assert "code sent to the civil registry" in page

    def test_the_answer_needs_the_csrf_token(self):
        from django.test import Client

        contract = _contract()
        csrf_client = Client(enforce_csrf_checks=True)

        response = csrf_client.post(
            reverse("employment:worker-contract", args=[contract.acceptance_token]),
            {"answer": "decline"},
        )

        assert response.status_code == 403
        contract.refresh_from_db()
        assert contract.status == Contract.Status.PROPOSED


class TestStaffPages:
    def _accepted(self) -> Contract:
        set_contract_approval(True)
        contract = _contract(worker_name_en="Queued Worker")
        return contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))

    @pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.APPROVER])
    def test_queue_and_approval(self, client, role):
        # given
        contract = self._accepted()
        sign_in_staff(client, UserFactory.create(role=role))

        # when
        queue = client.get(reverse("employment:staff-contracts"))
        detail = client.get(reverse("employment:staff-contract", args=[contract.pk]))
        decided = client.post(
            reverse("employment:staff-contract-decide", args=[contract.pk]),
            {"decision": "approve", "reason": "Checked against the permit."},
        )

        # then
        assert "Queued Worker" in queue.content.decode()
        assert detail.status_code == 200
        assert decided.status_code == 302
        contract.refresh_from_db()
        assert contract.status == Contract.Status.ACTIVE

    def test_queue_filters_by_cr_number(self, client):
        contract = self._accepted()
        sign_in_staff(client, UserFactory.create(role=User.Role.OFFICER))

        own = client.get(
            reverse("employment:staff-contracts"),
            {"cr_number": contract.establishment.cr_number},
        )
        other = client.get(reverse("employment:staff-contracts"), {"cr_number": "0000000"})

        assert "Queued Worker" in own.content.decode()
        assert "Queued Worker" not in other.content.decode()

    @pytest.mark.parametrize("role", [User.Role.INSPECTOR, User.Role.POLICY, User.Role.ANALYST])
    def test_other_staff_cannot_decide(self, client, role):
        contract = self._accepted()
        sign_in_staff(client, UserFactory.create(role=role))

        response = client.post(
            reverse("employment:staff-contract-decide", args=[contract.pk]),
            {"decision": "approve", "reason": "x"},
        )

        assert response.status_code == 403
        contract.refresh_from_db()
        assert contract.status == Contract.Status.ACCEPTED
