"""Issue 17, data-subject rights: a person downloads everything the portal holds about them as
JSON and as a bilingual PDF, built in the background; nothing of another person is in it.
(Here, beside the employment tests, for their stub civil registry.)"""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from accounts.exports import EXPORTS_PER_DAY
from accounts.models import DataExport, User
from core.models import AuditEvent
from core.personal_data import sections
from employers.models import Employee
from employment.services.contracts import contract_register
from jobseekers.services.applications import application_submit
from jobseekers.services.profiles import ProfileData, profile_save
from jobseekers.services.vacancies import VacancyData, vacancy_post
from notifications.services import sms_enqueue
from sanad.models import SanadReceipt, Scope
from tests.conftest import sign_in
from tests.employment.builders import (
    contract_data,
    foreign_worker,
    report_absconding,
    terminate,
    worker_account,
)
from tests.factories import EstablishmentFactory, OmaniEmployeeFactory
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory
from tests.sanad.helpers import active_consent, clerk

pytestmark = pytest.mark.django_db
CANARY = "CANARY-OTHER-PERSON"


def _job(person: User) -> Employee:
    """Another register entry of the person's, at another establishment, with a permit."""
    employee, _permit = foreign_worker(EstablishmentFactory.create())
    Employee.objects.filter(pk=employee.pk).update(civil_id=person.civil_id)
    employee.refresh_from_db()
    return employee


def _everything_about(person: User, employee, shop, boss) -> None:
    """One record of every class the export lists, all the person's."""
    contract_register(
        establishment=shop, registered_by=boss, data=contract_data(civil_id=person.civil_id)
    )
    terminate(employee, boss)
    other_job = _job(person)
    report_absconding(other_job, representative(other_job.establishment))
    from employment.services.resignations import resignation_submit

    third = _job(person)
    resignation_submit(
        employee=third,
        submitted_by=person,
        last_working_day=timezone.localdate() + datetime.timedelta(days=40),
        statement="Moving to Sohar.",
    )
    profile = profile_save(
        user=person,
        data=ProfileData(
            education_level="diploma",
            years_experience=3,
            governorate="muscat",
            occupations="electrician",
            skills="electrical wiring",
        ),
    )
    vacancy = vacancy_post(
        establishment=shop,
        posted_by=boss,
        data=VacancyData(
            title_en="Building electrician",
            title_ar="كهربائي مباني",
            occupation="7411",
            required_skills="electrical wiring",
            education_min="secondary",
            experience_min_years=1,
            governorate="muscat",
            salary_min="400",
            salary_max="500",
            closes_on=timezone.localdate() + datetime.timedelta(days=20),
        ),
    )
    application_submit(vacancy=vacancy, profile=profile)
    sms_enqueue(
        template_code="application_status",
        context={"employer": "X", "vacancy": "Y", "status": "Z"},
        idempotency_key=f"export-test:{person.pk}",
        recipient=person,
    )
    sanad_clerk = clerk()
    consent = active_consent(sanad_clerk, person, [Scope.JOBSEEKER])
    event = AuditEvent.objects.create(
        actor=sanad_clerk, on_behalf_of=person, action="jobseekers.profile_saved"
    )
    SanadReceipt.objects.create(
        consent=consent, person=person, audit_event=event, action=event.action
    )


@pytest.fixture
def world():
    shop = EstablishmentFactory.create()
    boss = representative(shop)
    employee, _permit = foreign_worker(shop)
    person = worker_account(employee)
    _everything_about(person, employee, shop, boss)
    # another person with records of their own, marked so that a leak shows
    other_employee = OmaniEmployeeFactory.create(establishment=shop, name_en=CANARY, name_ar=CANARY)
    other = worker_account(other_employee)
    other.full_name_en = CANARY
    other.save()
    PermitFactory.create(
        establishment=shop,
        employee=other_employee,
        worker_civil_id=other.civil_id,
        worker_name_en=CANARY,
    )
    return person


def _export(client: Client, person: User, django_capture_on_commit_callbacks) -> DataExport:
    sign_in(client, person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/my-data/")
    export = DataExport.objects.get(person=person)
    assert response["Location"] == f"/en/accounts/my-data/{export.pk}/"
    return export


def test_the_copy_holds_every_class_of_record_and_nothing_of_another_person(
    client, world, django_capture_on_commit_callbacks
):
    export = _export(client, world, django_capture_on_commit_callbacks)

    export.refresh_from_db()
    assert export.status == DataExport.Status.SUCCEEDED
    assert export.processed == export.total == len(sections())
    page = client.get(f"/en/accounts/my-data/{export.pk}/").content.decode()
    assert "Your copy is ready." in page

    response = client.get(f"/en/accounts/my-data/{export.pk}/json/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(b"".join(response.streaming_content))
    held = {code: len(part["rows"]) for code, part in document["sections"].items()}
    assert held == {code: held[code] for code in held if held[code] >= 1}, held  # none empty
    assert set(held) == {
        "account",
        "audit",
        "employment_records",
        "permits",
        "contracts",
        "terminations",
        "absconding_reports",
        "resignations",
        "jobseeker_profile",
        "applications",
        "sms",
        "sanad_consents",
        "sanad_receipts",
    }
    assert held["employment_records"] == 3
    assert held["permits"] == 3
    text = json.dumps(document, ensure_ascii=False)
    assert CANARY not in text
    assert document["person"]["civil_id"] == world.civil_id
    assert AuditEvent.objects.filter(action="accounts.data_export_downloaded", actor=world).exists()


def test_the_pdf_is_in_arabic_and_in_english(client, world, django_capture_on_commit_callbacks):
    from django.template.loader import render_to_string
    from django.test.signals import template_rendered

    seen: list[dict] = []

    def record(sender, template, context, **kwargs):
        if template.name == "accounts/data_export.html":
            seen.append(context.flatten())

    template_rendered.connect(record)
    try:
        export = _export(client, world, django_capture_on_commit_callbacks)
    finally:
        template_rendered.disconnect(record)
    response = client.get(f"/en/accounts/my-data/{export.pk}/pdf/")

    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    (context,) = seen
    assert [part["language"] for part in context["parts"]] == ["ar", "en"]
    html = render_to_string("accounts/data_export.html", context)
    assert "A copy of your data" in html
    assert "Work permits where you are the worker" in html
    assert 'dir="rtl" lang="ar"' in html
    assert "نسخة من بياناتك" in html
    assert CANARY not in html


def test_another_person_cannot_see_or_download_the_copy(
    client, world, django_capture_on_commit_callbacks
):
    export = _export(client, world, django_capture_on_commit_callbacks)
    stranger = Client()
    sign_in(stranger, worker_account(OmaniEmployeeFactory.create()))

    for path in ("", "json/", "pdf/"):
        assert stranger.get(f"/en/accounts/my-data/{export.pk}/{path}").status_code == 404


def test_requests_are_limited_and_refused_requests_write_nothing(
    client, world, django_capture_on_commit_callbacks
):
    sign_in(client, world)
    for _ in range(EXPORTS_PER_DAY):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/en/accounts/my-data/")

    response = client.post("/en/accounts/my-data/", follow=True)

    assert "times a day" in response.content.decode()
    assert DataExport.objects.filter(person=world).count() == EXPORTS_PER_DAY
    assert (
        AuditEvent.objects.filter(action="accounts.data_export_requested").count()
        == EXPORTS_PER_DAY
    )
