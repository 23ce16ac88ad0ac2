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
