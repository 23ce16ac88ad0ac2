"""Reconciliation against the stub entities with known answers: every planted inconsistency is
raised with its kind and subject, clean records raise nothing, a re-run raises nothing new, and
resolving each kind does what it says."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.models import AuditEvent
from employers.models import Employee, Establishment
from integrations.models import DataQualityCase, ReconciliationRun
from integrations.reconciliation.services import (
    CaseResolutionError,
    case_accept_source,
    case_dismiss,
    case_keep_portal,
    case_merge,
    reconciliation_run,
)
from permits.models import Permit
from tests.factories import UserFactory
from tests.integrations.reconciliation_world import (
    plant_inconsistencies,
    plant_portal_side,
    portal_agreeing_with,
)

pytestmark = pytest.mark.django_db

Kind = DataQualityCase.Kind
Status = DataQualityCase.Status


def _raised() -> set[tuple[str, str]]:
    return set(DataQualityCase.objects.values_list("kind", "subject_key"))


@pytest.fixture
def world(stub, waits):
    world = portal_agreeing_with(stub)
    plant_inconsistencies(world)
    world.sync_all()
    world.permits = plant_portal_side(world)
    return world


@pytest.fixture
def officer():
    from accounts.models import User

    return UserFactory.create(role=User.Role.OFFICER)


def test_a_portal_that_agrees_with_the_entities_raises_nothing(stub, waits):
    world = portal_agreeing_with(stub)
    world.sync_all()

    run = reconciliation_run()

    assert run.status == ReconciliationRun.Status.SUCCEEDED, run.failure_reason
    assert len(world.employees) > 20  # the check had a register to compare
    assert _raised() == set()
    assert set(run.per_kind) == set(Kind.values)


def test_every_planted_inconsistency_is_raised_and_nothing_else(world):
    run = reconciliation_run()

    assert run.status == ReconciliationRun.Status.SUCCEEDED, run.failure_reason
    assert _raised() == world.expected
    assert run.opened == len(world.expected)
    assert DataQualityCase.objects.exclude(status=Status.OPEN).count() == 0
    closed = DataQualityCase.objects.get(kind=Kind.CLOSED_WITH_PERMITS)
    assert closed.portal_values["valid_permits"] == 2
    assert sorted(closed.portal_values["permit_numbers"]) == sorted(
        [world.permits["closed_1"].number, world.permits["closed_2"].number]
    )
    departed = DataQualityCase.objects.get(kind=Kind.DEPARTED_WITH_PERMIT)
    assert departed.permit == world.permits["departed"]
    assert departed.source_values["reference"] == "PD-DEPARTED-1"


def test_a_second_run_raises_nothing_new(world):
    reconciliation_run()
    first = {c.pk: c.fingerprint for c in DataQualityCase.objects.all()}

    run = reconciliation_run()

    assert (run.opened, run.closed) == (0, 0)
    assert run.found == len(world.expected)
    assert {c.pk: c.fingerprint for c in DataQualityCase.objects.all()} == first


def test_resolving_each_kind_does_what_it_says(world, officer):
    reconciliation_run()
    case = {c.kind + c.subject_key: c for c in DataQualityCase.objects.all()}

    def one(kind: str, contains: str = "") -> DataQualityCase:
        return next(c for k, c in case.items() if k.startswith(kind) and contains in k)

    # insured salary: the register takes social insurance's salary
    salary_case = one(Kind.INSURED_SALARY_MISMATCH)
    case_accept_source(case=salary_case, actor=officer, note="the insurance is right")
    employee = Employee.objects.get(pk=salary_case.employee_id)
    assert employee.monthly_salary == Decimal(salary_case.source_values["salary"])

    # wage protection: the portal's salary is kept (the bank's file is to be corrected)
    wage_case = one(Kind.WAGE_SALARY_MISMATCH)
    with pytest.raises(CaseResolutionError):
        case_keep_portal(case=wage_case, actor=officer, note=" ")
    case_keep_portal(case=wage_case, actor=officer, note="the employer's file is wrong")

    # closed at the registry: the establishment is closed
    closed_case = one(Kind.CLOSED_WITH_PERMITS)
    case_accept_source(case=closed_case, actor=officer)
    assert Establishment.objects.get(pk=closed_case.establishment_id).status == "closed"

    # departed: the departure is recorded, the permit ends
    case_accept_source(case=one(Kind.DEPARTED_WITH_PERMIT), actor=officer)
    world.permits["departed"].refresh_from_db()
    assert world.permits["departed"].status == Permit.Status.CANCELLED

    # the twin under another civil ID at social insurance: the register takes it
    twin = one(Kind.DUPLICATE_PERSON, "98000003")
    case_merge(case=twin, actor=officer, keep="other", note="same person")
    assert Employee.objects.get(pk=twin.employee_id).civil_id == "98000003"

    # two register entries of one passport: the second ends today
    pair = one(Kind.DUPLICATE_PERSON, "97000001")
    case_merge(case=pair, actor=officer, keep="portal")
    assert Employee.objects.get(pk=pair.other_employee_id).contract_end is not None
    assert Employee.objects.get(pk=pair.employee_id).contract_end is None

    # not insured: the register entry ends before the first uninsured month
    moved = next(
        c
        for c in DataQualityCase.objects.filter(kind=Kind.REGISTER_NOT_INSURED, status=Status.OPEN)
        if c.employee_id != twin.employee_id
    )
    case_accept_source(case=moved, actor=officer)
    assert Employee.objects.get(pk=moved.employee_id).contract_end == datetime.date(2026, 8, 31)

    # the insured person the register lacks: dismissed with a reason
    missing = one(Kind.INSURED_NOT_ON_REGISTER, "99000001")
    with pytest.raises(CaseResolutionError):
        case_dismiss(case=missing, actor=officer, reason="")
    case_dismiss(case=missing, actor=officer, reason="a trainee, not an employee")
    with pytest.raises(CaseResolutionError):
        case_dismiss(case=missing, actor=officer, reason="again")

    # every resolution is an audit event
    actions = list(
        AuditEvent.objects.filter(action__startswith="integrations.case_").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["integrations.case_source_accepted"] * 4
        + ["integrations.case_portal_kept", "integrations.case_merged", "integrations.case_merged"]
        + ["integrations.case_dismissed"]
    )

    # when reconciliation runs again
    run = reconciliation_run()

    # then what was corrected closes by itself, what was decided stays closed, nothing reopens
    assert run.status == ReconciliationRun.Status.SUCCEEDED, run.failure_reason
    still_open = set(
        DataQualityCase.objects.filter(status=Status.OPEN).values_list("kind", "subject_key")
    )
    twin_insured = next(
        c
        for c in DataQualityCase.objects.filter(kind=Kind.INSURED_NOT_ON_REGISTER)
        if "98000003" in c.subject_key
    )
    assert twin_insured.resolution == DataQualityCase.Resolution.CORRECTED
    # the register now has the insurance's salary, which the bank's file does not: a new case
    assert still_open == {
        (Kind.WAGE_SALARY_MISMATCH, salary_case.subject_key),
    }
    assert DataQualityCase.objects.get(pk=wage_case.pk).status == Status.RESOLVED
    assert DataQualityCase.objects.get(pk=missing.pk).status == Status.DISMISSED
