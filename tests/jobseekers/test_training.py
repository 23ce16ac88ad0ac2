"""On-the-job training that closes the gap (issue 24): a jobseeker enrols in a place an employer
offers, the employer records attendance and completion, completion adds the skills taught as
evidenced by training, the recommendation improves and the jobseeker is told by SMS; monthly
counts for the statistics; another establishment's programme or trainee answers 404."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation

from accounts.models import User
from jobseekers.models import ProfileSkill, TrainingEnrolment
from jobseekers.selectors.recommendations import recommendation_cache_clear
from jobseekers.selectors.training import training_monthly_counts
from jobseekers.services.profiles import ProfileData, profile_save
from jobseekers.services.training import (
    TrainingData,
    TrainingError,
    training_complete,
    training_enrol,
    training_programme_offer,
)
from jobseekers.services.vacancies import VacancyData, vacancy_post
from notifications.models import SmsMessage
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import representative

pytestmark = pytest.mark.django_db

_civil = iter(range(77_000_000, 77_999_999))


@pytest.fixture(autouse=True)
def _fresh():
    from taxonomy.selectors import taxonomy_reset

    taxonomy_reset()
    recommendation_cache_clear()
    with translation.override("en"):
        yield
    recommendation_cache_clear()


def _person(**profile: Any) -> Any:
    user = UserFactory.create(
        role=User.Role.JOBSEEKER,
        civil_id=str(next(_civil)),
        mobile="+96892000004",
        preferred_language="en",
    )
    values: dict[str, Any] = {
        "education_level": "diploma",
        "years_experience": 4,
        "governorate": "muscat",
        "occupations": "electrician",
        "skills": "electrical wiring",
    }
    values.update(profile)
    return profile_save(user=user, data=ProfileData(**values))


def _vacancy(shop: Any) -> Any:
    return vacancy_post(
        establishment=shop,
        posted_by=representative(shop),
        data=VacancyData(
            title_en="Building electrician",
            title_ar="كهربائي مباني",
            occupation="7411",
            required_skills="electrical wiring, blueprint reading",
            education_min="secondary",
            experience_min_years=2,
            governorate="muscat",
            salary_min="450",
            salary_max="600",
            closes_on=timezone.localdate() + datetime.timedelta(days=60),
        ),
    )


def _programme(shop: Any, *, places: int = 5) -> Any:
    return training_programme_offer(
        establishment=shop,
        offered_by=representative(shop),
        data=TrainingData(
            title_en="Reading drawings on site",
            title_ar="قراءة المخططات",
            governorate="muscat",
            places=places,
            starts_on=timezone.localdate() + datetime.timedelta(days=3),
            weeks=4,
            skills="blueprint reading",
        ),
    )


def test_enrolment_attendance_and_completion_evidence_the_skill_and_improve_the_match(client):
    shop = EstablishmentFactory.create()
    vacancy = _vacancy(shop)
    programme = _programme(shop)
    profile = _person()

    # given the jobseeker, whose recommendation misses the skill the programme teaches
    sign_in(client, profile.user)
    page = client.get("/en/my/training/").content.decode()
    assert "Reading drawings on site" in page
    assert "Teaches a skill your recommendations miss" in page
    # when they enrol
    response = client.post(f"/en/my/training/{programme.pk}/enrol/")
    assert response.status_code == 302
    enrolment = TrainingEnrolment.objects.get(profile=profile)
    assert enrolment.status == TrainingEnrolment.Status.ENROLLED
    assert "Enrolled" in client.get("/en/my/training/").content.decode()

    # and the employer records a day attended once the programme has started
    employer = representative(shop)
    base = f"/en/employer/{shop.pk}/training/{programme.pk}/"
    start = programme.starts_on
    with time_machine.travel(
        datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC), tick=False
    ):
        sign_in(client, employer)
        assert profile.user.display_name in client.get(base).content.decode()
        client.post(
            f"{base}enrolments/{enrolment.pk}/attendance/",
            {"day": start.isoformat(), "present": "yes"},
        )
        assert enrolment.attendance.get().present is True
        # then records the training complete
        response = client.post(
            f"{base}enrolments/{enrolment.pk}/complete/", {"outcome": "completed"}
        )
    assert response.status_code == 302

    enrolment.refresh_from_db()
    assert enrolment.status == TrainingEnrolment.Status.COMPLETED
    # then the skill taught is on the profile, evidenced by training
    skill = ProfileSkill.objects.get(profile=profile, skill_code="blueprint_reading")
    assert skill.evidence == ProfileSkill.Evidence.TRAINING
    # and the recommendation for the vacancy improved, kept for the jobseeker's page
    improved = {item["vacancy"]: item for item in enrolment.improved}
    assert vacancy.pk in improved
    assert improved[vacancy.pk]["after"] > (improved[vacancy.pk]["before"] or 0)
    # and the jobseeker is told by SMS
    sms = SmsMessage.objects.get(template__code="training_completed")
    assert sms.recipient == profile.user
    assert "Reading drawings on site" in sms.rendered_text
    sign_in(client, profile.user)
    page = client.get("/en/my/training/").content.decode()
    assert "Recommendations that improved when you completed it" in page
    assert "Building electrician" in page


def test_completion_needs_a_day_attended_and_happens_once():
    shop = EstablishmentFactory.create()
    programme = _programme(shop)
    profile = _person()
    enrolment = training_enrol(programme=programme, profile=profile)
    with pytest.raises(TrainingError):
        training_complete(enrolment=enrolment, completed_by=representative(shop))
    closed = training_complete(
        enrolment=enrolment, completed_by=representative(shop), completed=False
    )
    assert closed.status == TrainingEnrolment.Status.NOT_COMPLETED
    assert not ProfileSkill.objects.filter(profile=profile, skill_code="blueprint_reading").exists()
    with pytest.raises(TrainingError):
        training_complete(enrolment=closed, completed_by=representative(shop), completed=False)


def test_places_run_out_and_nobody_enrols_twice():
    shop = EstablishmentFactory.create()
    programme = _programme(shop, places=1)
    first = _person()
    training_enrol(programme=programme, profile=first)
    with pytest.raises(TrainingError, match="already enrolled"):
        training_enrol(programme=programme, profile=first)
    with pytest.raises(TrainingError, match="places"):
        training_enrol(programme=programme, profile=_person())


def test_verified_evidence_weighs_more_than_a_claim_and_the_explanation_says_so():
    from jobseekers.selectors.recommendations import candidates_for_vacancy

    shop = EstablishmentFactory.create()
    vacancy = _vacancy(shop)
    claimed = _person(skills="electrical wiring, blueprint reading")
    evidenced = _person(skills="electrical wiring, blueprint reading")
    ProfileSkill.objects.filter(profile=evidenced).update(evidence=ProfileSkill.Evidence.TRAINING)
    recommendation_cache_clear()

    matches = candidates_for_vacancy(vacancy=vacancy, k=5, language="en")

    order = [m.object.pk for m in matches]
    assert order.index(evidenced.pk) < order.index(claimed.pk)
    text = next(f.text for f in matches[0].factors if f.label == "Required skills")
    assert "With evidence, which counts more than a claim" in text


def test_monthly_counts_for_the_statistics(client):
    shop = EstablishmentFactory.create()
    programme = _programme(shop, places=7)
    training_enrol(programme=programme, profile=_person())

    rows = training_monthly_counts()

    starts = next(r for r in rows if r["month"] == programme.starts_on.replace(day=1))
    assert starts["places"] == 7
    assert sum(r["enrolments"] for r in rows) == 1
    analyst = UserFactory.create(role=User.Role.ANALYST)
    sign_in_staff(client, analyst)
    page = client.get("/en/staff/training/").content.decode()
    assert programme.starts_on.strftime("%Y-%m") in page


def test_another_establishment_s_programme_and_trainee_answer_404(client):
    shop, other = EstablishmentFactory.create(), EstablishmentFactory.create()
    theirs = _programme(other)
    enrolment = training_enrol(programme=theirs, profile=_person())
    mine = _programme(shop)
    sign_in(client, representative(shop))

    assert client.get(f"/en/employer/{shop.pk}/training/{theirs.pk}/").status_code == 404
    assert client.get(f"/en/employer/{other.pk}/training/{theirs.pk}/").status_code == 404
    wrong = f"/en/employer/{shop.pk}/training/{mine.pk}/enrolments/{enrolment.pk}/complete/"
    assert client.post(wrong, {"outcome": "completed"}).status_code == 404
    assert TrainingEnrolment.objects.get(pk=enrolment.pk).status == "enrolled"
