"""The visit's report: the inspector sends it once every finding is decided, the employer's
representatives are told by SMS through the ledger in their language, and a representative
reads the report with its confirmed violations and answers it."""

from __future__ import annotations

import pytest

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from inspections.errors import InspectionError
from inspections.models import Visit
from inspections.services.findings import finding_confirm, finding_dismiss
from inspections.services.reports import visit_answer, visit_report
from notifications.models import SmsMessage
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory
from tests.inspections.helpers import assigned_visit, recorded_finding, reported_visit

pytestmark = pytest.mark.django_db
R = User.Role


def _representative(establishment, mobile="+96891000031", language="ar") -> User:
    user = UserFactory.create(role=R.EMPLOYER, mobile=mobile, preferred_language=language)
    MembershipFactory.create(user=user, establishment=establishment)
    return user


def test_the_report_goes_to_the_employer_by_sms_in_each_representatives_language():
    # given a visit with one confirmed and one dismissed finding, and two representatives
    establishment = EstablishmentFactory.create(governorate="al_wusta", name_en="Sea Works")
    arabic = _representative(establishment)
    english = _representative(establishment, mobile="+96891000032", language="en")
    visit = assigned_visit(establishment)
    finding_confirm(finding=recorded_finding(visit), confirmed_by=visit.inspector)
    finding_dismiss(
        finding=recorded_finding(visit, item_code="hours_rest"),
        dismissed_by=visit.inspector,
        reason="Rest days kept.",
    )

    # when the inspector sends the report
    reported = visit_report(visit=visit, reported_by=visit.inspector, summary="Payslips missing.")

    # then the visit is reported, audited, and each representative has the SMS in their language
    assert reported.status == Visit.Status.REPORTED
    assert AuditEvent.objects.filter(action="inspections.visit_reported").count() == 1
    messages = {
        m.recipient_id: m for m in SmsMessage.objects.filter(template__code="inspection_report")
    }
    assert set(messages) == {arabic.pk, english.pk}
    assert "Sea Works" in messages[english.pk].rendered_text
    assert "1 confirmed violations" in messages[english.pk].rendered_text
    assert "تقرير زيارة التفتيش" in messages[arabic.pk].rendered_text


def test_a_report_with_an_undecided_finding_is_refused_and_nothing_changes():
    visit = assigned_visit()
    recorded_finding(visit)

    with pytest.raises(InspectionError):
        visit_report(visit=visit, reported_by=visit.inspector, summary="Too early.")

    visit.refresh_from_db()
    assert visit.status == Visit.Status.ASSIGNED
    assert not SmsMessage.objects.filter(template__code="inspection_report").exists()


def test_only_the_visits_inspector_sends_its_report():
    visit = assigned_visit()

    with pytest.raises(PermissionDeniedError):
        visit_report(
            visit=visit, reported_by=UserFactory.create(role=R.INSPECTOR), summary="Not mine."
        )

    visit.refresh_from_db()
    assert visit.status == Visit.Status.ASSIGNED


def test_the_employer_reads_the_report_and_answers_it(client):
    # given a reported visit of the representative's establishment
    establishment = EstablishmentFactory.create(governorate="al_wusta")
    representative = _representative(establishment)
    visit = reported_visit(assigned_visit(establishment))
    sign_in(client, representative)
    base = f"/en/employer/{establishment.pk}/inspections/"

    # when the representative opens the report and answers it
    listing = client.get(base).content.decode()
    page = client.get(f"{base}{visit.pk}/").content.decode()
    answered = client.post(f"{base}{visit.pk}/answer/", {"answer": "Payslips now issued."})

    # then the report showed the confirmed violation, and the answer is recorded and audited
    assert "Wage records" in listing
    assert "Payslips missing for three workers." in page
    assert "Payslips or wage records are kept for every worker" in page
    assert answered.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.employer_answer, visit.answered_by) == (
        Visit.Status.ANSWERED,
        "Payslips now issued.",
        representative,
    )
    assert AuditEvent.objects.filter(action="inspections.visit_answered").count() == 1
    with pytest.raises(InspectionError):
        visit_answer(visit=visit, answered_by=representative, answer="Again.")


def test_an_empty_answer_is_refused_in_arabic_and_nothing_is_saved(client):
    establishment = EstablishmentFactory.create(governorate="al_wusta")
    representative = _representative(establishment)
    visit = reported_visit(assigned_visit(establishment))
    sign_in(client, representative)

    response = client.post(
        f"/ar/employer/{establishment.pk}/inspections/{visit.pk}/answer/", {"answer": " "}
    )

    assert response.status_code == 200
    assert "This field is required." not in response.content.decode()
    assert response.context["form"].errors["answer"]
    visit.refresh_from_db()
    assert visit.status == Visit.Status.REPORTED


def test_a_visit_not_yet_reported_is_not_shown_to_the_employer(client):
    establishment = EstablishmentFactory.create(governorate="al_wusta")
    representative = _representative(establishment)
    visit = assigned_visit(establishment)
    sign_in(client, representative)

    response = client.get(f"/en/employer/{establishment.pk}/inspections/{visit.pk}/")

    assert response.status_code == 404


def test_another_establishments_representative_cannot_answer():
    visit = reported_visit(assigned_visit())
    stranger = _representative(EstablishmentFactory.create())

    with pytest.raises(PermissionDeniedError):
        visit_answer(visit=visit, answered_by=stranger, answer="Not ours.")


def test_the_inspector_sends_the_report_from_the_visit_page(client):
    visit = assigned_visit()
    finding_confirm(finding=recorded_finding(visit), confirmed_by=visit.inspector)
    sign_in_staff(client, visit.inspector)

    response = client.post(
        f"/en/staff/inspections/visits/{visit.pk}/report/", {"summary": "One breach."}
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.REPORTED
