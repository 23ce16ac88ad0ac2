"""Pages of labour violations: the inspector records, the employer sees and answers, the
ministry decides; bad input is refused with translated errors and saves nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from employers.models import Establishment
from employment.models import Violation
from notifications.models import SmsMessage
from tests.conftest import sign_in, sign_in_staff
from tests.dates import FromToday, resolve
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

RECORD_URL = "/en/staff/violations/new/"


@pytest.fixture
def inspector_client(client: Client) -> Client:
    sign_in_staff(client, UserFactory.create(role=User.Role.INSPECTOR))
    return client


@pytest.fixture
def representative(establishment: Establishment) -> User:
    user = UserFactory.create(role=User.Role.EMPLOYER, mobile="+96891000021")
    MembershipFactory.create(user=user, establishment=establishment)
    return user


def _form(establishment: Establishment, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "cr_number": establishment.cr_number,
        "violation_type": "wages_unpaid",
        "observed_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "workers_concerned": "3",
        "evidence": "Wage protection file shows no salary for March.",
    }
    values.update(overrides)
    return values


def test_inspector_records_and_the_employer_sees_and_answers(client, establishment, representative):
    # given an inspector who records a violation
    sign_in_staff(client, UserFactory.create(role=User.Role.INSPECTOR))
    form_page = client.get("/en/staff/violations/new/").content.decode()
    assert "Wages not paid through the wage protection system: RO 50.000 per worker" in form_page
    response = client.post("/en/staff/violations/new/", _form(establishment))
    violation = Violation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/violations/{violation.pk}/"
    assert str(violation.fine) == "150.000"
    assert SmsMessage.objects.filter(recipient=representative).count() == 1
    listed = client.get("/en/staff/violations/", {"cr_number": establishment.cr_number})
    assert establishment.name_en in listed.content.decode()

    # when the representative opens its violations and answers
    sign_in(client, representative)
    base = f"/en/employer/{establishment.pk}/violations/"
    assert "150.000" in client.get(base).content.decode()
    detail = client.get(f"{base}{violation.pk}/").content.decode()
    assert "Wage protection file shows no salary for March." in detail
    assert "Answer this violation" in detail
    answered = client.post(f"{base}{violation.pk}/answer/", {"answer": "Paid on 2 April."})

    # then the answer is recorded and the inspector sees it
    assert answered.status_code == 302
    violation.refresh_from_db()
    assert violation.status == Violation.Status.ANSWERED
    assert violation.employer_answer == "Paid on 2 April."
    sign_in_staff(client, UserFactory.create(role=User.Role.INSPECTOR))
    case = client.get(f"/en/staff/violations/{violation.pk}/").content.decode()
    assert "Paid on 2 April." in case
    assert "Confirm the violation" in case


def test_an_approver_confirms_with_a_reason(client, establishment, representative):
    inspector = UserFactory.create(role=User.Role.INSPECTOR)
    sign_in_staff(client, inspector)
    client.post("/en/staff/violations/new/", _form(establishment))
    violation = Violation.objects.get()
    sign_in_staff(client, UserFactory.create(role=User.Role.APPROVER))

    refused = client.post(f"/en/staff/violations/{violation.pk}/confirm/", {"reason": ""})
    violation.refresh_from_db()
    assert refused.status_code == 302
    assert violation.status == Violation.Status.RECORDED

    client.post(f"/en/staff/violations/{violation.pk}/confirm/", {"reason": "Bank file checked."})
    violation.refresh_from_db()
    assert violation.status == Violation.Status.CONFIRMED
    page = client.get(f"/en/staff/violations/{violation.pk}/").content.decode()
    assert "Bank file checked." in page
    assert "Confirm the violation" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"observed_on": FromToday(1, iso=True)},
            "The date observed cannot be in the future.",
        ),
        (
            {"observed_on": FromToday(-400, iso=True)},
            "The date observed cannot be more than one year ago.",
        ),
        ({"workers_concerned": "0"}, "Enter at least one worker concerned."),
        ({"evidence": ""}, "Describe the evidence of the violation."),
        ({"evidence": "   "}, "Describe the evidence of the violation."),
        ({"cr_number": "9999999"}, "No establishment has this CR number."),
        ({"violation_type": "smoking"}, "Choose a violation from the fine schedule."),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(
    inspector_client, establishment, representative, overrides, message
):
    response = inspector_client.post(RECORD_URL, _form(establishment, **resolve(overrides)))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in body
    assert message in body
    assert not Violation.objects.exists()
    assert not SmsMessage.objects.exists()


def test_empty_answer_is_refused(client, establishment, representative):
    violation = _recorded(establishment)
    sign_in(client, representative)

    response = client.post(
        f"/en/employer/{establishment.pk}/violations/{violation.pk}/answer/", {"answer": " "}
    )

    assert response.status_code == 200
    assert "Write your answer to the violation." in response.content.decode()
    violation.refresh_from_db()
    assert violation.status == Violation.Status.RECORDED


def test_a_decided_violation_cannot_be_answered(client, establishment, representative):
    violation = _recorded(establishment)
    Violation.objects.filter(pk=violation.pk).update(status=Violation.Status.CONFIRMED)
    sign_in(client, representative)
    url = f"/en/employer/{establishment.pk}/violations/{violation.pk}/"

    assert "Answer this violation" not in client.get(url).content.decode()
    response = client.post(f"{url}answer/", {"answer": "Late."})

    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.employer_answer == ""


@pytest.mark.parametrize(
    "role", [User.Role.OFFICER, User.Role.APPROVER, User.Role.POLICY, User.Role.ANALYST]
)
def test_only_inspectors_record(client, establishment, role):
    sign_in_staff(client, UserFactory.create(role=role))

    assert client.get("/en/staff/violations/new/").status_code == 403
    assert client.post("/en/staff/violations/new/", _form(establishment)).status_code == 403
    assert not Violation.objects.exists()


def test_third_violation_suspends_the_establishment_and_both_sides_see_it(
    inspector_client, establishment, representative
):
    for code in ("records", "hours", "safety"):
        inspector_client.post(
            "/en/staff/violations/new/", _form(establishment, violation_type=code)
        )

    establishment.refresh_from_db()
    assert Violation.objects.count() == 3
    assert establishment.permits_barred is True
    sign_in(inspector_client, representative)
    page = inspector_client.get(f"/en/employer/{establishment.pk}/violations/").content.decode()
    assert "services are suspended" in page


def test_lists_do_not_grow_queries_with_rows(
    inspector_client, establishment, django_assert_max_num_queries
):
    for _ in range(15):
        _recorded(EstablishmentFactory())

    with django_assert_max_num_queries(12):
        assert inspector_client.get("/en/staff/violations/").status_code == 200


def test_inspector_dashboard_links_to_violations(inspector_client):
    body = inspector_client.get("/en/accounts/home/").content.decode()

    assert "/en/staff/violations/" in body


def _recorded(establishment: Establishment) -> Violation:
    from employment.services.violations import violation_record

    return violation_record(
        establishment=establishment,
        inspector=UserFactory.create(role=User.Role.INSPECTOR),
        violation_type_code="records",
        observed_on=timezone.localdate(),
        workers_concerned=1,
        evidence="Register not shown.",
    )


def test_staff_list_filters_by_status_type_and_cr_number(inspector_client, establishment):
    # given a records violation here and a cancelled one elsewhere
    _recorded(establishment)
    elsewhere = EstablishmentFactory(name_en="Elsewhere Trading")
    Violation.objects.filter(pk=_recorded(elsewhere).pk).update(status="cancelled")

    # when the list is filtered
    by_cr = inspector_client.get("/en/staff/violations/", {"cr_number": elsewhere.cr_number})
    by_status = inspector_client.get("/en/staff/violations/", {"status": "recorded"})
    by_type = inspector_client.get("/en/staff/violations/", {"type_code": "safety"})
    bad = inspector_client.get("/en/staff/violations/", {"status": "lost"})

    # then each shows only what matches, and a bad filter is reported
    assert "Elsewhere Trading" in by_cr.content.decode()
    assert establishment.name_en not in by_cr.content.decode()
    assert "Elsewhere Trading" not in by_status.content.decode()
    assert establishment.name_en in by_status.content.decode()
    assert "No violation matches." in by_type.content.decode()
    assert 'id="error-summary"' in bad.content.decode()
