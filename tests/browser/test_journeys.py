"""One journey per audience, in Arabic, in headless Chromium (see conftest.py): each page is
right to left, passes axe-core without a serious or critical violation, and is photographed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from jobseekers.models import Application
from jobseekers.services.profiles import ProfileData, profile_save
from jobseekers.services.vacancies import VacancyData, vacancy_post
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import representative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_jobseeker_searches_in_arabic_applies_and_withdraws(journey: Any) -> None:
    establishment = EstablishmentFactory.create()
    vacancy = vacancy_post(
        establishment=establishment,
        posted_by=representative(establishment),
        data=VacancyData(
            title_en="Building electrician",
            title_ar="كهربائي مباني",
            occupation="7411",
            required_skills="electrical wiring",
            optional_skills="",
            education_min="secondary",
            experience_min_years=2,
            governorate="Muscat",
            salary_min="450",
            salary_max="600",
            openings=1,
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
        ),
    )
    person = UserFactory.create(
        role=User.Role.JOBSEEKER, civil_id="70000777", mobile="+96892000777"
    )
    profile = profile_save(
        user=person,
        data=ProfileData(
            education_level="diploma",
            years_experience=4,
            governorate="muscat",
            occupations="electrician",
            skills="electrical wiring",
        ),
    )
    browser = journey(sign_in(Client(), person), "jobseeker")

    # search in Arabic
    browser.open("/ar/vacancies/")
    browser.page.get_by_label("المسمى الوظيفي أو المهارة أو صاحب العمل").first.fill("كهربائي")
    browser.submit("بحث", "search-results")
    browser.page.get_by_role("link", name="كهربائي مباني").first.click()
    browser.check("vacancy")
    # apply
    browser.submit("تقديم الطلب", "applied")
    application = Application.objects.get(profile=profile, vacancy=vacancy)
    assert application.status == Application.Status.APPLIED
    # withdraw from my applications
    browser.open("/ar/my/applications/")
    browser.submit("سحب", "withdrawn")
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
