"""Issue 17, finding 11: an employer sees recommended candidates only for a published vacancy,
and a candidate's name only when the jobseeker applied or agreed to be seen."""

from __future__ import annotations

import pytest
from django.utils import translation

from jobseekers.models import Vacancy
from jobseekers.selectors.recommendations import candidate_code, recommendation_cache_clear
from jobseekers.services.applications import application_submit
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory
from tests.jobseekers.test_recommendations import _person, _vacancy
from tests.permits.builders import representative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    from taxonomy.selectors import taxonomy_reset

    taxonomy_reset()
    recommendation_cache_clear()
    with translation.override("en"):
        yield
    recommendation_cache_clear()


@pytest.fixture
def shop():
    return EstablishmentFactory.create()


def _candidates_page(client, shop, vacancy) -> str:
    sign_in(client, representative(shop))
    response = client.get(f"/en/employer/{shop.pk}/vacancies/{vacancy.pk}/candidates/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_recommended_jobseeker_is_a_code_until_they_apply(client, shop):
    vacancy = _vacancy(shop)
    person = _person(skills="electrical wiring, blueprint reading")
    name = person.user.display_name
    code = candidate_code(vacancy_id=vacancy.pk, profile_id=person.pk)

    before = _candidates_page(client, shop, vacancy)
    assert name not in before
    assert f"Candidate {code}" in before
    assert "Why this match" in before  # the facts that matter to the job stay

    application_submit(profile=person, vacancy=vacancy)
    recommendation_cache_clear()
    after = _candidates_page(client, shop, vacancy)
    assert name in after
    assert f"Candidate {code}" not in after


def test_a_jobseeker_who_agreed_to_be_seen_is_named(client, shop):
    vacancy = _vacancy(shop)
    person = _person(skills="electrical wiring, blueprint reading", open_to_contact=True)

    assert person.user.display_name in _candidates_page(client, shop, vacancy)


def test_the_code_differs_between_vacancies_so_employers_cannot_link_them(shop):
    first, second = _vacancy(shop), _vacancy(shop, title_en="Site electrician")
    person = _person()

    assert candidate_code(vacancy_id=first.pk, profile_id=person.pk) != candidate_code(
        vacancy_id=second.pk, profile_id=person.pk
    )
    assert candidate_code(vacancy_id=first.pk, profile_id=person.pk) == candidate_code(
        vacancy_id=first.pk, profile_id=person.pk
    )


@pytest.mark.parametrize("status", [Vacancy.Status.PENDING, Vacancy.Status.CLOSED])
def test_an_unpublished_vacancy_recommends_no_one(client, shop, status):
    vacancy = _vacancy(shop)
    Vacancy.objects.filter(pk=vacancy.pk).update(status=status)
    vacancy.refresh_from_db()
    person = _person(skills="electrical wiring, blueprint reading", open_to_contact=True)

    page = _candidates_page(client, shop, vacancy)

    assert person.user.display_name not in page
    assert "Why this match" not in page
    assert "once the ministry has published the vacancy" in page


@pytest.mark.parametrize(
    ("title", "kept", "gone"),
    [
        ("Electrician - call 9123 4567", "Electrician", "9123"),
        ("Driver +968 92-345-678 urgent", "urgent", "92-345"),
        ("كهربائي اتصل ٩١٢٣٤٥٦٧", "كهربائي", "٩١٢٣"),
        ("Cashier apply at https://jobs.example.com/x", "Cashier", "example"),
        ("Welder www.cheap-visas.net", "Welder", "visas"),
        ("Nurse bit.ly/abc123 now", "Nurse", "bit.ly"),
        ("Clerk hr@firm.om", "Clerk", "@"),
        ("Mechanic grade 2, 3 years", "Mechanic grade 2, 3 years", "§"),
    ],
)
def test_titles_lose_links_and_phone_numbers_before_an_sms(title, kept, gone):
    from notifications.text import sms_safe

    assert kept in sms_safe(title)
    assert gone not in sms_safe(title)


def test_the_job_alert_carries_no_link_or_number_the_employer_typed(shop):
    from jobseekers.services.recommendations import job_alerts_send
    from notifications.models import SmsMessage

    _vacancy(shop, title_en="Building electrician call 91234567", title_ar="كهربائي مباني 91234567")
    _person(skills="electrical wiring, blueprint reading")

    assert job_alerts_send() == 1
    text = SmsMessage.objects.get(template__code="job_alert").rendered_text
    assert "كهربائي مباني" in text
    assert "91234567" not in text
