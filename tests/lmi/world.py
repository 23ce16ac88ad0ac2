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
    TrainingEnrolment,
    TrainingProgramme,
    Vacancy,
    VacancySkill,
)
from payments.models import FeeType, Invoice, Payment, Refund
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
    # departures, training outcomes and payments draw from their own sequence, so that the
    # rest of the world stays what it was before they were added
    more = random.Random(seed + 1000)  # noqa: S311 - test data, not secrets
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
        _permits(rng, more, establishment, today)
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
    _training_outcomes(more, profiles, today)
    _payments(more, found, today)
    return World(today=today, establishments=found, profiles=profiles)


def _permits(
    rng: random.Random, more: random.Random, establishment: Establishment, today: datetime.date
) -> None:
    for n in range(rng.randint(4, 9)):
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
        departed = issued + datetime.timedelta(days=more.randint(30, 90))
        Permit.objects.filter(pk=permit.pk).update(
            ended_reason=(
                f"departure DEP {n} {departed.date().isoformat()}"
                if status == "cancelled" and more.random() < 0.6
                else ""
            ),
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


def _training_outcomes(
    rng: random.Random, profiles: list[JobseekerProfile], today: datetime.date
) -> None:
    for programme in TrainingProgramme.objects.all():
        for profile in rng.sample(profiles, 3):
            status = rng.choice(["enrolled", "completed", "completed", "withdrawn"])
            TrainingEnrolment.objects.create(
                programme=programme,
                profile=profile,
                status=status,
                completed_on=(
                    months_ago(today, rng.randint(0, 3), rng.randint(1, 27))
                    if status == "completed"
                    else None
                ),
            )


def _payments(
    rng: random.Random, establishments: list[Establishment], today: datetime.date
) -> None:
    """Invoices of permit fees (paid, open, refunded), violation fines and one Sanad counter
    fee billed to a person; the payments received for them and the refunds made."""
    clerk = UserFactory.create(role=User.Role.OFFICER)
    person = UserFactory.create(role=User.Role.JOBSEEKER)
    n = 0
    raised: list[tuple[Establishment | None, str, Permit | None]] = [
        (p.establishment, FeeType.PERMIT_NEW, p)
        for p in Permit.objects.select_related("establishment").order_by("pk")
    ]
    raised += [(e, FeeType.VIOLATION_FINE, None) for e in establishments]
    raised += [(None, FeeType.SANAD_COUNTER, None)]
    for establishment, fee_type, permit in raised:
        n += 1
        status = rng.choice(["paid", "paid", "open", "refunded", "cancelled"])
        issued = months_ago(today, rng.randint(0, 5), rng.randint(1, 27))
        invoice = Invoice.objects.create(
            number=f"INV-{n:06d}",
            establishment=establishment,
            person=None if establishment else person,
            fee_type=fee_type,
            status=status,
            amount_baisas=rng.choice([100_500, 201_000, 301_000, 20_000]),
            issued_on=issued,
            due_on=issued + datetime.timedelta(days=30),
            permit=permit,
            governorate=establishment.governorate if establishment else "muscat",
            activity_code=establishment.activity.code if establishment else "",
            nationality="" if permit is None or rng.random() < 0.3 else permit.nationality,
        )
        if status not in {"paid", "refunded"}:
            continue
        received = muscat(issued, 9) + datetime.timedelta(days=rng.randint(0, 40))
        payment = Payment.objects.create(
            gateway_reference=f"GW-{n:06d}",
            establishment=establishment,
            payer=None if establishment else person,
            amount_baisas=invoice.amount_baisas,
            source=Payment.Source.CALLBACK,
            received_at=received,
            receipt_number=f"RC-{n:06d}",
            receipt_token=f"token-{n:06d}",
        )
        Invoice.objects.filter(pk=invoice.pk).update(
            payment=payment, paid_at=received + datetime.timedelta(minutes=1)
        )
        if status == "refunded":
            done = rng.random() < 0.7
            Refund.objects.create(
                reference=f"RF-{n:06d}",
                invoice=invoice,
                payment=payment,
                amount_baisas=invoice.amount_baisas,
                reason=Refund.Reason.PAID_TWICE,
                explanation="Paid twice.",
                status="completed" if done else "requested",
                requested_by=clerk,
                completed_at=(
                    received + datetime.timedelta(days=rng.randint(1, 30)) if done else None
                ),
            )
