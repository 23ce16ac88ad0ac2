"""The rollups equal the figures counted directly from the rows of a seeded world, measure by
measure and cell by cell (the expectation is computed here in Python, row by row, not by SQL)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from employers.models import Employee, Establishment
from employment.models import AbscondingReport, Contract, Resignation, Termination, Violation
from jobseekers.models import (
    Application,
    JobseekerProfile,
    ProfileSkill,
    Recommendation,
    TrainingEnrolment,
    TrainingProgramme,
    Vacancy,
    VacancySkill,
)
from lmi import rollups
from lmi.models import Fact
from payments.models import Invoice, Refund
from permits.models import Permit
from tests.lmi.world import build_world

pytestmark = pytest.mark.django_db

Key = tuple[datetime.date, str, str, str, str, str]


def month_of(moment: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment).date()
    return moment.replace(day=1)


def rolled(measure: str) -> dict[Key, Decimal]:
    return {
        (f.month, f.governorate, f.activity, f.occupation, f.nationality, f.breakdown): f.value
        for f in Fact.objects.filter(measure=measure)
    }


def counted(rows: Any, key: Any, value: Any = lambda _r: 1) -> dict[Key, Decimal]:
    found: Counter[Key] = Counter()
    for row in rows:
        found[key(row)] += value(row)
    return {k: Decimal(v) for k, v in found.items() if v}


def est(e: Establishment) -> tuple[str, str]:
    return e.governorate, e.activity.code


def expected(this_month: datetime.date) -> dict[str, dict[Key, Decimal]]:
    permits = list(Permit.objects.select_related("establishment__activity"))

    def permit_key(p: Permit, when: datetime.datetime, breakdown: str = "") -> Key:
        return (
            month_of(when),
            *est(p.establishment),
            p.occupation_code[:2],
            p.nationality,
            breakdown,
        )

    def refusal(p: Permit) -> str:
        failed = [c["code"] for c in p.checks if c.get("outcome") == "failed"]
        return failed[0] if failed else "decision"

    def case_key(c: Any, breakdown: str = "") -> Key:
        w = c.employee
        return (
            month_of(c.created_at),
            *est(c.establishment),
            w.occupation_code[:2],
            w.nationality,
            breakdown,
        )

    employees = list(Employee.objects.select_related("establishment__activity"))
    vacancies = list(Vacancy.objects.select_related("establishment__activity"))

    def vacancy_key(v: Vacancy, when: datetime.datetime) -> Key:
        return (
            month_of(when),
            v.governorate,
            v.establishment.activity.code,
            v.occupation_code[:2],
            "",
            "",
        )

    applications = list(
        Application.objects.select_related("vacancy__establishment__activity", "profile")
    )
    latest_run = (
        Recommendation.objects.order_by("-run__finished_at")
        .values_list("run_id", flat=True)
        .first()
    )
    missing: Counter[Key] = Counter()
    for r in Recommendation.objects.filter(run_id=latest_run).select_related(
        "vacancy__establishment__activity"
    ):
        for factor in r.explanation["factors"]:
            if factor["name"] == "required_skills":
                for skill in factor["facts"]["missing"]:
                    v = r.vacancy
                    missing[
                        (
                            this_month,
                            v.governorate,
                            v.establishment.activity.code,
                            v.occupation_code[:2],
                            "",
                            skill,
                        )
                    ] += 1
    hired = [a for a in applications if a.status == "hired"]
    placed: dict[Key, set[int]] = {}
    for a in hired:
        placed.setdefault(
            (month_of(a.status_changed_at), a.profile.governorate, "", "", "", ""), set()
        ).add(a.profile_id)
    violations = [
        v
        for v in Violation.objects.select_related("establishment__activity", "violation_type")
        if v.status != "cancelled"
    ]

    def invoice_key(i: Invoice, when: datetime.datetime) -> Key:
        permit = i.permit
        return (
            month_of(when),
            i.governorate,
            i.activity_code,
            permit.occupation_code[:2] if permit else "",
            i.nationality or (permit.nationality if permit else ""),
            i.fee_type,
        )

    paid = [
        i
        for i in Invoice.objects.select_related("permit", "payment")
        if i.status in {"paid", "refunded"} and i.paid_at
    ]
    refunds = [
        r
        for r in Refund.objects.select_related("invoice__permit")
        if r.status == "completed" and r.completed_at
    ]
    departed = [
        p for p in permits if p.status == "cancelled" and p.ended_reason.startswith("departure ")
    ]
    return {
        "fees_collected": counted(
            paid,
            lambda i: invoice_key(i, i.payment.received_at if i.payment else i.paid_at),
            lambda i: Decimal(i.amount_baisas) / 1000,
        ),
        "fees_refunded": counted(
            refunds,
            lambda r: invoice_key(r.invoice, r.completed_at),
            lambda r: Decimal(r.amount_baisas) / 1000,
        ),
        "departures": counted(
            departed,
            lambda p: (
                datetime.date.fromisoformat(p.ended_reason.rsplit(" ", 1)[1]).replace(day=1),
                *est(p.establishment),
                p.occupation_code[:2],
                p.nationality,
                "",
            ),
        ),
        "training_completions": counted(
            TrainingEnrolment.objects.filter(status="completed").select_related(
                "programme__establishment__activity"
            ),
            lambda c: (
                c.completed_on.replace(day=1),
                c.programme.governorate,
                c.programme.establishment.activity.code,
                "",
                "",
                "",
            ),
        ),
        "establishments": counted(
            Establishment.objects.select_related("activity"),
            lambda e: (this_month, *est(e), "", "", ""),
        ),
        "employees": counted(
            employees,
            lambda w: (this_month, *est(w.establishment), w.occupation_code[:2], w.nationality, ""),
        ),
        "permits_applied": counted(permits, lambda p: permit_key(p, p.created_at)),
        "permits_issued": counted(
            [p for p in permits if p.issued_at], lambda p: permit_key(p, p.issued_at)
        ),
        "permits_refused": counted(
            [p for p in permits if p.status == "rejected"],
            lambda p: permit_key(p, p.decided_at or p.status_changed_at, refusal(p)),
        ),
        "permits_renewed": counted(
            [p for p in permits if p.issued_at and p.kind == "renewal"],
            lambda p: permit_key(p, p.issued_at),
        ),
        "permits_cancelled": counted(
            [p for p in permits if p.status == "cancelled"],
            lambda p: permit_key(p, p.status_changed_at),
        ),
        "permits_transferred": counted(
            [p for p in permits if p.issued_at and p.kind == "transfer"],
            lambda p: permit_key(p, p.issued_at),
        ),
        "fees_assessed": counted(
            [p for p in permits if p.status != "withdrawn"],
            lambda p: permit_key(p, p.created_at),
            lambda p: p.fee_amount,
        ),
        "contracts": counted(
            [
                c
                for c in Contract.objects.select_related("establishment__activity")
                if c.status in {"active", "ended"}
            ],
            lambda c: (
                month_of(c.created_at),
                *est(c.establishment),
                c.occupation_code[:2],
                c.nationality,
                "",
            ),
        ),
        "terminations": counted(
            Termination.objects.select_related("employee", "establishment__activity"),
            lambda c: case_key(c, c.reason_code),
        ),
        "resignations": counted(
            Resignation.objects.select_related("employee", "establishment__activity"), case_key
        ),
        "absconding": counted(
            AbscondingReport.objects.select_related("employee", "establishment__activity"), case_key
        ),
        "violations": counted(
            violations,
            lambda v: (
                month_of(v.observed_on),
                *est(v.establishment),
                "",
                "",
                v.violation_type.code,
            ),
        ),
        "fines": counted(
            violations,
            lambda v: (
                month_of(v.observed_on),
                *est(v.establishment),
                "",
                "",
                v.violation_type.code,
            ),
            lambda v: v.fine,
        ),
        "vacancies_posted": counted(
            [v for v in vacancies if v.published_at],
            lambda v: vacancy_key(v, v.published_at),
            lambda v: v.openings,
        ),
        "vacancies_open": counted(
            [v for v in vacancies if v.status == "open"],
            lambda v: (this_month, *vacancy_key(v, v.published_at or timezone.now())[1:]),
            lambda v: v.openings,
        ),
        "vacancies_filled": counted(
            [v for v in vacancies if v.status == "filled" and v.published_at],
            lambda v: vacancy_key(v, v.updated_at),
        ),
        "vacancy_fill_days": counted(
            [v for v in vacancies if v.status == "filled" and v.published_at],
            lambda v: vacancy_key(v, v.updated_at),
            lambda v: max(
                0,
                (
                    timezone.localtime(v.updated_at).date()
                    - timezone.localtime(v.published_at).date()
                ).days,
            ),
        ),
        "applications": counted(applications, lambda a: vacancy_key(a.vacancy, a.created_at)),
        "placements": counted(hired, lambda a: vacancy_key(a.vacancy, a.status_changed_at)),
        "jobseekers_registered": counted(
            JobseekerProfile.objects.all(),
            lambda p: (month_of(p.created_at), p.governorate, "", "", "", ""),
        ),
        "jobseekers_searching": counted(
            JobseekerProfile.objects.filter(is_searching=True),
            lambda p: (this_month, p.governorate, "", "", "", ""),
        ),
        "jobseekers_placed": {k: Decimal(len(v)) for k, v in placed.items()},
        "training_places": counted(
            TrainingProgramme.objects.select_related("establishment__activity"),
            lambda t: (
                month_of(t.starts_on),
                t.governorate,
                t.establishment.activity.code,
                "",
                "",
                "",
            ),
            lambda t: t.places,
        ),
        "skills_demanded": counted(
            VacancySkill.objects.filter(vacancy__status="open", required=True).select_related(
                "vacancy__establishment__activity"
            ),
            lambda s: (
                this_month,
                s.vacancy.governorate,
                s.vacancy.establishment.activity.code,
                s.vacancy.occupation_code[:2],
                "",
                s.skill_code,
            ),
            lambda s: s.vacancy.openings,
        ),
        "skills_held": counted(
            ProfileSkill.objects.filter(profile__is_searching=True).select_related("profile"),
            lambda s: (this_month, s.profile.governorate, "", "", "", s.skill_code),
        ),
        "skills_missing": {k: Decimal(v) for k, v in missing.items()},
    }


def test_every_rollup_equals_the_direct_count_of_the_rows():
    world = build_world()
    this_month = world.today.replace(day=1)

    result = rollups.rollup_build(today=world.today)

    want = expected(this_month)
    measures = {m.code for m, _sql in rollups.statements()}
    assert set(want) <= measures
    for measure, cells in want.items():
        assert rolled(measure) == cells, measure
        assert cells, f"the world has no {measure}: the comparison would prove nothing"
    assert result.rows == Fact.objects.count()


def test_money_cells_carry_their_contributors_and_two_largest():
    build_world()
    rollups.rollup_build(today=timezone.localdate())

    for fact in Fact.objects.filter(measure="open_fees_assessed"):
        assert fact.contributors >= 1
        assert fact.top_two <= fact.value
        if fact.contributors <= 2:
            assert fact.top_two == fact.value


def test_a_rebuild_replaces_the_rollups_whole():
    build_world()
    rollups.rollup_build(today=timezone.localdate())
    assert Fact.objects.filter(measure="skills_held").exists()
    ProfileSkill.objects.all().delete()

    rollups.rollup_build(today=timezone.localdate())

    assert not Fact.objects.filter(measure="skills_held").exists()
    assert Fact.objects.filter(measure="employees").exists()
