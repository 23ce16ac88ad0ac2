"""The public pages of permits: the certificate check anyone may open, and the worker's consent
to a transfer. Both are reached by a token alone, and show only what their reader needs."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from employers.models import Establishment
from permits.models import Permit, PermitTransfer
from permits.services import permit_cancel, permit_transfer_request
from taxonomy.models import Occupation
from tests.factories import EstablishmentFactory
from tests.permits.builders import apply, representative
from tests.permits.transfer_helpers import REGISTRY_MOBILE, WORKER, code_of

pytestmark = pytest.mark.django_db


def _url(name: str, token: str, *, english: bool = True) -> str:
    with translation.override("en" if english else "ar"):
        return reverse(name, args=[token])


def _assert_private(response) -> None:
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.fixture
def shop() -> Establishment:
    return EstablishmentFactory.create(
        cr_number="7654321", name_en="Canary Trading LLC", name_ar="كناري للتجارة"
    )


@pytest.fixture
def permit(shop: Establishment) -> Permit:
    issued = apply(
        shop,
        representative(shop),
        requested_start=timezone.localdate(),
        passport_number="Z7777777",
        monthly_salary=Decimal("437.250"),
        worker_mobile="+96892345678",
        worker_civil_id=WORKER,
    )
    assert issued.status == Permit.Status.ACTIVE
    return issued


# Random values a page carries by design (its token, the CSRF token, the request's reference in the
# footer) can spell a short secret by chance: a check for leaks reads the page without them.
_RANDOM_VALUE = re.compile(r"[A-Za-z0-9_-]{20,}")


def _without_random_values(page: str) -> str:
    return _RANDOM_VALUE.sub("", page)


def _verify(client: Client, permit: Permit, *, english: bool = True):
    return client.get(_url("permits:verify-permit", permit.certificate_token, english=english))


class TestVerifyPage:
    def test_a_valid_permit_shows_the_worker_the_occupation_and_the_employer(self, client, permit):
        response = _verify(client, permit)
        page = response.content.decode()
        assert response.status_code == 200
        assert "This work permit is valid." in page
        assert "Rajesh Kumar" in page
        assert Occupation.objects.get(code="7411").title_en in page
        assert "Canary Trading LLC" in page
        assert permit.number in page
        assert permit.valid_from.isoformat() in page
        assert permit.valid_until.isoformat() in page
        _assert_private(response)

    def test_the_arabic_page_shows_the_arabic_names(self, client, permit):
        page = _verify(client, permit, english=False).content.decode()
        assert "راجيش كومار" in page
        assert "كناري للتجارة" in page
        assert Occupation.objects.get(code="7411").title_ar in page
        assert 'dir="rtl"' in page

    @pytest.mark.parametrize("english", [True, False], ids=["en", "ar"])
    def test_the_page_publishes_no_personal_or_commercial_detail(self, client, permit, english):
        page = _without_random_values(_verify(client, permit, english=english).content.decode())
        for secret in (
            "Z7777777",  # passport
            "IND",  # nationality
            "1990-05-17",  # date of birth
            "1990",
            "437.250",  # salary
            "437",
            "+96892345678",  # mobile
            "92345678",
            "7654321",  # commercial registration
            "201.000",  # fee
        ):
            assert secret not in page, secret

    def test_a_cancelled_permit_is_not_valid_and_says_why(self, client, permit, shop):
        permit_cancel(permit=permit, cancelled_by=permit.applied_by, reason="Contract ended")
        response = _verify(client, permit)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Not valid" in page
        assert "it was cancelled" in page
        assert "This work permit is valid." not in page
        assert "Contract ended" not in page  # the reason is the employer's business

    def test_a_permit_past_its_end_date_is_not_valid_even_before_the_expiry_sweep(
        self, client, permit
    ):
        with time_machine.travel(
            datetime.datetime.combine(permit.valid_until, datetime.time(12), tzinfo=datetime.UTC)
            + datetime.timedelta(days=1)
        ):
            page = _verify(client, permit).content.decode()
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE
        assert "Not valid" in page
        assert "it has expired" in page

    def test_a_permit_that_starts_later_is_not_valid_yet(self, client, shop):
        later = apply(shop, representative(shop))  # starts in 14 days
        page = _verify(client, later).content.decode()
        assert "not valid yet" in page
        assert later.valid_from.isoformat() in page

    def test_an_application_not_yet_decided_is_not_valid(self, client, shop):
        pending = apply(shop, representative(shop), occupation_code="4110")  # reserved
        assert pending.status == Permit.Status.SUBMITTED
        page = _verify(client, pending).content.decode()
        assert "it has not been issued" in page

    def test_an_unknown_token_is_404_and_shows_no_permit(self, client, permit):
        for token in ("x" * 43, permit.certificate_token[:-1], "a" * 200):
            response = client.get(_url("permits:verify-permit", token))
            page = response.content.decode()
            assert response.status_code == 404
            assert "No work permit matches this code." in page
            assert permit.number not in page
            assert "Rajesh" not in page
            _assert_private(response)

    def test_tokens_are_long_urlsafe_and_distinct(self, permit, shop):
        other = apply(shop, representative(shop))
        for token in (permit.certificate_token, other.certificate_token):
            assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", token)
        assert permit.certificate_token != other.certificate_token

    def test_the_page_needs_no_sign_in_and_takes_few_queries(
        self, client, permit, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(3):
            assert _verify(client, permit).status_code == 200


# --- transfer consent ---------------------------------------------------------------------


@pytest.fixture
def new_shop() -> Establishment:
    return EstablishmentFactory.create(name_en="Falcon Builders LLC", name_ar="الصقر للبناء")


def _request(permit: Permit, new_shop: Establishment, occupation_code: str) -> PermitTransfer:
    return permit_transfer_request(
        to_establishment=new_shop,
        requested_by=representative(new_shop),
        permit_number=permit.number,
        passport_number=permit.passport_number,
        occupation_code=occupation_code,
        job_level=4,
        monthly_salary=Decimal("512.125"),
    )


@pytest.fixture
def transfer(permit: Permit, new_shop: Establishment) -> PermitTransfer:
    return _request(permit, new_shop, "7126")


def _consent_url(token: str) -> str:
    return _url("permits:transfer-consent", token)


class TestTransferConsent:
    def test_the_worker_sees_who_asks_and_can_agree_or_decline(self, client, transfer, permit):
        response = client.get(_consent_url(transfer.consent_token))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Falcon Builders LLC" in page
        assert "Canary Trading LLC" in page
        assert permit.number in page
        assert Occupation.objects.get(code="7126").title_en in page
        assert 'name="answer" value="agree"' in page
        assert 'name="answer" value="decline"' in page
        assert 'name="code"' in page
        assert "csrfmiddlewaretoken" in page
        for secret in (
            "Z7777777",
            "512.125",
            "437.250",
            "+96892345678",
            "7654321",
            WORKER,
            REGISTRY_MOBILE,
        ):
            assert secret not in _without_random_values(page), secret
        _assert_private(response)

    def test_an_answer_needs_the_csrf_token(self, transfer, permit):
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            _consent_url(transfer.consent_token), {"answer": "agree", "code": code_of(transfer)}
        )
        assert response.status_code == 403
        assert PermitTransfer.objects.get().status == PermitTransfer.Status.AWAITING_CONSENT

    def test_agreeing_issues_the_transfer_permit_and_ends_the_old_one(
        self, client, transfer, permit, new_shop
    ):
        url = _consent_url(transfer.consent_token)
        # when
        response = client.post(url, {"answer": "agree", "code": code_of(transfer)})
        # then
        assert response.status_code == 302
        assert response["Location"] == url
        transfer.refresh_from_db()
        assert transfer.status == PermitTransfer.Status.COMPLETED
        new = transfer.new_permit
        assert (new.kind, new.establishment, new.status) == ("transfer", new_shop, "active")
        assert new.previous_permit == permit
        assert new.occupation_code == "7126"
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.TRANSFERRED
        page = client.get(url).content.decode()
        assert "You agreed." in page
        assert new.number in page
        assert "code sent to the civil registry" in page  # how the answer was proven

    def test_agreeing_when_the_checks_fail_leaves_the_old_permit_until_a_decision(
        self, client, permit, new_shop
    ):
        transfer = _request(permit, new_shop, "4110")  # reserved for Omanis: officer decides
        url = _consent_url(transfer.consent_token)
        client.post(url, {"answer": "agree", "code": code_of(transfer)})
        transfer.refresh_from_db()
        assert transfer.status == PermitTransfer.Status.COMPLETED
        assert transfer.new_permit.kind == Permit.Kind.TRANSFER
        assert transfer.new_permit.status == Permit.Status.SUBMITTED
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE
        assert "The ministry is reviewing" in client.get(url).content.decode()

    def test_declining_leaves_the_old_permit_valid(self, client, transfer, permit):
        url = _consent_url(transfer.consent_token)
        assert client.post(url, {"answer": "decline", "code": code_of(transfer)}).status_code == 302
        transfer.refresh_from_db()
        assert transfer.status == PermitTransfer.Status.DECLINED
        assert transfer.new_permit is None
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE
        assert Permit.objects.count() == 1
        page = client.get(url).content.decode()
        assert "You declined" in page
        assert 'value="agree"' not in page

    def test_a_second_answer_is_refused(self, client, transfer, permit):
        url = _consent_url(transfer.consent_token)
        client.post(url, {"answer": "decline", "code": code_of(transfer)})
        response = client.post(url, {"answer": "agree", "code": code_of(transfer)})
        assert response.status_code == 409
        assert "This request was already answered." in response.content.decode()
        assert PermitTransfer.objects.get().status == PermitTransfer.Status.DECLINED
        assert Permit.objects.count() == 1

    def test_an_expired_request_is_refused_and_nothing_moves(self, client, transfer, permit):
        url = _consent_url(transfer.consent_token)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
            page = client.get(url).content.decode()
            assert "This request has expired" in page
            assert 'value="agree"' not in page
            response = client.post(url, {"answer": "agree", "code": code_of(transfer)})
        assert response.status_code == 409
        assert "expired" in response.content.decode()
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE
        assert Permit.objects.count() == 1

    def test_an_unknown_link_is_404_with_a_message(self, client, transfer):
        url = _consent_url("y" * 43)
        for response in (client.get(url), client.post(url, {"answer": "agree"})):
            assert response.status_code == 404
            assert "This link is not valid." in response.content.decode()
            assert "Falcon" not in response.content.decode()
        assert PermitTransfer.objects.get().status == PermitTransfer.Status.AWAITING_CONSENT

    def test_an_answer_other_than_agree_or_decline_is_400(self, client, transfer):
        response = client.post(_consent_url(transfer.consent_token), {"answer": "maybe"})
        assert response.status_code == 400
        assert PermitTransfer.objects.get().status == PermitTransfer.Status.AWAITING_CONSENT
