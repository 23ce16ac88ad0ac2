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


class TestSetBasedEvents:
    def test_one_event_per_row_as_audit_record_writes_a_system_actors(self):
        # given two establishments changed by one statement, inside a request's context
        from core.request_context import ip_address_var, request_id_var
        from core.services import audit_record_select

        first, second = EstablishmentFactory.create(), EstablishmentFactory.create()
        request_token = request_id_var.set("req-42")
        ip_token = ip_address_var.set("10.0.0.7")

        # when their events are written in one statement
        try:
            written = audit_record_select(
                action="employers.establishment_barred",
                object_type="employers.establishment",
                rows_sql="""
                    SELECT e.id AS object_id, e.cr_number AS object_repr,
                           NULL::jsonb AS before,
                           jsonb_build_object('permits_barred', true, 'note', %s) AS after
                    FROM employers_establishment e WHERE e.id = ANY(%s)
                """,
                params=["bulk", [first.pk, second.pk]],
            )
        finally:
            request_id_var.reset(request_token)
            ip_address_var.reset(ip_token)

        # then one event each, with the system actor and the request's context
        assert written == 2
        events = AuditEvent.objects.filter(action="employers.establishment_barred").order_by(
            "object_id"
        )
        assert [(e.object_id, e.object_repr) for e in events] == sorted(
            [(str(first.pk), first.cr_number), (str(second.pk), second.cr_number)]
        )
        for e in events:
            assert (e.actor_id, e.actor_label, e.request_id, e.ip_address) == (
                None,
                "portal",
                "req-42",
                "10.0.0.7",
            )
            assert e.before is None
            assert e.after == {"permits_barred": True, "note": "bulk"}

    def test_the_change_and_its_events_in_one_statement(self):
        # given an establishment, and an UPDATE given as the statement's CTE
        from core.services import audit_record_select

        establishment = EstablishmentFactory.create(bar_reason="")

        # when
        written = audit_record_select(
            action="employers.establishment_barred",
            object_type="employers.establishment",
            actor_label="",
            ctes="""changed AS (
                UPDATE employers_establishment SET permits_barred = true, bar_reason = %s
                WHERE id = %s RETURNING id, bar_reason
            )""",
            cte_params=["why", establishment.pk],
            rows_sql="""SELECT id AS object_id, '' AS object_repr, NULL::jsonb AS before,
                jsonb_build_object('bar_reason', bar_reason) AS after FROM changed""",
        )

        # then both were written
        establishment.refresh_from_db()
        assert (written, establishment.permits_barred) == (1, True)
        event = AuditEvent.objects.get(object_id=str(establishment.pk))
        assert (event.actor_label, event.after) == ("", {"bar_reason": "why"})
