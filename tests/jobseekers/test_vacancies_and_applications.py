"""Profiles, vacancies and applications: free text in either language becomes codes, bad input
saves nothing, the public search finds Arabic and misspelt words, the pipeline sends an SMS at
each step, employers who do not answer are reminded, and the permits' labour-market test reads
the vacancies."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import User
from core.models import AuditEvent
from jobseekers.models import Application, JobseekerProfile, Vacancy
from jobseekers.selectors.vacancies import (
    VacancyFilter,
    labour_market_test,
    response_rates_all_establishments,
    vacancy_search_public,
)
from jobseekers.services.applications import (
    ApplicationRefusedError,
    application_move,
    application_submit,
    applications_remind_unanswered,
)
from jobseekers.services.profiles import ProfileData, profile_save
from jobseekers.services.vacancies import VacancyData, vacancy_decide, vacancy_post
from notifications.models import SmsMessage
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import representative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from taxonomy.selectors import taxonomy_reset

    taxonomy_reset()
    with translation.override("en"):
        yield


def _jobseeker(**profile) -> JobseekerProfile:
    user = UserFactory.create(
        role=User.Role.JOBSEEKER,
        civil_id=str(70_000_000 + UserFactory._meta.model.objects.count()),
        mobile="+96892000001",
    )
    values: dict[str, Any] = {
        "education_level": "diploma",
        "years_experience": 4,
        "governorate": "muscat",
        "occupations": "electrician",
        "skills": "electrical wiring, قراءة المخططات",
    }
    values.update(profile)
    return profile_save(user=user, data=ProfileData(**values))


def _vacancy(establishment, **overrides) -> Vacancy:
    values: dict[str, Any] = {
        "title_en": "Building electrician",
        "title_ar": "كهربائي مباني",
        "occupation": "7411",
        "required_skills": "electrical wiring",
        "optional_skills": "",
        "education_min": "secondary",
        "experience_min_years": 2,
        "governorate": "Muscat",
        "salary_min": "450",
        "salary_max": "600",
        "openings": 1,
        "closes_on": timezone.localdate() + datetime.timedelta(days=30),
    }
    values.update(overrides)
    return vacancy_post(
        establishment=establishment,
        posted_by=representative(establishment),
        data=VacancyData(**values),
    )


class TestProfile:
    def test_free_text_in_either_language_becomes_codes(self):
        profile = _jobseeker(education_level="بكالوريوس", governorate="ظفار", occupations="كهربائي")
        assert profile.education_level == "bachelor"
        assert profile.governorate == "dhofar"
        assert list(profile.occupations.values_list("occupation_code", flat=True)) == ["7411"]
        assert profile.skills.count() >= 1

    def test_unknown_terms_are_refused_and_nothing_is_saved(self):
        user = UserFactory.create(role=User.Role.JOBSEEKER, civil_id="71234567")
        with pytest.raises(ValidationError) as error:
            profile_save(
                user=user,
                data=ProfileData(governorate="Atlantis", occupations="zzqqx", skills="qwertyuiop"),
            )
        assert set(error.value.message_dict) == {"governorate", "occupations", "skills"}
        assert "qwertyuiop" in error.value.message_dict["skills"][0]
        assert not JobseekerProfile.objects.exists()


class TestVacancy:
    def test_posting_opens_it_and_marks_reserved_occupations(self):
        shop = EstablishmentFactory.create()
        vacancy = _vacancy(shop)
        assert vacancy.status == Vacancy.Status.OPEN
        assert vacancy.published_at is not None
        assert vacancy.governorate == "muscat"
        assert AuditEvent.objects.filter(action="jobseekers.vacancy_posted").exists()

    def test_a_flagged_establishment_waits_for_staff(self):
        from employment.models import InvestigationFlag

        shop = EstablishmentFactory.create()
        InvestigationFlag.objects.create(
            establishment=shop, reason_code="absconding_monthly", period="2026-11", count=6
        )
        vacancy = _vacancy(shop)
        assert vacancy.status == Vacancy.Status.PENDING
        assert not vacancy_search_public(filters=VacancyFilter()).filter(pk=vacancy.pk).exists()
        officer = UserFactory.create(role=User.Role.OFFICER)
        opened = vacancy_decide(vacancy=vacancy, decided_by=officer, approve=True, reason="")
        assert opened.status == Vacancy.Status.OPEN

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"occupation": "nothing like a job"}, "occupation"),
            ({"salary_min": "700", "salary_max": "600"}, "salary_max"),
            ({"salary_min": "abc"}, "salary_min"),
            ({"closes_on": datetime.date(2020, 1, 1)}, "closes_on"),
            ({"governorate": "Paris"}, "governorate"),
            ({"openings": 0}, "openings"),
            ({"required_skills": "juggling flaming torches"}, "required_skills"),
            ({"required_skills": ""}, "required_skills"),
            ({"title_en": "كهربائي"}, "title_en"),
            ({"title_ar": "Electrician"}, "title_ar"),
            ({"salary_min": "1e9", "salary_max": "1e10"}, "salary_min"),
        ],
    )
    def test_bad_input_is_refused_by_field_and_nothing_is_saved(self, overrides, field):
        shop = EstablishmentFactory.create()
        with pytest.raises(ValidationError) as error:
            _vacancy(shop, **overrides)
        assert field in error.value.message_dict
        assert not Vacancy.objects.exists()


class TestSearch:
    def test_arabic_english_and_misspelt_queries_find_the_vacancy(self):
        shop = EstablishmentFactory.create()
        electrician = _vacancy(shop)
        _vacancy(
            shop,
            title_en="Head chef",
            title_ar="رئيس طهاة",
            occupation="3434",
            required_skills="cooking",
            education_min="",
        )
        for q in ("electrician", "كهربائي", "electrican", "الكهربائي"):
            found = list(vacancy_search_public(filters=VacancyFilter(q=q)))
            assert electrician in found, q
            assert len(found) == 1, q

    def test_filters(self):
        shop = EstablishmentFactory.create()
        vacancy = _vacancy(shop)
        assert vacancy in vacancy_search_public(filters=VacancyFilter(occupation="74"))
        assert vacancy not in vacancy_search_public(filters=VacancyFilter(governorate="dhofar"))
        assert vacancy not in vacancy_search_public(filters=VacancyFilter(education="primary"))
        assert vacancy in vacancy_search_public(filters=VacancyFilter(education="bachelor"))
        assert vacancy not in vacancy_search_public(
            filters=VacancyFilter(salary_at_least=Decimal("700"))
        )


class TestApplications:
    def test_the_pipeline_sends_an_sms_at_each_step_and_a_hire_fills_the_vacancy(self):
        shop = EstablishmentFactory.create()
        vacancy = _vacancy(shop)
        profile = _jobseeker()
        boss = representative(shop)
        application = application_submit(vacancy=vacancy, profile=profile)
        for step in ("shortlisted", "interviewed", "offered", "hired"):
            application = application_move(application=application, to=step, actor=boss)
        sent = SmsMessage.objects.filter(
            template__code="application_status", recipient=profile.user
        )
        assert sent.count() == 5
        assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.FILLED
        assert AuditEvent.objects.filter(action__startswith="jobseekers.application_").count() == 5

    def test_a_rejection_needs_a_reason_and_skipping_steps_is_refused(self):
        shop = EstablishmentFactory.create()
        application = application_submit(vacancy=_vacancy(shop), profile=_jobseeker())
        boss = representative(shop)
        with pytest.raises(ValidationError):
            application_move(application=application, to="rejected", actor=boss)
        with pytest.raises(ApplicationRefusedError):
            application_move(application=application, to="hired", actor=boss)
        assert Application.objects.get().status == Application.Status.APPLIED
        rejected = application_move(
            application=application, to="rejected", actor=boss, rejection_reason="experience"
        )
        assert rejected.rejection_reason == "experience"
        assert "خبرة غير كافية" in SmsMessage.objects.latest("id").rendered_text  # Arabic

    def test_applying_twice_or_to_a_closed_vacancy_is_refused(self):
        shop = EstablishmentFactory.create()
        vacancy = _vacancy(shop)
        profile = _jobseeker()
        application_submit(vacancy=vacancy, profile=profile)
        with pytest.raises(ApplicationRefusedError):
            application_submit(vacancy=vacancy, profile=profile)
        Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CLOSED)
        with pytest.raises(ApplicationRefusedError):
            application_submit(vacancy=vacancy, profile=_jobseeker())
        assert Application.objects.count() == 1

    def test_unanswered_applications_remind_the_employer_once(self):
        shop = EstablishmentFactory.create()
        boss = representative(shop)
        application_submit(vacancy=_vacancy(shop), profile=_jobseeker())
        assert applications_remind_unanswered() == 0
        with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
            assert applications_remind_unanswered() == 1
            assert applications_remind_unanswered() == 0
        reminded = SmsMessage.objects.filter(template__code="application_reminder")
        assert boss in {message.recipient for message in reminded}
        rates = response_rates_all_establishments(since=timezone.localdate())
        assert rates[0].establishment_id == shop.pk
        assert rates[0].answered == 0


class TestLabourMarketTest:
    def test_the_permit_check_reads_the_vacancy_and_its_omani_applicants(self):
        shop = EstablishmentFactory.create()
        boss = representative(shop)
        with time_machine.travel(timezone.now() - datetime.timedelta(days=20)):
            vacancy = _vacancy(shop)
            application = application_submit(vacancy=vacancy, profile=_jobseeker())
        today = timezone.localdate()
        test = labour_market_test(
            establishment_id=shop.pk, occupation_code="7411", days=14, on=today
        )
        assert test.advertised
        assert test.omani_open == 1
        application_move(
            application=application, to="rejected", actor=boss, rejection_reason="experience"
        )
        test = labour_market_test(
            establishment_id=shop.pk, occupation_code="7411", days=14, on=today
        )
        assert test.omani_open == 0
        assert test.omani_rejected == {"experience": 1}
        assert not labour_market_test(
            establishment_id=shop.pk, occupation_code="7411", days=30, on=today
        ).advertised
