"""The jobseeker, vacancy and application pages as their users see them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from jobseekers.models import Application, JobseekerProfile, Vacancy
from notifications.models import SmsMessage
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import representative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_taxonomy():
    from taxonomy.selectors import taxonomy_reset

    taxonomy_reset()


def _post_vacancy(client, shop, **overrides):
    data = {
        "title_en": "Building electrician",
        "title_ar": "كهربائي مباني",
        "occupation": "electrician",
        "required_skills": "electrical wiring",
        "optional_skills": "",
        "education_min": "secondary",
        "experience_min_years": "2",
        "governorate": "muscat",
        "salary_min": "450",
        "salary_max": "600",
        "openings": "1",
        "closes_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "description": "Wiring of villas in Al Mouj.",
    }
    data.update(overrides)
    return client.post(f"/en/employer/{shop.pk}/vacancies/new/", data)


def _jobseeker(client) -> User:
    user = UserFactory.create(role=User.Role.JOBSEEKER, civil_id="73334444", mobile="+96892000002")
    sign_in(client, user)
    response = client.post(
        "/en/my/profile/",
        {
            "occupations": "كهربائي",
            "skills": "electrical wiring",
            "education_level": "diploma",
            "years_experience": "3",
            "governorate": "muscat",
            "alerts_enabled": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return user


def test_an_employer_posts_and_a_jobseeker_finds_and_applies(client):
    # given: an employer posts a vacancy
    shop = EstablishmentFactory.create(name_en="Gulf Dunes LLC")
    boss = representative(shop)
    sign_in(client, boss)
    response = _post_vacancy(client, shop)
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    # when: anyone searches, in Arabic, without signing in
    client.logout()
    page = client.get("/ar/vacancies/", {"q": "كهربائي"}).content.decode()
    assert "كهربائي مباني" in page
    # htmx asks for the results only
    partial = client.get("/en/vacancies/", {"q": "electrican"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "Building electrician" in partial.content.decode()
    # when: a jobseeker applies
    user = _jobseeker(client)
    assert "Apply" in client.get(f"/en/vacancies/{vacancy.pk}/").content.decode()
    client.post(f"/en/vacancies/{vacancy.pk}/apply/", {"cover_note": "Five years on villas."})
    application = Application.objects.get()
    assert application.profile.user == user
    assert "Applied" in client.get("/en/my/applications/").content.decode()
    # then: the employer sees it and shortlists, and the jobseeker is told
    sign_in(client, boss)
    detail = client.get(f"/en/employer/{shop.pk}/vacancies/{vacancy.pk}/").content.decode()
    assert "Five years on villas." in detail
    client.post(
        f"/en/employer/{shop.pk}/vacancies/{vacancy.pk}/applications/{application.pk}/move/",
        {"to": "shortlisted", "rejection_reason": ""},
    )
    assert Application.objects.get().status == Application.Status.SHORTLISTED
    assert (
        SmsMessage.objects.filter(template__code="application_status", recipient=user).count() == 2
    )


def test_bad_vacancy_input_shows_translated_errors_and_saves_nothing(client):
    shop = EstablishmentFactory.create()
    sign_in(client, representative(shop))
    response = client.post(
        f"/ar/employer/{shop.pk}/vacancies/new/",
        {
            "occupation": "لا شيء",
            "governorate": "muscat",
            "salary_min": "600",
            "salary_max": "500",
            "openings": "1",
            "experience_min_years": "0",
            "closes_on": "2020-01-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "هناك مشكلة" in page
    assert not Vacancy.objects.exists()


def test_a_profile_with_unknown_skills_is_refused_in_the_reader_s_language(client):
    user = UserFactory.create(role=User.Role.JOBSEEKER, civil_id="73335555")
    sign_in(client, user)
    response = client.post(
        "/ar/my/profile/",
        {
            "occupations": "كهربائي",
            "skills": "رقص الباليه",
            "governorate": "muscat",
            "years_experience": "1",
        },
    )
    assert response.status_code == 400
    assert "رقص الباليه" in response.content.decode()
    assert not JobseekerProfile.objects.exists()


def test_only_jobseekers_reach_the_jobseeker_pages(client):
    sign_in(client, UserFactory.create(role=User.Role.EMPLOYER))
    assert client.get("/en/my/profile/").status_code == 403
    assert client.get("/en/my/applications/").status_code == 403
    client.logout()
    assert client.get("/en/my/profile/").status_code == 302


def test_a_jobseeker_cannot_withdraw_someone_else_s_application(client):
    shop = EstablishmentFactory.create()
    boss = representative(shop)
    sign_in(client, boss)
    _post_vacancy(client, shop)
    vacancy = Vacancy.objects.get()
    _jobseeker(client)
    client.post(f"/en/vacancies/{vacancy.pk}/apply/", {})
    application = Application.objects.get()
    other = UserFactory.create(role=User.Role.JOBSEEKER, civil_id="73336666")
    JobseekerProfile.objects.create(user=other, willing_to_relocate=False)
    sign_in(client, other)
    response = client.post(f"/en/my/applications/{application.pk}/withdraw/")
    assert response.status_code == 404
    assert Application.objects.get().status == Application.Status.APPLIED


def test_training_disputes_and_evidence(client):
    from jobseekers.models import ProfileSkill, SkillDispute, TrainingProgramme
    from tests.conftest import sign_in, sign_in_staff

    # an employer offers training places
    shop = EstablishmentFactory.create()
    sign_in(client, representative(shop))
    bad = client.post(f"/en/employer/{shop.pk}/training/", {"title_en": "Wiring"})
    assert bad.status_code == 400
    response = client.post(
        f"/en/employer/{shop.pk}/training/",
        {
            "title_en": "Wiring for beginners",
            "skills": "electrical wiring",
            "governorate": "muscat",
            "places": "5",
            "starts_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
            "weeks": "8",
        },
    )
    assert response.status_code == 302
    assert TrainingProgramme.objects.get().skills.get().skill_code == "electrical_wiring"
    # a jobseeker adds evidence and disputes a missing skill
    user = _jobseeker(client)
    client.post(
        "/en/my/skills/",
        {"action": "evidence", "skill": "electrical wiring", "evidence": "certificate"},
    )
    skill = ProfileSkill.objects.get(profile__user=user, skill_code="electrical_wiring")
    assert skill.evidence == "certificate"
    client.post(
        "/en/my/skills/",
        {"action": "dispute", "skill": "blueprint reading", "statement": "Three years on sites."},
    )
    dispute = SkillDispute.objects.get()
    # an officer accepts it: the skill is verified on the profile
    officer = UserFactory.create(role=User.Role.OFFICER)
    sign_in_staff(client, officer)
    client.post(
        f"/en/staff/skill-disputes/{dispute.pk}/decide/",
        {"decision": "accept", "note": "Certificate seen."},
    )
    assert ProfileSkill.objects.get(
        profile__user=user, skill_code="blueprint_reading"
    ).evidence == ("verified")


def test_a_hire_starts_the_contract_with_the_applicant_s_details(client):
    shop = EstablishmentFactory.create()
    boss = representative(shop)
    sign_in(client, boss)
    _post_vacancy(client, shop)
    vacancy = Vacancy.objects.get()
    user = _jobseeker(client)
    client.post(f"/en/vacancies/{vacancy.pk}/apply/", {})
    application = Application.objects.get()
    Application.objects.filter(pk=application.pk).update(status=Application.Status.HIRED)
    sign_in(client, boss)
    page = client.get(
        f"/en/employer/{shop.pk}/contracts/new/", {"application": application.pk}
    ).content.decode()
    assert user.civil_id in page
    assert "7411" in page
