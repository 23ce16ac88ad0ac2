"""A small seeded world for the labour market tests: establishments in three governorates and
two activities, Omani and foreign employees in several occupations, permits in every state and
kind over several months, lifecycle cases, violations, vacancies with skills, applications,
jobseekers with skills, a training programme and a stored recommendation run.

Rows are written straight to the tables (the statistics read what is there; how it got there is
the other apps' tests' business), with their dates moved into past months."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from employers.models import Employee, Establishment
from employment.models import (
    AbscondingReport,
    Contract,
    LifecycleRuleSet,
    Resignation,
    Termination,
    Violation,
    ViolationType,
)
from jobseekers.models import (
    Application,
    JobseekerProfile,
    ProfileSkill,
    Recommendation,
    RecommendationRun,
    TrainingProgramme,
    Vacancy,
    VacancySkill,
)
from permits.models import Permit
from tests.factories import EconomicActivityFactory, EstablishmentFactory, UserFactory
from tests.permits.factories import PermitFactory

GOVERNORATES = ("muscat", "dhofar", "al_buraimi")
OCCUPATIONS = ("2512", "4110", "7112", "7411", "9313")
NATIONALITIES = ("OMN", "IND", "BGD", "PAK")
SKILLS = ("electrical_wiring", "arc_welding", "customer_service", "bookkeeping")


def muscat(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def months_ago(today: datetime.date, n: int, day: int = 10) -> datetime.date:
    index = today.year * 12 + today.month - 1 - n
    return datetime.date(index // 12, index % 12 + 1, day)


@dataclass
class World:
    today: datetime.date
    establishments: list[Establishment]
    profiles: list[JobseekerProfile]


def build_world(seed: int = 7, *, establishments: int = 6) -> World:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    today = timezone.localdate()
    activities = [
        EconomicActivityFactory.create(code="4711"),
        EconomicActivityFactory.create(code="4100", name_en="Construction", name_ar="تشييد"),
    ]
    rule_set = LifecycleRuleSet.objects.filter(status="published").order_by("-effective_from")[0]
    violation_types = list(ViolationType.objects.filter(rule_set=rule_set)[:3])
    inspector = UserFactory.create(role=User.Role.INSPECTOR)
    poster = UserFactory.create(role=User.Role.EMPLOYER)
    found: list[Establishment] = []
    for i in range(establishments):
        establishment = EstablishmentFactory.create(
            governorate=GOVERNORATES[i % len(GOVERNORATES)], activity=activities[i % 2]
        )
        found.append(establishment)
        employees = []
        for k in range(rng.randint(3, 8)):
            nationality = rng.choice(NATIONALITIES)
            employees.append(
                Employee.objects.create(
                    establishment=establishment,
                    civil_id=f"3{i:02d}{k:05d}" if nationality == "OMN" else None,
                    passport_number=None if nationality == "OMN" else f"Q{i:02d}{k:05d}",
                    name_en=f"Worker {i}-{k}",
                    name_ar=f"عامل {i}-{k}",
                    nationality=nationality,
                    occupation_code=rng.choice(OCCUPATIONS),
                    job_level=Employee.JobLevel.OPERATIONAL,
                    monthly_salary=Decimal("300.000"),
                    contract_start=datetime.date(2024, 1, 1),
                )
            )
        _permits(rng, establishment, today)
        _lifecycle(rng, establishment, employees, rule_set, today)
        for _n in range(rng.randint(0, 3)):
            if violation_types:
                Violation.objects.create(
                    establishment=establishment,
                    violation_type=rng.choice(violation_types),
                    inspector=inspector,
                    observed_on=months_ago(today, rng.randint(0, 4), 5),
                    evidence="Seen.",
                    fine=Decimal(rng.choice(["100.000", "250.500", "1000.000"])),
                    status=rng.choice(["recorded", "confirmed", "cancelled"]),
                )
        _vacancies(rng, establishment, poster, today)
        TrainingProgramme.objects.create(
            establishment=establishment,
            title_en="Training",
            title_ar="تدريب",
            governorate=establishment.governorate,
            places=rng.randint(1, 9),
            starts_on=months_ago(today, rng.randint(0, 3), 1),
        )
    profiles = _jobseekers(rng, today)
    _applications_and_recommendations(rng, profiles, today)
    return World(today=today, establishments=found, profiles=profiles)


def _permits(rng: random.Random, establishment: Establishment, today: datetime.date) -> None:
    for _n in range(rng.randint(4, 9)):
        status = rng.choice(
            ["submitted", "active", "active", "rejected", "cancelled", "withdrawn", "expired"]
        )
        kind = rng.choice(["new", "new", "renewal", "transfer"])
        checks: list[dict[str, Any]] = []
        if status == "rejected" and rng.random() < 0.6:
            checks = [
                {"code": "passport_valid", "outcome": "passed", "reason": ""},
                {
                    "code": rng.choice(["omanization", "wage_protection"]),
                    "outcome": "failed",
                    "reason": "x",
                },
            ]
        applied = muscat(months_ago(today, rng.randint(0, 5), rng.randint(1, 27)))
        permit = PermitFactory.create(
            establishment=establishment,
            status=status,
            kind=kind,
            nationality=rng.choice(NATIONALITIES[1:]),
            occupation_code=rng.choice(OCCUPATIONS),
            fee_amount=Decimal(rng.choice(["201.000", "301.000", "100.500"])),
            checks=checks,
        )
        issued = applied + datetime.timedelta(days=rng.randint(0, 40))
        Permit.objects.filter(pk=permit.pk).update(
            created_at=applied,
            issued_at=issued if status in {"active", "cancelled", "expired"} else None,
            decided_at=issued if status in {"active", "rejected", "cancelled", "expired"} else None,
            status_changed_at=issued + datetime.timedelta(days=3),
        )


def _lifecycle(
    rng: random.Random,
    establishment: Establishment,
    employees: list[Employee],
    rule_set: LifecycleRuleSet,
    today: datetime.date,
) -> None:
    representative = UserFactory.create(role=User.Role.EMPLOYER)
    for employee in employees:
        roll = rng.random()
        when = muscat(months_ago(today, rng.randint(0, 4), rng.randint(1, 27)))
        if roll < 0.2:
            case: Any = Termination.objects.create(
                establishment=establishment,
                employee=employee,
                rule_set=rule_set,
                reason_code=rng.choice(["misconduct", "economic", "performance"]),
                reason_kind="conduct",
                details="Details.",
                notice_days=30,
                notice_given_on=when.date(),
                last_working_day=when.date() + datetime.timedelta(days=30),
                status="notified",
                filed_by=representative,
            )
        elif roll < 0.35:
            case = Resignation.objects.create(
                establishment=establishment,
                employee=employee,
                rule_set=rule_set,
                submitted_by=representative,
                notice_days=30,
                last_working_day=when.date() + datetime.timedelta(days=30),
                answer_by=when + datetime.timedelta(days=7),
            )
        elif roll < 0.45:
            case = AbscondingReport.objects.create(
                establishment=establishment,
                employee=employee,
                rule_set=rule_set,
                last_seen_on=when.date(),
                salary_paid_until=when.date(),
                salary_evidence="WPS-1",
                filed_by=representative,
            )
        elif roll < 0.7:
            case = Contract.objects.create(
                establishment=establishment,
                employee=employee,
                rule_set=rule_set,
                worker_name_ar="عامل",
                worker_name_en="Worker",
                nationality=employee.nationality,
                civil_id=employee.civil_id or "",
                passport_number=employee.passport_number or "",
                occupation_code=employee.occupation_code,
                job_level=4,
                monthly_salary=Decimal("300.000"),
                starts_on=when.date(),
                notice_days=30,
                status=rng.choice(["active", "ended", "proposed", "declined"]),
                registered_by=representative,
                accept_by=when + datetime.timedelta(days=7),
            )
        else:
            continue
        type(case).objects.filter(pk=case.pk).update(created_at=when)


def _vacancies(
    rng: random.Random, establishment: Establishment, poster: User, today: datetime.date
) -> None:
    for _n in range(rng.randint(1, 3)):
        status = rng.choice(["open", "open", "filled", "closed", "pending"])
        published = None if status == "pending" else muscat(months_ago(today, rng.randint(0, 4), 3))
        vacancy = Vacancy.objects.create(
            establishment=establishment,
            posted_by=poster,
            title_en="Job",
            title_ar="وظيفة",
            occupation_code=rng.choice(OCCUPATIONS),
            governorate=rng.choice(GOVERNORATES),
            salary_min=300,
            salary_max=500,
            openings=rng.randint(1, 4),
            closes_on=today + datetime.timedelta(days=60),
            status=status,
            published_at=published,
        )
        for skill in rng.sample(SKILLS, rng.randint(1, 3)):
            VacancySkill.objects.create(
                vacancy=vacancy, skill_code=skill, required=rng.random() < 0.8
            )
        if published is not None:
            Vacancy.objects.filter(pk=vacancy.pk).update(
                updated_at=published + datetime.timedelta(days=rng.randint(1, 50))
            )


def _jobseekers(rng: random.Random, today: datetime.date) -> list[JobseekerProfile]:
    profiles = []
    for n in range(12):
        user = UserFactory.create(role=User.Role.JOBSEEKER, civil_id=f"9{n:07d}")
        profile = JobseekerProfile.objects.create(
            user=user,
            governorate=rng.choice(GOVERNORATES),
            willing_to_relocate=rng.random() < 0.5,
            is_searching=rng.random() < 0.8,
        )
        for skill in rng.sample(SKILLS, rng.randint(0, 2)):
            ProfileSkill.objects.create(profile=profile, skill_code=skill)
        JobseekerProfile.objects.filter(pk=profile.pk).update(
            created_at=muscat(months_ago(today, rng.randint(0, 5), rng.randint(1, 27)))
        )
        profiles.append(profile)
    return profiles


def _applications_and_recommendations(
    rng: random.Random, profiles: list[JobseekerProfile], today: datetime.date
) -> None:
    vacancies = list(Vacancy.objects.exclude(published_at=None))
    officer = UserFactory.create(role=User.Role.OFFICER)
    runs = [
        RecommendationRun.objects.create(
            requested_by=officer,
            status="succeeded",
            finished_at=muscat(today) - datetime.timedelta(days=d),
        )
        for d in (3, 1)
    ]
    for profile in profiles:
        for vacancy in rng.sample(vacancies, min(len(vacancies), rng.randint(0, 3))):
            status = rng.choice(["applied", "hired", "rejected", "hired"])
            application = Application.objects.create(
                vacancy=vacancy,
                profile=profile,
                status=status,
                rejection_reason="skills" if status == "rejected" else "",
            )
            when = muscat(months_ago(today, rng.randint(0, 3), rng.randint(1, 27)))
            Application.objects.filter(pk=application.pk).update(
                created_at=when, status_changed_at=when + datetime.timedelta(days=5)
            )
        for run in runs:
            for rank, vacancy in enumerate(rng.sample(vacancies, min(len(vacancies), 2)), start=1):
                missing = rng.sample(SKILLS, rng.randint(0, 2))
                Recommendation.objects.create(
                    run=run,
                    vacancy=vacancy,
                    profile=profile,
                    rank=rank,
                    score=0.5,
                    explanation={
                        "score": 0.5,
                        "factors": [
                            {"name": "occupation", "weight": 0.4, "value": 1, "facts": {}},
                            {
                                "name": "required_skills",
                                "weight": 0.35,
                                "value": 0.5,
                                "facts": {"met": [], "missing": missing, "from_occupation": False},
                            },
                        ],
                    },
                )
