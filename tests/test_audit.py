"""The audit trail: written for each change, append-only in the database, visible to the person."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.models import User
from core.models import AuditEvent, AuditEventImmutableError
from core.services import audit_record
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_user) -> AuditEvent:
    return audit_record(actor=make_user(), action="accounts.login")


class TestAppendOnly:
    def test_orm_update_of_one_event_is_refused(self, event):
        event.action = "rewritten"
        with pytest.raises(AuditEventImmutableError):
            event.save()

    def test_orm_bulk_update_and_delete_are_refused(self, event):
        with pytest.raises(AuditEventImmutableError):
            AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
        with pytest.raises(AuditEventImmutableError):
            AuditEvent.objects.filter(pk=event.pk).delete()
        with pytest.raises(AuditEventImmutableError):
            event.delete()

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE core_auditevent SET action = 'rewritten' WHERE id = %s",
            "DELETE FROM core_auditevent WHERE id = %s",
        ],
    )
    def test_raw_sql_from_the_application_is_refused_by_the_database(self, event, sql):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])

        event.refresh_from_db()
        assert event.action == "accounts.login"


def test_an_event_carries_request_id_and_address(client, make_user):
    user = make_user()

    response = client.post(
        "/ar/accounts/sign-in/",
        {"username": user.username, "password": "Correct-Horse-Battery-9"},
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_REQUEST_ID="req-0123456789",
    )

    assert response["X-Request-ID"] == "req-0123456789"
    event = AuditEvent.objects.get(action="accounts.login", actor=user)
    assert event.request_id == "req-0123456789"
    assert event.ip_address == "10.1.2.3"


def test_a_person_sees_the_events_that_concern_them_and_no_others(client, make_user):
    # given events done by, for and about a person, and one about someone else
    person, clerk, other = make_user(), make_user(User.Role.SANAD_CLERK), make_user()
    audit_record(actor=person, action="accounts.login", actor_label="", subject=person)
    audit_record(actor=clerk, action="accounts.totp_enrolled", on_behalf_of=person)
    audit_record(actor=None, action="admin.change", subject=person)
    audit_record(actor=other, action="accounts.session_ended.logout", obj=other, subject=other)
    sign_in(client, person)

    # when the person opens "my activity"
    page = client.get("/en/accounts/my-activity/")

    # then exactly their three events are listed
    events = list(page.context["page"].object_list)
    assert {e.action for e in events} == {
        "accounts.login",
        "accounts.totp_enrolled",
        "admin.change",
    }
    assert "Signed in" in page.content.decode()


def test_an_admin_change_records_before_and_after(client, make_user):
    admin = make_user("", is_superuser=True, is_staff=True)
    sign_in_staff(client, admin)
    establishment = EstablishmentFactory(status="active")

    response = client.post(
        f"/en/admin/employers/establishment/{establishment.pk}/change/",
        {
            "cr_number": establishment.cr_number,
            "name_ar": establishment.name_ar,
            "name_en": establishment.name_en,
            "activity": establishment.activity_id,
            "governorate": "muscat",
            "size_class": "micro",
            "status": "suspended",
            "bar_reason": "",
            "registered_on": "2020-01-01",
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.change", object_id=str(establishment.pk))
    assert event.before["status"] == "active"
    assert event.after["status"] == "suspended"
    assert event.actor == admin


def test_staff_review_the_trail_by_request_id(client, make_user):
    audit_record(actor=make_user(), action="accounts.login")
    sign_in_staff(client, make_user(User.Role.APPROVER))
    target = AuditEvent.objects.first()
    assert target is not None

    response = client.get("/en/staff/audit/", {"request_id": target.request_id or "none"})

    assert response.status_code == 200
