"""Visits: a supervisor assigns the establishments of an approved plan to inspectors, each visit
with the checklist of its type (kept as data); an inspector sees their own visits."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from inspections.errors import InspectionError
from inspections.models import ChecklistItem, Visit, VisitType
from inspections.services.visits import visit_assign, visit_cancel
from tests.conftest import sign_in_staff
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.helpers import assigned_visit, computed_plan, violation

pytestmark = pytest.mark.django_db
R = User.Role


def _risky(name: str = "Risky Trading"):
    establishment = EstablishmentFactory.create(governorate="al_wusta", name_en=name)
    violation(establishment)
    return establishment


def test_every_visit_type_of_the_law_comes_with_its_checklist():
    assert set(VisitType.objects.values_list("code", flat=True)) == {
        "wage_records",
        "contracts",
        "accommodation",
        "safety",
        "omanization",
    }
    for visit_type in VisitType.objects.all():
        assert visit_type.items.exists(), visit_type.code


def test_a_supervisor_assigns_a_visit_and_the_inspector_sees_it_with_its_checklist(client):
    # given an approved plan with a risky establishment
    establishment = _risky()
    plan = computed_plan()
    inspector = UserFactory.create(role=R.INSPECTOR)
    supervisor = UserFactory.create(role=R.APPROVER)
    sign_in_staff(client, supervisor)

    # when the supervisor assigns a safety visit by its CR number
    response = client.post(
        f"/en/staff/inspections/plans/{plan.pk}/visits/new/",
        {
            "cr_number": establishment.cr_number,
            "visit_type": "safety",
            "inspector": inspector.pk,
            "scheduled_on": timezone.localdate().isoformat(),
        },
    )

    # then the visit is assigned, audited, and the inspector's list shows it with its checklist
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.establishment, visit.inspector, visit.visit_type.code, visit.status) == (
        establishment,
        inspector,
        "safety",
        Visit.Status.ASSIGNED,
    )
    assert AuditEvent.objects.filter(action="inspections.visit_assigned").count() == 1
    sign_in_staff(client, inspector)
    listing = client.get("/en/staff/inspections/visits/").content.decode()
    assert "Risky Trading" in listing
    page = client.get(f"/en/staff/inspections/visits/{visit.pk}/").content.decode()
    assert "Workers wear the protective equipment their work needs" in page


def test_a_checklist_point_added_as_data_shows_on_the_visits_of_its_type(client):
    visit = assigned_visit(visit_type="contracts")
    ChecklistItem.objects.create(
        visit_type=visit.visit_type,
        code="contract_language",
        text_en="Contracts are in a language the worker reads",
        text_ar="العقود بلغة يقرؤها العامل",
        violation_type_code="records",
        position=9,
    )
    sign_in_staff(client, visit.inspector)

    page = client.get(f"/en/staff/inspections/visits/{visit.pk}/").content.decode()

    assert "Contracts are in a language the worker reads" in page


def test_an_establishment_outside_the_plan_is_refused_in_arabic_and_nothing_is_saved(client):
    _risky()
    plan = computed_plan()
    outsider = EstablishmentFactory.create(governorate="al_wusta")
    sign_in_staff(client, UserFactory.create(role=R.APPROVER))
    data = {
        "cr_number": outsider.cr_number,
        "visit_type": "safety",
        "inspector": UserFactory.create(role=R.INSPECTOR).pk,
        "scheduled_on": timezone.localdate().isoformat(),
    }

    arabic = client.post(f"/ar/staff/inspections/plans/{plan.pk}/visits/new/", data)
    english = client.post(f"/en/staff/inspections/plans/{plan.pk}/visits/new/", data)

    assert arabic.status_code == english.status_code == 200
    assert "No establishment of this plan has that number." in english.content.decode()
    with translation.override("ar"):
        assert str(arabic.context["form"].errors["cr_number"][0]) in arabic.content.decode()
    assert "No establishment of this plan has that number." not in arabic.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"visit_type_code": "picnic"}, "visit_type"),
        ({"inspector_role": R.OFFICER}, "inspector"),
        ({"days_later": 70}, "scheduled_on"),
    ],
)
def test_bad_assignments_are_refused_and_nothing_is_saved(change, field):
    establishment = _risky()
    plan = computed_plan()
    inspector = UserFactory.create(role=change.get("inspector_role", R.INSPECTOR))

    with pytest.raises(InspectionError) as refused:
        visit_assign(
            plan=plan,
            establishment_id=establishment.pk,
            visit_type_code=change.get("visit_type_code", "safety"),
            inspector_id=inspector.pk,
            scheduled_on=timezone.localdate()
            + datetime.timedelta(days=change.get("days_later", 0)),
            assigned_by=plan.approved_by,
        )

    assert refused.value.extra == {"field": field}
    assert not Visit.objects.exists()


def test_visits_come_only_from_an_approved_plan_and_from_a_supervisor():
    establishment = _risky()
    plan = computed_plan(approved=False)
    supervisor = UserFactory.create(role=R.APPROVER)
    inspector = UserFactory.create(role=R.INSPECTOR)
    values = {
        "establishment_id": establishment.pk,
        "visit_type_code": "safety",
        "inspector_id": inspector.pk,
        "scheduled_on": timezone.localdate(),
    }

    with pytest.raises(InspectionError):
        visit_assign(plan=plan, assigned_by=supervisor, **values)
    with pytest.raises(PermissionDeniedError):
        visit_assign(plan=plan, assigned_by=inspector, **values)

    assert not Visit.objects.exists()


def test_a_supervisor_cancels_a_visit_with_a_reason():
    visit = assigned_visit()

    with pytest.raises(InspectionError):
        visit_cancel(visit=visit, cancelled_by=visit.assigned_by, reason=" ")
    cancelled = visit_cancel(visit=visit, cancelled_by=visit.assigned_by, reason="Closed shop.")

    assert cancelled.status == Visit.Status.CANCELLED
    with pytest.raises(InspectionError):
        visit_cancel(visit=cancelled, cancelled_by=visit.assigned_by, reason="Again.")


def _cancel_url(visit: Visit, language: str = "en") -> str:
    return f"/{language}/staff/inspections/visits/{visit.pk}/cancel/"


def test_a_supervisor_cancels_a_visit_from_its_page_and_the_inspector_sees_why(client):
    # given an assigned visit
    visit = assigned_visit()
    supervisor = UserFactory.create(role=R.APPROVER)
    sign_in_staff(client, supervisor)
    page = client.get(f"/en/staff/inspections/visits/{visit.pk}/").content.decode()
    assert "Cancel the visit" in page

    # when the supervisor cancels it with a reason from the visit's page
    response = client.post(_cancel_url(visit), {"cancel-reason": "The shop closed for good."})

    # then the visit is cancelled through the workflow kernel, audited with the reason ...
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason, visit.cancelled_by) == (
        Visit.Status.CANCELLED,
        "The shop closed for good.",
        supervisor,
    )
    event = AuditEvent.objects.get(action="inspections.visit_cancelled")
    assert event.before["status"] == Visit.Status.ASSIGNED
    assert event.after["status"] == Visit.Status.CANCELLED
    assert event.after["cancel_reason"] == "The shop closed for good."
    # ... and the inspector sees it in their visits, with the reason, and captures no more
    sign_in_staff(client, visit.inspector)
    listing = client.get("/en/staff/inspections/visits/").content.decode()
    assert "Cancelled" in listing
    detail = client.get(f"/en/staff/inspections/visits/{visit.pk}/").content.decode()
    assert "The shop closed for good." in detail
    assert "Record the finding" not in detail
    assert "Cancel the visit" not in detail


def _visit_in(status: str) -> Visit:
    from tests.inspections.helpers import reported_visit

    visit = assigned_visit()
    if status == Visit.Status.CANCELLED:
        return visit_cancel(visit=visit, cancelled_by=visit.assigned_by, reason="Closed.")
    reported = reported_visit(visit)
    if status == Visit.Status.ANSWERED:
        Visit.objects.filter(pk=reported.pk).update(status=Visit.Status.ANSWERED)
    return Visit.objects.get(pk=reported.pk)


@pytest.mark.parametrize(
    "status", sorted(set(Visit.Status) - {Visit.Status.ASSIGNED}), ids=lambda s: str(s)
)
def test_a_visit_past_the_field_cannot_be_cancelled_and_nothing_changes(client, status):
    # given a visit reported, answered or already cancelled
    visit = _visit_in(status)
    before = AuditEvent.objects.filter(action="inspections.visit_cancelled").count()
    sign_in_staff(client, UserFactory.create(role=R.APPROVER))

    # when a supervisor tries to cancel it (the page offers no form; a crafted POST)
    page = client.get(f"/en/staff/inspections/visits/{visit.pk}/").content.decode()
    response = client.post(_cancel_url(visit), {"cancel-reason": "Too late."}, follow=True)

    # then it is refused with the reason, and the visit is as it was
    assert "Cancel the visit" not in page
    assert "cannot change this way" in response.content.decode()
    fresh = Visit.objects.get(pk=visit.pk)
    assert fresh.status == status
    assert fresh.cancel_reason == visit.cancel_reason
    assert AuditEvent.objects.filter(action="inspections.visit_cancelled").count() == before


def test_a_cancellation_without_a_reason_is_refused_in_arabic_and_nothing_changes(client):
    visit = assigned_visit()
    sign_in_staff(client, UserFactory.create(role=R.APPROVER))

    response = client.post(_cancel_url(visit, "ar"), {"cancel-reason": "  "}, follow=True)

    body = response.content.decode()
    assert "Say why the visit is cancelled." not in body
    with translation.override("ar"):
        from django.utils.translation import gettext

        assert gettext("Say why the visit is cancelled.") in body
    visit.refresh_from_db()
    assert visit.status == Visit.Status.ASSIGNED
    assert not AuditEvent.objects.filter(action="inspections.visit_cancelled").exists()


def test_a_visit_with_a_recorded_finding_is_reported_not_cancelled():
    from tests.inspections.helpers import recorded_finding

    visit = assigned_visit()
    recorded_finding(visit)

    with pytest.raises(InspectionError):
        visit_cancel(visit=visit, cancelled_by=visit.assigned_by, reason="Changed our mind.")

    visit.refresh_from_db()
    assert visit.status == Visit.Status.ASSIGNED


def test_an_inspector_cannot_cancel_a_visit(client):
    visit = assigned_visit()

    with pytest.raises(PermissionDeniedError):
        visit_cancel(visit=visit, cancelled_by=visit.inspector, reason="Not today.")
    sign_in_staff(client, visit.inspector)
    response = client.post(_cancel_url(visit), {"cancel-reason": "Not today."})

    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.status == Visit.Status.ASSIGNED


def test_a_finding_sent_from_the_phone_after_the_visit_was_cancelled_is_refused():
    import uuid

    from django.utils.translation import gettext

    from inspections.models import Finding
    from inspections.services.findings import finding_record

    visit = assigned_visit()
    visit_cancel(visit=visit, cancelled_by=visit.assigned_by, reason="Closed.")

    with pytest.raises(InspectionError) as refused:
        finding_record(
            visit=visit,
            recorded_by=visit.inspector,
            client_id=uuid.uuid4(),
            item_code="payslips",
            observed_on=timezone.localdate(),
            workers_concerned=1,
            note="Queued offline.",
        )

    assert refused.value.message == gettext("The visit was cancelled: it takes no more findings.")
    assert not Finding.objects.exists()
