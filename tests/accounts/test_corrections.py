"""Issue 17, data-subject rights: a person asks for a correction of data they cannot edit; it
becomes a case an officer decides, the owning app applies it, and the person is told."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import CorrectionRequest, User
from core.models import AuditEvent
from employers.models import Employee
from notifications.models import SmsMessage
from tests.conftest import sign_in, sign_in_staff
from tests.factories import OmaniEmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/en/accounts/my-corrections/"


@pytest.fixture
def person() -> User:
    user = UserFactory.create(role=User.Role.JOBSEEKER, civil_id="21900001", mobile="+96891900001")
    OmaniEmployeeFactory.create(civil_id=user.civil_id, name_en="Salim Al Harthi")
    OmaniEmployeeFactory.create(civil_id=user.civil_id, name_en="Salem Alharthy")
    OmaniEmployeeFactory.create(name_en="Someone Else")
    return user


def _ask(person: User, **changes: str):
    client = Client()
    sign_in(client, person)
    data = {
        "field": "register_name_en",
        "requested_value": "Salim bin Khalid Al Harthy",
        "reason": "My passport spells my name this way.",
        **changes,
    }
    return client.post(URL, data)


def _officer() -> Client:
    client = Client()
    sign_in_staff(client, UserFactory.create(role=User.Role.OFFICER))
    return client


def test_an_accepted_correction_is_applied_everywhere_and_the_person_is_told(person):
    assert _ask(person).status_code == 302
    item = CorrectionRequest.objects.get()
    assert item.current_value == "Salem Alharthy / Salim Al Harthi"

    officer = _officer()
    assert (
        "Salim bin Khalid Al Harthy"
        in officer.get("/en/accounts/staff/corrections/").content.decode()
    )
    officer.post(f"/en/accounts/staff/corrections/{item.pk}/", {"decision": "accept", "note": ""})

    item.refresh_from_db()
    assert item.status == CorrectionRequest.Status.ACCEPTED
    assert set(
        Employee.objects.filter(civil_id=person.civil_id).values_list("name_en", flat=True)
    ) == {"Salim bin Khalid Al Harthy"}
    assert Employee.objects.filter(name_en="Someone Else").exists()
    assert AuditEvent.objects.filter(action="employers.employee_name_corrected").count() == 2
    sms = SmsMessage.objects.get(template__code="correction_decided")
    assert sms.recipient == person


def test_a_refusal_needs_a_reason_changes_nothing_and_is_told(person):
    _ask(person)
    item = CorrectionRequest.objects.get()
    officer = _officer()

    without = officer.post(
        f"/en/accounts/staff/corrections/{item.pk}/", {"decision": "refuse", "note": ""}
    )
    assert "Give the reason for refusing." in without.content.decode()
    item.refresh_from_db()
    assert item.status == CorrectionRequest.Status.SUBMITTED

    officer.post(
        f"/en/accounts/staff/corrections/{item.pk}/",
        {"decision": "refuse", "note": "The registry shows the current spelling."},
    )
    item.refresh_from_db()
    assert item.status == CorrectionRequest.Status.REFUSED
    assert "Salim bin Khalid Al Harthy" not in set(
        Employee.objects.values_list("name_en", flat=True)
    )
    sms = SmsMessage.objects.get(template__code="correction_decided")
    assert "The registry shows the current spelling." in sms.rendered_text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"requested_value": "سالم الحارثي"}, "Write the name in English letters."),
        ({"reason": "   "}, "This field is required."),
        ({"requested_value": ""}, "This field is required."),
        ({"field": "salary"}, "Select a valid choice."),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(person, changes, message):
    response = _ask(person, **changes)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CorrectionRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="accounts.correction_requested").exists()


def test_a_second_request_for_the_same_field_waits_for_the_first(person):
    _ask(person)
    response = _ask(person, requested_value="Salim Khalid Al Harthy")

    assert "already waits for the ministry" in response.content.decode()
    assert CorrectionRequest.objects.count() == 1
