"""Training institutions: the skills demand report by governorate and occupation, their courses
mapped to skills, and jobseekers missing a skill seeing the courses that teach it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from jobseekers.models import (
    JobseekerProfile,
    ProfileOccupation,
    ProfileSkill,
    Vacancy,
    VacancySkill,
)
from jobseekers.selectors.recommendations import recommendation_cache_clear
from lmi import rollups
from lmi.models import Course, CourseSkill, Institution
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, UserFactory
from tests.lmi.world import build_world

pytestmark = pytest.mark.django_db


def institution_user(name: str = "Sohar Technical College") -> tuple[User, Institution]:
    user = UserFactory.create(role=User.Role.TRAINING_INSTITUTION)
    institution = Institution.objects.create(
        name_en=name, name_ar="كلية صحار التقنية", governorate="north_al_batinah"
    )
    institution.members.add(user)
    return user, institution


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_institution_sees_skills_most_demanded_and_least_supplied(client, language):
    build_world()
    rollups.rollup_build(today=timezone.localdate())
    user, _institution = institution_user()
    sign_in(client, user, method="password")

    response = client.get(f"/{language}/training/skills/", {"governorate": "muscat"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="table-skills-gap"' in body
    assert 'id="table-missing-skills"' in body
    assert 'id="table-demand-trend"' in body
    if language == "en":
        assert "Skills most demanded and least supplied" in body


def test_a_person_of_no_institution_or_another_role_is_refused(client, make_user):
    loose = UserFactory.create(role=User.Role.TRAINING_INSTITUTION)
    sign_in(client, loose, method="password")
    assert client.get("/en/training/skills/").status_code == 403
    sign_in(client, make_user(User.Role.JOBSEEKER))
    assert client.get("/en/training/courses/").status_code == 403


def test_an_institution_publishes_a_course_mapped_to_skills(client):
    user, institution = institution_user()
    sign_in(client, user, method="password")

    response = client.post(
        "/en/training/courses/",
        {
            "title_ar": "اللحام",
            "title_en": "Welding basics",
            "governorate": "muscat",
            "weeks": "10",
            "skills": ["arc_welding"],
        },
    )

    assert response.status_code == 302
    course = Course.objects.get(institution=institution)
    assert [s.skill_code for s in course.skills.all()] == ["arc_welding"]
    assert AuditEvent.objects.filter(action="lmi.course_published", actor=user).exists()
    assert "Welding basics" in client.get("/en/training/courses/").content.decode()


def test_an_institution_cannot_withdraw_another_institutions_course(client):
    user, _mine = institution_user()
    _other_user, other = institution_user("Other College")
    course = Course.objects.create(
        institution=other, title_en="X", title_ar="س", governorate="muscat"
    )
    sign_in(client, user, method="password")

    response = client.post(f"/en/training/courses/{course.pk}/withdraw/")

    assert response.status_code == 404
    course.refresh_from_db()
    assert course.is_published


def test_a_jobseeker_missing_a_skill_sees_the_courses_that_teach_it(client):
    establishment = EstablishmentFactory.create(governorate="muscat")
    vacancy = Vacancy.objects.create(
        establishment=establishment,
        posted_by=UserFactory.create(role=User.Role.EMPLOYER),
        title_en="Welder",
        title_ar="لحام",
        occupation_code="7212",
        governorate="muscat",
        salary_min=400,
        salary_max=500,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        status=Vacancy.Status.OPEN,
        published_at=timezone.now(),
    )
    VacancySkill.objects.create(vacancy=vacancy, skill_code="arc_welding", required=True)
    person = UserFactory.create(role=User.Role.JOBSEEKER, civil_id="91234567")
    profile = JobseekerProfile.objects.create(
        user=person, governorate="muscat", willing_to_relocate=True
    )
    ProfileOccupation.objects.create(profile=profile, occupation_code="7212")
    ProfileSkill.objects.create(profile=profile, skill_code="customer_service")
    _user, institution = institution_user()
    teaches = Course.objects.create(
        institution=institution,
        title_en="Welding basics",
        title_ar="أساسيات اللحام",
        governorate="muscat",
    )
    CourseSkill.objects.create(course=teaches, skill_code="arc_welding")
    withdrawn = Course.objects.create(
        institution=institution,
        title_en="Old welding",
        title_ar="قديم",
        governorate="muscat",
        is_published=False,
    )
    CourseSkill.objects.create(course=withdrawn, skill_code="arc_welding")
    recommendation_cache_clear()
    sign_in(client, person)

    body = client.get("/en/my/courses/").content.decode()

    assert "Welding basics" in body
    assert "Sohar Technical College" in body
    assert "Old welding" not in body
