"""Tenancy: an employer representative reaches only the establishments it is a member of, and
only for the services it was appointed for.

`FOREIGN_CALLS` says, for every employer URL, how to call it with another establishment's
object ids. A new `*:employer-*` URL that is not listed here fails
`test_every_employer_url_is_covered`; one whose view states no service
(`@employer_required(service=Service.X)`, or ANY_SERVICE) fails
`test_every_employer_url_states_its_service`. A representative holding every service but the
one a URL states gets the same 404 as for another establishment's object.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from employers.access import ANY_SERVICE, declared_service, employer_required
from employers.models import Membership, Service
from tests.conftest import sign_in
from tests.factories import (
    EmployeeFactory,
    EstablishmentFactory,
    MembershipFactory,
    WorkforceImportFactory,
)
from tests.inspections import helpers as inspections_sweep
from tests.payments import helpers as payments_sweep
from tests.urlwalk import named_urls

pytestmark = pytest.mark.django_db


Side = str  # "own" or "other"


@dataclass
class World:
    """Representative `user` of establishment `own`; `other` is someone else's, with canaries."""

    user: User
    own: Any
    own_employee: Any
    other: Any
    other_employee: Any
    own_import: Any = None
    other_import: Any = None
    own_certificate: Any = None
    other_certificate: Any = None
    own_permit: Any = None
    other_permit: Any = None
    own_document: Any = None
    other_document: Any = None
    own_bulk: Any = None
    other_bulk: Any = None
    own_violation: Any = None
    other_violation: Any = None
    own_contract: Any = None
    other_contract: Any = None
    own_member: Any = None
    other_member: Any = None
    # objects made on demand, once per test (`_once`)
    made: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def establishment(self, side: Side) -> Any:
        return self.own if side == "own" else self.other


def _crossed(
    id_name: str, of: str | Callable[[World, Side], Any]
) -> list[Callable[[World], dict[str, int]]]:
    """Three ways to reach an establishment's object (`of`: the World attribute after
    "own_"/"other_", or a function of the world and the side) that must answer 404: another
    establishment's object under its establishment, another's object under one's own
    establishment, and one's own object under another establishment."""

    def pk(w: World, side: Side) -> int:
        found = getattr(w, f"{side}_{of}") if isinstance(of, str) else of(w, side)
        return int(found.pk)

    return [
        lambda w: {"establishment_id": w.other.pk, id_name: pk(w, "other")},
        lambda w: {"establishment_id": w.own.pk, id_name: pk(w, "other")},
        lambda w: {"establishment_id": w.other.pk, id_name: pk(w, "own")},
    ]


def _crossed_within(
    parent_id: str,
    parent: Callable[[World, Side], Any],
    child_id: str,
    child: Callable[[World, Side], Any],
) -> list[Callable[[World], dict[str, int]]]:
    """The foreign calls of an object inside another (an application of a vacancy, a trainee
    of a programme): another establishment's both under its establishment; another's child
    under one's own establishment and own parent; another's both under one's own
    establishment; and one's own both under another establishment."""

    def call(
        establishment: Side, parent_side: Side, child_side: Side
    ) -> Callable[[World], dict[str, int]]:
        return lambda w: {
            "establishment_id": w.establishment(establishment).pk,
            parent_id: parent(w, parent_side).pk,
            child_id: child(w, child_side).pk,
        }

    return [
        call("other", "other", "other"),
        call("own", "own", "other"),
        call("own", "other", "other"),
        call("other", "own", "own"),
    ]


def _case_calls(kind: str, id_name: str) -> list[Callable[[World], dict[str, int]]]:
    """Another establishment's termination, absconding report or resignation (`_case`), or
    one's own under another establishment in the URL."""
    return _crossed(id_name, lambda w, side: _case(w, side, kind))


# A URL of the establishment alone, called with another establishment's id.
ANOTHER_ESTABLISHMENT: list[Callable[[World], dict[str, int]]] = [
    lambda w: {"establishment_id": w.other.pk}
]

# URL name -> list of ways to call it that must answer 404 (kwargs built from the world).
FOREIGN_CALLS: dict[str, list[Callable[[World], dict[str, int]]]] = {
    "employers:employer-establishment": ANOTHER_ESTABLISHMENT,
    "employers:employer-workforce": ANOTHER_ESTABLISHMENT,
    "employers:employer-employee": _crossed("employee_id", "employee"),
    "employers:employer-members": ANOTHER_ESTABLISHMENT,
    "workstatus:employer-worker-codes": ANOTHER_ESTABLISHMENT,
    "accommodation:employer-accommodation": ANOTHER_ESTABLISHMENT,
    "accommodation:employer-accommodation-declare": ANOTHER_ESTABLISHMENT,
    "accommodation:employer-accommodation-import": ANOTHER_ESTABLISHMENT,
    "accommodation:employer-accommodation-operate": ANOTHER_ESTABLISHMENT,
    "workstatus:employer-worker-codes-csv": ANOTHER_ESTABLISHMENT,
    "workstatus:employer-worker-codes-xlsx": ANOTHER_ESTABLISHMENT,
    "workstatus:employer-worker-declaration": _crossed("employee_id", "employee"),
    "employers:employer-employee-add": ANOTHER_ESTABLISHMENT,
    "employers:employer-employee-edit": _crossed("employee_id", "employee"),
    "employers:employer-employee-end-contract": _crossed("employee_id", "employee"),
    "employers:employer-workforce-export-csv": ANOTHER_ESTABLISHMENT,
    "employers:employer-workforce-export-xlsx": ANOTHER_ESTABLISHMENT,
    "employers:employer-workforce-template-csv": ANOTHER_ESTABLISHMENT,
    "employers:employer-workforce-template-xlsx": ANOTHER_ESTABLISHMENT,
    "employers:employer-workforce-imports": ANOTHER_ESTABLISHMENT,
    "employers:employer-workforce-import-new": ANOTHER_ESTABLISHMENT,
    "employers:employer-workforce-import": _crossed("import_id", "import"),
    "employers:employer-workforce-import-progress": _crossed("import_id", "import"),
    "employers:employer-workforce-import-rejections": _crossed("import_id", "import"),
    "omanization:employer-compliance": ANOTHER_ESTABLISHMENT,
    "omanization:employer-what-if": ANOTHER_ESTABLISHMENT,
    "omanization:employer-projection": ANOTHER_ESTABLISHMENT,
    "omanization:employer-certificate-issue": ANOTHER_ESTABLISHMENT,
    "omanization:employer-plans": ANOTHER_ESTABLISHMENT,
    "omanization:employer-plan-file": ANOTHER_ESTABLISHMENT,
    "omanization:employer-plan": _crossed("plan_id", lambda w, side: _plan(w, side)),
    "omanization:employer-certificate-pdf": _crossed("certificate_id", "certificate"),
    "permits:employer-permits": ANOTHER_ESTABLISHMENT,
    "permits:employer-permit-apply": ANOTHER_ESTABLISHMENT,
    **{
        f"permits:employer-permit{suffix}": _crossed("permit_id", "permit")
        for suffix in (
            "",
            "-document-add",
            "-withdraw",
            "-cancel",
            "-renew",
            "-certificate",
            "-data-change",
        )
    },
    "permits:employer-permit-document": [
        lambda w: {
            "establishment_id": w.other.pk,
            "permit_id": w.other_permit.pk,
            "document_id": w.other_document.pk,
        },
        lambda w: {
            "establishment_id": w.own.pk,
            "permit_id": w.other_permit.pk,
            "document_id": w.other_document.pk,
        },
        # own permit in the URL, another establishment's document: still not found
        lambda w: {
            "establishment_id": w.own.pk,
            "permit_id": w.own_permit.pk,
            "document_id": w.other_document.pk,
        },
        lambda w: {
            "establishment_id": w.other.pk,
            "permit_id": w.own_permit.pk,
            "document_id": w.own_document.pk,
        },
    ],
    "permits:employer-renewals": ANOTHER_ESTABLISHMENT,
    "permits:employer-bulk-renewal": ANOTHER_ESTABLISHMENT,
    **{
        f"permits:employer-bulk-renewal{suffix}": _crossed("bulk_id", "bulk")
        for suffix in ("-detail", "-progress")
    },
    "permits:employer-transfers": ANOTHER_ESTABLISHMENT,
    "permits:employer-transfer-request": ANOTHER_ESTABLISHMENT,
    "employment:employer-violations": ANOTHER_ESTABLISHMENT,
    **{
        f"employment:employer-violation{suffix}": _crossed("violation_id", "violation")
        for suffix in ("", "-answer")
    },
    "employment:employer-wage-protection": ANOTHER_ESTABLISHMENT,
    "employment:employer-wage-protection-month": _crossed(
        "result_id", lambda w, side: _wage_result(w, side)
    ),
    "employment:employer-contracts": ANOTHER_ESTABLISHMENT,
    "employment:employer-contract-register": ANOTHER_ESTABLISHMENT,
    "employment:employer-contract": _crossed("contract_id", "contract"),
    "employment:employer-terminations": ANOTHER_ESTABLISHMENT,
    "employment:employer-absconding-reports": ANOTHER_ESTABLISHMENT,
    **{
        name: _crossed("employee_id", "employee")
        for name in ("employment:employer-termination-file", "employment:employer-absconding-file")
    },
    "employment:employer-termination": _case_calls("termination", "termination_id"),
    "employment:employer-absconding-report": _case_calls("absconding", "report_id"),
    "employment:employer-resignations": ANOTHER_ESTABLISHMENT,
    "employment:employer-resignation": _case_calls("resignation", "resignation_id"),
    "employment:employer-resignation-noc": _case_calls("resignation", "resignation_id"),
    "jobseekers:employer-vacancies": ANOTHER_ESTABLISHMENT,
    "jobseekers:employer-training": ANOTHER_ESTABLISHMENT,
    "jobseekers:employer-training-programme": _crossed(
        "programme_id", lambda w, side: _programme(w, side)
    ),
    **{
        f"jobseekers:employer-training-{suffix}": _crossed_within(
            "programme_id",
            lambda w, side: _programme(w, side),
            "enrolment_id",
            lambda w, side: _enrolment(w, side),
        )
        for suffix in ("attendance", "complete")
    },
    "jobseekers:employer-vacancy-post": ANOTHER_ESTABLISHMENT,
    **{
        f"jobseekers:employer-vacancy{suffix}": _crossed(
            "vacancy_id", lambda w, side: _vacancy(w, side)
        )
        for suffix in ("", "-close", "-candidates")
    },
    "employers:employer-member-appoint": ANOTHER_ESTABLISHMENT,
    **{
        f"employers:employer-member-{action}": _crossed("membership_id", "member")
        for action in ("suspend", "resume", "remove")
    },
    "jobseekers:employer-application-move": _crossed_within(
        "vacancy_id",
        lambda w, side: _vacancy(w, side),
        "application_id",
        lambda w, side: _application(w, side),
    ),
}
# The payments app's employer URLs (fees and receipts), described beside its tests.
FOREIGN_CALLS.update(payments_sweep.foreign_calls())
# The inspections app's employer URLs (visit reports), described beside its tests.
FOREIGN_CALLS.update(inspections_sweep.foreign_calls())
# Employer URLs that only accept POST: reaching one's own answers with a redirect.
POST_ONLY: set[str] = {
    "accommodation:employer-accommodation-operate",
    "omanization:employer-certificate-issue",
    "permits:employer-permit-document-add",
    "permits:employer-permit-withdraw",
    "permits:employer-permit-cancel",
    "permits:employer-permit-renew",
    "permits:employer-bulk-renewal",
    "jobseekers:employer-vacancy-close",
    "jobseekers:employer-application-move",
    "jobseekers:employer-training-attendance",
    "jobseekers:employer-training-complete",
    "employers:employer-member-suspend",
    "employers:employer-member-resume",
    "employers:employer-member-remove",
}
POST_ONLY |= payments_sweep.POST_ONLY
POST_ONLY |= inspections_sweep.POST_ONLY
# Employer URLs that name no object: they must show none of the other establishment's data.
LIST_URLS: set[str] = {"employers:employer-establishments"}


def employer_url_names() -> set[str]:
    return {name for name, _pattern in named_urls() if name.split(":")[-1].startswith("employer-")}


def test_every_employer_url_is_covered():
    uncovered = employer_url_names() - set(FOREIGN_CALLS) - LIST_URLS
    assert not uncovered, f"employer URLs without a cross-tenant case in test_tenancy: {uncovered}"


def undeclared_employer_views(patterns: dict[str, Any], names: set[str]) -> list[str]:
    """The employer URLs among `names` whose view states no service (or an unknown one)."""
    known = {*Service.values, ANY_SERVICE}
    return sorted(name for name in names if declared_service(patterns[name].callback) not in known)


def test_every_employer_url_states_its_service():
    patterns = dict(named_urls())

    undeclared = undeclared_employer_views(patterns, employer_url_names())

    assert not undeclared, (
        f"employer views that state no service: {undeclared}; decorate them with "
        "@employer_required(service=Service.<the service>) (ANY_SERVICE for a page every "
        "member may open)"
    )


def test_the_sweep_fails_on_a_view_that_states_no_service():
    # given a new employer URL whose view is wrapped without a service
    from django.http import HttpResponse
    from django.urls import path

    @employer_required
    def new_view(request, **kwargs):
        return HttpResponse("new")

    @employer_required(service=Service.PERMITS)
    def declared_view(request, **kwargs):
        return HttpResponse("declared")

    patterns = {
        "new:employer-thing": path("x/<int:establishment_id>/", new_view),
        "new:employer-declared": path("y/<int:establishment_id>/", declared_view),
    }

    # when the sweep walks them, then it names the undeclared one only
    assert undeclared_employer_views(patterns, set(patterns)) == ["new:employer-thing"]


def test_an_undeclared_view_lets_only_administrators_in(rf, world):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import Http404, HttpResponse

    @employer_required
    def new_view(request):
        return HttpResponse("new")

    request = rf.get("/")
    request.user = world.user
    request.session = SessionStore()
    request.session["_portal_auth_method"] = "idp"
    with pytest.raises(Http404):
        new_view(request, establishment_id=world.own.pk)

    Membership.objects.filter(user=world.user, establishment=world.own).update(
        role=Membership.Role.OWNER
    )
    assert new_view(request, establishment_id=world.own.pk).status_code == 200


def test_every_employer_view_resolves_the_establishment_from_membership():
    patterns = dict(named_urls())
    unscoped = [
        name
        for name in employer_url_names()
        if not getattr(patterns[name].callback, "employer_scoped", False)
    ]
    assert not unscoped, f"employer views without employer_required: {unscoped}"


def _certificate(establishment: Any, issued_by: Any, number: str) -> Any:
    import datetime
    import secrets

    from omanization.models import ComplianceCertificate, RuleSet

    rule_set = RuleSet.objects.create(name="Rules", effective_from=datetime.date(2024, 1, 1))
    return ComplianceCertificate.objects.create(
        number=number,
        token=secrets.token_urlsafe(32),
        establishment=establishment,
        rule_set=rule_set,
        issued_by=issued_by,
        as_of=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 4, 1),
    )


def _permit_with_document(establishment: Any, worker_name: str) -> tuple[Any, Any]:
    """An issued permit (inside its renewal window) with one stored passport copy."""
    from permits.documents import document_check, document_store
    from permits.models import PermitDocument
    from tests.permits.employer_helpers import PDF, permit_saved

    permit = permit_saved(establishment, worker_name_en=worker_name)
    checked = document_check(kind="passport", original_filename="passport.pdf", content=PDF)
    document = PermitDocument.objects.create(
        permit=permit,
        kind=checked.kind,
        original_filename=checked.original_filename,
        stored_path=document_store(permit_id=permit.pk, document=checked),
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
    )
    return permit, document


def _bulk_renewal(establishment: Any, user: Any, permit: Any) -> Any:
    from permits.models import BulkRenewal

    return BulkRenewal.objects.create(
        establishment=establishment,
        requested_by=user,
        permit_ids=[permit.pk],
        total=1,
        processed=1,
        renewed_count=1,
        status=BulkRenewal.Status.SUCCEEDED,
        outcomes=[
            {
                "permit_id": permit.pk,
                "number": permit.number,
                "outcome": "renewed",
                "reason": "",
                "new_number": "",
            }
        ],
    )


def _violation(establishment: Any, evidence: str) -> Any:
    """A recorded labour violation (fine schedule of the rules loaded by migration)."""
    import datetime
    from decimal import Decimal

    from accounts.models import User as Account
    from employment.models import Violation, ViolationType
    from tests.factories import UserFactory

    return Violation.objects.create(
        establishment=establishment,
        violation_type=ViolationType.objects.get(code="safety"),
        inspector=UserFactory.create(role=Account.Role.INSPECTOR),
        observed_on=datetime.date(2026, 1, 5),
        evidence=evidence,
        fine=Decimal("500.000"),
    )


def _once(make: Callable[..., Any]) -> Callable[..., Any]:
    """`make(world, side, ...)` once per test: later calls with the same arguments answer the
    object it made (kept in `world.made`)."""

    @functools.wraps(make)
    def once(world: World, *args: Any) -> Any:
        key = (make.__name__, *args)
        if key not in world.made:
            world.made[key] = make(world, *args)
        return world.made[key]

    return once


@_once
def _case(world: World, side: Side, kind: str) -> Any:
    """A termination, absconding report or accepted resignation of the side's establishment."""
    from tests.employment.builders import (
        foreign_worker,
        report_absconding,
        representative,
        terminate,
    )

    establishment = world.establishment(side)
    employee, _permit = foreign_worker(establishment)
    by = representative(establishment)
    if kind == "resignation":
        return _accepted_resignation(establishment, by)
    file = terminate if kind == "termination" else report_absconding
    return file(employee, by)


@_once
def _vacancy(world: World, side: Side) -> Any:
    """An open vacancy of the side's establishment."""
    return vacancy_for(
        world.establishment(side), posted_by=world.user, title_en=f"CANARY-{side.upper()} welder"
    )


def vacancy_for(establishment: Any, *, posted_by: Any, title_en: str, **overrides: Any) -> Any:
    """A welder's vacancy of `establishment`, open and published (unless `overrides` say
    otherwise)."""
    import datetime

    from jobseekers.models import Vacancy

    values = {
        "title_ar": "لحام",
        "occupation_code": "7212",
        "governorate": "muscat",
        "salary_min": 400,
        "salary_max": 500,
        "closes_on": datetime.date(2030, 1, 1),
        "published_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        **overrides,
    }
    return Vacancy.objects.create(
        establishment=establishment, posted_by=posted_by, title_en=title_en, **values
    )


@_once
def _plan(world: World, side: Side) -> Any:
    """An Omanization plan of the side's establishment."""
    from django.utils import timezone

    from omanization.models import OmanizationPlan

    return OmanizationPlan.objects.create(
        establishment=world.establishment(side),
        year=timezone.localdate().year,
        headcount=30,
        score=80,
        submitted_by=world.user,
        submitted_at=timezone.now(),
        decision_note=f"CANARY-{side.upper()} plan",
    )


@_once
def _wage_result(world: World, side: Side) -> Any:
    """A month of wage protection of the side's establishment, with one worker line."""
    return wage_result_for(world.establishment(side), civil_id=f"7{len(side)}000001")


def wage_result_for(establishment: Any, *, civil_id: str) -> Any:
    """A checked salary month of `establishment` with one unpaid line of `civil_id` (the
    rules loaded by migration)."""
    import datetime
    from decimal import Decimal

    from employment.models import LifecycleRuleSet, WageProtectionLine, WageProtectionResult

    month = datetime.date(2026, 1, 1)
    WageProtectionLine.objects.create(
        establishment=establishment,
        month=month,
        civil_id=civil_id,
        salary_due=Decimal("300"),
        outcome=WageProtectionLine.Outcome.UNPAID,
    )
    result, _created = WageProtectionResult.objects.get_or_create(
        establishment=establishment,
        month=month,
        defaults={
            "rule_set": LifecycleRuleSet.objects.filter(status="published").earliest(
                "effective_from"
            ),
            "due_on": datetime.date(2026, 1, 31),
            "pay_by": datetime.date(2026, 2, 7),
            "workers_due": 1,
            "unpaid": 1,
            "compliance_rate": Decimal("0"),
            "stage": WageProtectionResult.Stage.WARNED,
        },
    )
    return result


@_once
def _programme(world: World, side: Side) -> Any:
    """A training programme of the side's establishment."""
    import datetime

    from jobseekers.models import TrainingProgramme, TrainingSkill

    programme = TrainingProgramme.objects.create(
        establishment=world.establishment(side),
        title_en=f"CANARY-{side.upper()} wiring course",
        title_ar="دورة تمديدات",
        governorate="muscat",
        places=5,
        starts_on=datetime.date(2030, 1, 1),
    )
    TrainingSkill.objects.create(programme=programme, skill_code="electrical_wiring")
    return programme


def _jobseeker_profile(world: World, side: Side, first_digit: str) -> Any:
    """A new jobseeker's profile (civil ID from the digit, the side and the world)."""
    from jobseekers.models import JobseekerProfile
    from tests.factories import UserFactory

    user = UserFactory.create(
        role=User.Role.JOBSEEKER, civil_id=f"{first_digit}{len(side)}{id(world) % 10**6}"
    )
    return JobseekerProfile.objects.create(user=user, willing_to_relocate=False)


@_once
def _enrolment(world: World, side: Side) -> Any:
    """A jobseeker enrolled in the side's programme."""
    from jobseekers.models import TrainingEnrolment

    return TrainingEnrolment.objects.create(
        programme=_programme(world, side), profile=_jobseeker_profile(world, side, "7")
    )


@_once
def _application(world: World, side: Side) -> Any:
    """An application to the side's vacancy by a jobseeker."""
    from jobseekers.models import Application

    return Application.objects.create(
        vacancy=_vacancy(world, side), profile=_jobseeker_profile(world, side, "6")
    )


def _accepted_resignation(establishment: Any, by: Any) -> Any:
    """An Omani worker's resignation, accepted (so its no-objection record exists)."""
    import datetime

    from django.utils import timezone

    from employment.services.resignations import resignation_answer, resignation_submit
    from tests.employment.builders import omani_account
    from tests.factories import OmaniEmployeeFactory

    employee = OmaniEmployeeFactory.create(establishment=establishment)
    resignation = resignation_submit(
        employee=employee,
        submitted_by=omani_account(employee),
        last_working_day=timezone.localdate() + datetime.timedelta(days=30),
    )
    return resignation_answer(resignation=resignation, answered_by=by, accept=True)


def _contract(establishment: Any, user: Any, worker_name_en: str) -> Any:
    """A contract proposed to a worker (the rules loaded by migration)."""
    from employment.services.contracts import contract_register
    from tests.employment.builders import contract_data

    return contract_register(
        establishment=establishment,
        registered_by=user,
        data=contract_data(worker_name_en=worker_name_en),
    )


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    own_membership = MembershipFactory.create()
    other = EstablishmentFactory(name_en="CANARY-OTHER-ESTABLISHMENT")
    other_member = MembershipFactory(establishment=other)
    own_permit, own_document = _permit_with_document(own_membership.establishment, "Own Worker")
    other_permit, other_document = _permit_with_document(other, "CANARY-OTHER-PERMIT")
    own_member = MembershipFactory(establishment=own_membership.establishment)
    other_member = MembershipFactory(establishment=other, user__full_name_en="CANARY-OTHER-MEMBER")
    return World(
        own_member=own_member,
        other_member=other_member,
        own_permit=own_permit,
        other_permit=other_permit,
        own_document=own_document,
        other_document=other_document,
        own_bulk=_bulk_renewal(own_membership.establishment, own_membership.user, own_permit),
        own_violation=_violation(own_membership.establishment, "Own scaffolding"),
        other_violation=_violation(other, "CANARY-OTHER-VIOLATION"),
        own_contract=_contract(own_membership.establishment, own_membership.user, "Own Worker"),
        other_contract=_contract(other, other_member.user, "CANARY-OTHER-CONTRACT"),
        other_bulk=_bulk_renewal(other, other_member.user, other_permit),
        own_certificate=_certificate(
            own_membership.establishment, own_membership.user, "OMZ-TEST-1"
        ),
        other_certificate=_certificate(other, other_member.user, "CANARY-OTHER-CERT"),
        user=own_membership.user,  # type: ignore[arg-type]  # the factory sets it
        own=own_membership.establishment,
        own_employee=EmployeeFactory(establishment=own_membership.establishment),
        other=other,
        other_employee=EmployeeFactory(establishment=other, name_en="CANARY-OTHER-WORKER"),
        own_import=WorkforceImportFactory(
            establishment=own_membership.establishment, uploaded_by=own_membership.user
        ),
        other_import=WorkforceImportFactory(
            establishment=other, original_filename="CANARY-OTHER-IMPORT.csv"
        ),
    )


CASES = [
    pytest.param(name, index, id=f"{name}#{index}")
    for name, calls in sorted(FOREIGN_CALLS.items())
    for index in range(len(calls))
]


@pytest.mark.parametrize(("url_name", "call_index"), CASES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_establishments_object_is_not_found(client, world, url_name, call_index, method):
    # given a representative of one establishment
    sign_in(client, world.user)
    url = reverse(url_name, kwargs=FOREIGN_CALLS[url_name][call_index](world))

    # when it asks for another establishment's object
    response = getattr(client, method)(url)

    # then the answer is the same as for an object that does not exist
    assert response.status_code == 404
    assert b"CANARY-OTHER" not in response.content


def _own_kwargs(world: World, url_name: str) -> dict[str, int]:
    """The URL's kwargs for the representative's own establishment and objects."""
    if url_name.startswith("payments:"):
        return payments_sweep.own_kwargs(world, url_name)
    if url_name.startswith("inspections:"):
        return inspections_sweep.own_kwargs(world, url_name)
    kwargs = {"establishment_id": world.own.pk}
    names = FOREIGN_CALLS[url_name][0](world)
    own = {
        "employee_id": lambda: world.own_employee.pk,
        "import_id": lambda: world.own_import.pk,
        "certificate_id": lambda: world.own_certificate.pk,
        "permit_id": lambda: world.own_permit.pk,
        "document_id": lambda: world.own_document.pk,
        "bulk_id": lambda: world.own_bulk.pk,
        "violation_id": lambda: world.own_violation.pk,
        "contract_id": lambda: world.own_contract.pk,
        "termination_id": lambda: _case(world, "own", "termination").pk,
        "report_id": lambda: _case(world, "own", "absconding").pk,
        "resignation_id": lambda: _case(world, "own", "resignation").pk,
        "vacancy_id": lambda: _vacancy(world, "own").pk,
        "application_id": lambda: _application(world, "own").pk,
        "membership_id": lambda: world.own_member.pk,
        "result_id": lambda: _wage_result(world, "own").pk,
        "programme_id": lambda: _programme(world, "own").pk,
        "enrolment_id": lambda: _enrolment(world, "own").pk,
        "plan_id": lambda: _plan(world, "own").pk,
    }
    for name, value in own.items():
        if name in names:
            kwargs[name] = value()
    return kwargs


@pytest.mark.parametrize("url_name", sorted(FOREIGN_CALLS))
def test_own_establishment_is_reachable(client, world, url_name):
    sign_in(client, world.user)
    kwargs = _own_kwargs(world, url_name)

    if url_name in POST_ONLY:
        response = client.post(reverse(url_name, kwargs=kwargs))
        assert response.status_code == 302
        return
    response = client.get(reverse(url_name, kwargs=kwargs))

    assert response.status_code == 200
    assert b"CANARY-OTHER" not in response.getvalue()  # getvalue: downloads stream


CROSS_SERVICE = sorted(
    name
    for name, pattern in named_urls()
    if name in FOREIGN_CALLS and declared_service(pattern.callback) in Service.values
)


@pytest.mark.parametrize("url_name", CROSS_SERVICE)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_service_the_representative_does_not_hold_is_not_found(client, world, url_name, method):
    # given a representative of its own establishment for every service but the URL's
    service = declared_service(dict(named_urls())[url_name].callback)
    Membership.objects.filter(user=world.user, establishment=world.own).update(
        services=[s for s in Service.values if s != service]
    )
    sign_in(client, world.user)

    # when it opens the URL with its own establishment and objects
    response = getattr(client, method)(reverse(url_name, kwargs=_own_kwargs(world, url_name)))

    # then the answer is the same as for another establishment's object
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", sorted(LIST_URLS))
def test_lists_show_no_other_establishment(client, world, url_name):
    sign_in(client, world.user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert (
        world.own.name_en.encode() in response.content
        or world.own.name_ar.encode() in response.content
    )
    assert b"CANARY-OTHER" not in response.content


def test_representative_of_two_establishments_reaches_both(client, world):
    second = MembershipFactory(user=world.user).establishment
    sign_in(client, world.user)

    for establishment in (world.own, second):
        url = reverse(
            "employers:employer-establishment", kwargs={"establishment_id": establishment.pk}
        )
        assert client.get(url).status_code == 200


def test_ended_membership_gives_no_access(client, world):
    """With no active membership left the account represents nobody: the capacity comes from
    memberships, not the account's role (403); with another membership still active, the ended
    one's establishment is simply not found (404)."""
    url = reverse("employers:employer-establishment", kwargs={"establishment_id": world.own.pk})
    world.user.memberships.update(is_active=False)
    sign_in(client, world.user)
    assert client.get(url).status_code == 403

    MembershipFactory(user=world.user)
    assert client.get(url).status_code == 404


def _assert_refused(response: Any) -> None:
    """Another role's answer: staff are first sent to their second factor; everyone else is
    refused."""
    assert response.status_code in {403, 302}
    if response.status_code == 302:
        assert "/two-factor/" in response["Location"]


@pytest.mark.parametrize("role", sorted(set(User.Role) - {User.Role.EMPLOYER}))
def test_other_roles_cannot_use_employer_pages(client, world, make_user, role):
    sign_in(client, make_user(role))

    url = reverse("employers:employer-establishment", kwargs={"establishment_id": world.own.pk})
    response = client.get(url)

    _assert_refused(response)


def test_anonymous_visitor_is_sent_to_sign_in(client, world):
    url = reverse("employers:employer-establishment", kwargs={"establishment_id": world.own.pk})

    response = client.get(url)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- training institutions (lmi): a member reaches only its own institution's courses ---------

# URL name -> how to call it (method, kwargs from the other institution's course); every
# `lmi:institution-*` URL must be listed.
INSTITUTION_URLS: dict[str, tuple[str, bool]] = {
    "lmi:institution-skills": ("get", False),
    "lmi:institution-courses": ("get", False),
    "lmi:institution-course-withdraw": ("post", True),
}


def test_every_institution_url_is_covered():
    names = {name for name, _p in named_urls() if name.startswith("lmi:institution-")}
    assert names == set(INSTITUTION_URLS)


@pytest.fixture
def institutions(db) -> tuple[User, Any, Any]:
    from lmi.models import Course, Institution

    user = make_institution_member()
    own = Institution.objects.create(name_en="Own", name_ar="خاص", governorate="muscat")
    own.members.add(user)
    other = Institution.objects.create(name_en="Other", name_ar="آخر", governorate="dhofar")
    Course.objects.create(
        institution=other, title_en="CANARY-COURSE", title_ar="كناري", governorate="dhofar"
    )
    Course.objects.create(
        institution=own, title_en="Own course", title_ar="خاص", governorate="muscat"
    )
    return user, own, other


def make_institution_member() -> User:
    from tests.factories import UserFactory

    return UserFactory.create(role=User.Role.TRAINING_INSTITUTION)


@pytest.mark.parametrize("url_name", sorted(INSTITUTION_URLS))
def test_an_institution_reaches_no_other_institutions_course(client, institutions, url_name):
    user, _own, other = institutions
    method, needs_course = INSTITUTION_URLS[url_name]
    kwargs = {"course_id": other.courses.get().pk} if needs_course else {}
    sign_in(client, user, method="password")

    response = getattr(client, method)(reverse(url_name, kwargs=kwargs))

    if needs_course:
        assert response.status_code == 404
        assert other.courses.get().is_published
    else:
        assert response.status_code == 200
        assert "CANARY-COURSE" not in response.content.decode()


@pytest.mark.parametrize("role", sorted(set(User.Role) - {User.Role.TRAINING_INSTITUTION}))
def test_other_roles_cannot_use_institution_pages(client, institutions, make_user, role):
    sign_in(client, make_user(role))

    response = client.get(reverse("lmi:institution-courses"))

    _assert_refused(response)


# --- services: an employer act checks the service role there too --------------------------------

# Who acts, in a service's keyword arguments, when an establishment's representative does.
ACTOR_ARGUMENTS = {"applied_by", "requested_by", "registered_by", "posted_by", "uploaded_by"}
ESTABLISHMENT_ARGUMENTS = {"establishment", "to_establishment"}
# Services that take an establishment and an actor but are not a representative's act (why).
NOT_EMPLOYER_ACTS = {
    "permits.services.applications.permit_file": "the portal's own filing of an agreed "
    "transfer; the representative's act is permit_apply, which is marked",
}


def _service_functions() -> list[tuple[str, Any]]:
    import importlib
    import inspect
    import pkgutil
    from pathlib import Path

    from django.conf import settings

    root = Path(__file__).resolve().parents[1]
    found = []
    for app in settings.INSTALLED_APPS:
        if not (root / app / "__init__.py").exists():
            continue
        names = []
        if (root / app / "services.py").exists():
            names.append(f"{app}.services")
        if (root / app / "services" / "__init__.py").exists():
            package = importlib.import_module(f"{app}.services")
            names += [m.name for m in pkgutil.iter_modules(package.__path__, f"{app}.services.")]
        for name in names:
            module = importlib.import_module(name)
            for attribute, value in vars(module).items():
                function = inspect.unwrap(value) if callable(value) else None
                if not inspect.isfunction(function) or attribute.startswith("_"):
                    continue
                if function.__module__ != name:
                    continue  # imported from elsewhere: checked where it is defined
                found.append((f"{name}.{attribute}", value))
    return found


def test_every_employer_act_among_the_services_checks_the_service_role():
    import inspect

    unmarked = []
    for qualified, service in _service_functions():
        parameters = set(inspect.signature(service).parameters)
        if not (parameters & ESTABLISHMENT_ARGUMENTS and parameters & ACTOR_ARGUMENTS):
            continue
        if qualified in NOT_EMPLOYER_ACTS:
            continue
        if declared_service(service) is None:
            unmarked.append(qualified)
    assert not unmarked, (
        "mark these with @employers.access.employer_act(Service.X, actor=...) or list them in "
        f"NOT_EMPLOYER_ACTS with why: {unmarked}"
    )


def test_the_walk_finds_the_employer_acts():
    marked = {q for q, s in _service_functions() if declared_service(s) is not None}
    assert {
        "permits.services.applications.permit_apply",
        "permits.services.transfers.permit_transfer_request",
        "employment.services.contracts.contract_register",
        "jobseekers.services.vacancies.vacancy_post",
        "employers.services.workforce_import_create",
    } <= marked


def test_a_representative_without_the_service_is_refused_by_the_service_itself():
    from core.exceptions import PermissionDeniedError
    from permits.models import Permit
    from permits.services import permit_apply

    membership = MembershipFactory.create(services=[Service.WORKFORCE])

    with pytest.raises(PermissionDeniedError):
        permit_apply(establishment=membership.establishment, data=None, applied_by=membership.user)

    assert not Permit.objects.exists()


# --- accommodation operators: an operator reaches only its own sites, blocks and residents ----

# URL name -> (method, kwargs from the other operator's site, block and declared worker); every
# `accommodation:operator-*` URL must be listed.
OPERATOR_URLS: dict[str, tuple[str, Callable[[Any], dict[str, int]]]] = {
    "accommodation:operator-sites": ("get", lambda o: {}),
    "accommodation:operator-site": ("get", lambda o: {"site_id": o["site"].pk}),
    "accommodation:operator-block-sheet": ("get", lambda o: {"block_id": o["block"].pk}),
    "accommodation:operator-resident-confirm": (
        "post",
        lambda o: {"site_id": o["site"].pk, "employee_id": o["worker"].pk},
    ),
    "accommodation:operator-resident-dispute": (
        "post",
        lambda o: {"site_id": o["site"].pk, "employee_id": o["worker"].pk},
    ),
}


def test_every_operator_url_is_covered():
    names = {name for name, _p in named_urls() if name.startswith("accommodation:operator-")}
    assert names == set(OPERATOR_URLS)


@pytest.fixture
def operators(db) -> tuple[User, dict[str, Any]]:
    from accommodation.models import Declaration
    from tests.accommodation.helpers import operator_with_user, room, site_with_rooms
    from tests.factories import ForeignEmployeeFactory

    _own, user = operator_with_user()
    other, _other_user = operator_with_user()
    site = site_with_rooms(other)
    site.name = "CANARY-SITE"
    site.save(update_fields=["name"])
    worker = ForeignEmployeeFactory.create()
    Declaration.objects.create(employee=worker, room=room(site))
    return user, {"site": site, "block": site.blocks.get(), "worker": worker}


@pytest.mark.parametrize("url_name", sorted(OPERATOR_URLS))
def test_an_operator_reaches_no_other_operators_site(client, operators, url_name):
    from accommodation.models import Resident

    user, other = operators
    method, kwargs = OPERATOR_URLS[url_name]
    sign_in(client, user, method="password")

    response = getattr(client, method)(reverse(url_name, kwargs=kwargs(other)))

    if kwargs(other):
        assert response.status_code == 404
        assert not Resident.objects.exists()
    else:
        assert response.status_code == 200
        assert "CANARY-SITE" not in response.content.decode()


@pytest.mark.parametrize(
    "role", sorted(set(User.Role) - {User.Role.ACCOMMODATION_OPERATOR, User.Role.EMPLOYER})
)
def test_other_roles_cannot_use_operator_pages(client, make_user, role):
    sign_in(client, make_user(role))

    response = client.get(reverse("accommodation:operator-sites"))

    _assert_refused(response)
