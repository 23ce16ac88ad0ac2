"""The delegation matrix over every citizen- and employer-facing URL, enumerated from the
URLconf (a new page is in the matrix the day it is added):

- the clerk with consent reaches what the person reaches (same answer) and nothing more:
  another establishment's or another person's objects stay not found, a page outside the
  consented services or of another establishment of the same person is refused;
- the clerk without consent reaches nothing (403);
- a clerk of a suspended centre, or a suspended clerk, reaches nothing (403).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from sanad.models import CentreMembership, Scope, ServiceCentre
from sanad.scopes import ANY, required_scope
from tests.conftest import sign_in
from tests.factories import MembershipFactory
from tests.inspections import helpers as inspections_helpers
from tests.payments import helpers as payments_helpers
from tests.sanad.helpers import active_consent, clerk, delegate
from tests.test_tenancy import (  # noqa: F401  (world is a fixture)
    FOREIGN_CALLS,
    World,
    _application,
    _case,
    _enrolment,
    _plan,
    _programme,
    _vacancy,
    _wage_result,
    wage_result_for,
    world,
)
from tests.urlwalk import named_urls

pytestmark = pytest.mark.django_db

# Pages that are not part of a person's portal: the clerk is never the person there.
_OUTSIDE_NAMES = frozenset(
    {
        "health",
        "health-live",
        "accounts:privacy",  # a public notice, the same for everyone
        "prometheus-django-metrics",
        "set_language",
        "sms-status",
        "sms-inbound",
        "accounts:login",
        "accounts:logout",
        "accounts:two-factor",
        "accounts:two-factor-setup",
        "accounts:sms-login",
        "accounts:sms-login-verify",
        "accounts:register",
        "accounts:register-verify",
        # the national identity sign-in and the portal's public keys (the proof before a
        # binding act is reached with any consent: sanad.scopes)
        "accounts:national-id",
        "accounts:national-id-callback",
        "jwks",
        # the person's own record and Sanad pages: never shown to a clerk acting for them
        "accounts:activity",
        "accounts:my-data",
        "accounts:my-corrections",
        "accounts:my-data-export",
        "accounts:my-data-download",
        # who acts for an establishment: the administrator in person, never a clerk
        # (sanad.scopes._NOT_DELEGABLE); claiming one and accepting an appointment need the
        # person's own national identity sign-in
        "employers:employer-member-appoint",
        "employers:employer-member-suspend",
        "employers:employer-member-resume",
        "employers:employer-member-remove",
        "employers:my-establishments",
        "employers:claim",
        "employers:appointment-accept",
        "employers:registry-lookup",
        "employers:claim-dispute",
        # pages opened with a token from an SMS or a QR code, the same for everybody
        "permits:transfer-consent",
        "employment:worker-contract",
        "employment:worker-objection",
        # the worker's own status code and its changing QR: shown to the worker only; the
        # scanner is a worksite or gate role of its own
        "workstatus:my-status",
        "workstatus:scanner",
        "workstatus:scanner-finding",
        # the worker's room check-in is a scan by the worker's own phone at the room (and its
        # web app's manifest and service worker); an accommodation operator is a role of its
        # own, with its own pages
        "accommodation:check-in-home",
        "accommodation:check-in",
        "accommodation:check-in-sw",
        "accommodation:check-in-manifest",
        "accommodation:exit-pass",
        "accommodation:gate",
        "accommodation:operator-sites",
        "accommodation:operator-site",
        "accommodation:operator-block-sheet",
        "accommodation:operator-resident-confirm",
        "accommodation:operator-resident-dispute",
        # public: a payment receipt's check, the gateway's signed callback, open data
        "payments:receipt-check",
        "payments-gateway-callback",
        "lmi:open-data",
        # a training institution's own pages (a role of its own) and a jobseeker's list of
        # courses for missing skills, read by the person
        "lmi:institution-courses",
        "lmi:institution-course-withdraw",
        "lmi:institution-skills",
        "lmi:my-courses",
    }
)


def _outside(name: str) -> bool:
    namespace, _sep, short = name.rpartition(":")
    return (
        name in _OUTSIDE_NAMES
        or namespace in {"admin", "public", "sanad"}
        or short.startswith(("staff-", "officer-", "api-", "verify-"))
    )


def test_every_url_is_either_part_of_a_persons_portal_or_outside_it():
    """A new URL that is neither a person's page (sanad.scopes) nor known to be outside fails
    here: decide its scope before it ships."""
    unclassified = sorted(
        name for name, _p in named_urls() if required_scope(name) is None and not _outside(name)
    )
    assert not unclassified, f"classify these for Sanad delegation: {unclassified}"


PERSON_URLS = sorted(name for name, _p in named_urls() if required_scope(name) is not None)
EMPLOYER_SCOPES = {Scope.EMPLOYER, Scope.PERMITS}


# --- the people and their objects ------------------------------------------------------------


class Citizen:
    """An Omani worker with a portal account: a resignation, a jobseeker profile and an
    application; and someone else's (canaries)."""

    def __init__(self) -> None:
        from jobseekers.models import Application, JobseekerProfile
        from tests.employment.builders import omani_account
        from tests.factories import EstablishmentFactory, OmaniEmployeeFactory

        self.establishment = EstablishmentFactory.create()
        self.employee = OmaniEmployeeFactory.create(establishment=self.establishment)
        self.user = omani_account(self.employee)
        self.user.mobile_verified_at = timezone.now()
        self.user.save()
        self.profile = JobseekerProfile.objects.create(user=self.user, willing_to_relocate=False)
        self.vacancy = _open_vacancy(self.establishment, "Own welder")
        self.application = Application.objects.create(vacancy=self.vacancy, profile=self.profile)
        self.resignation = _resignation(self.employee, self.user)
        self.salary_line = _salary_line(self.establishment, self.employee.civil_id or "")
        self.file_line = _paid_file_line(self.establishment, self.employee)

        other_employee = OmaniEmployeeFactory.create(establishment=self.establishment)
        other_user = User.objects.create(
            username="canary-citizen",
            role=User.Role.JOBSEEKER,
            civil_id=other_employee.civil_id,
            full_name_en="CANARY-OTHER-PERSON",
            identity_proven_at=timezone.now(),
        )
        other_profile = JobseekerProfile.objects.create(user=other_user, willing_to_relocate=False)
        self.other_application = Application.objects.create(
            # a vacancy is public (search, recommendations): only the application is private
            vacancy=_open_vacancy(self.establishment, "Another welder"),
            profile=other_profile,
        )
        self.other_resignation = _resignation(other_employee, other_user)
        self.other_salary_line = _salary_line(self.establishment, other_employee.civil_id or "")
        self.other_file_line = _paid_file_line(self.establishment, other_employee)


def _salary_line(establishment: Any, civil_id: str) -> Any:
    from employment.models import WageProtectionLine

    wage_result_for(establishment, civil_id=civil_id)
    return WageProtectionLine.objects.get(establishment=establishment, civil_id=civil_id)


def _paid_file_line(establishment: Any, employee: Any) -> Any:
    """A checked month the worker was paid as due: the central bank's line is theirs (the check
    keeps no line for it)."""
    from employment.models import LifecycleRuleSet, WageProtectionResult
    from integrations.models import SalaryFileLine

    month = datetime.date(2026, 2, 1)
    WageProtectionResult.objects.get_or_create(
        establishment=establishment,
        month=month,
        defaults={
            "rule_set": LifecycleRuleSet.objects.filter(status="published").earliest(
                "effective_from"
            ),
            "due_on": datetime.date(2026, 2, 28),
            "pay_by": datetime.date(2026, 3, 7),
        },
    )
    return SalaryFileLine.objects.create(
        cr_number=establishment.cr_number,
        civil_id=employee.civil_id,
        month=month,
        salary_due=employee.monthly_salary,
        salary_paid=employee.monthly_salary,
        payment_status="paid",
        paid_on=datetime.date(2026, 2, 27),
        file_reference="WPS-202602",
        source_version=1,
        synced_at=timezone.now(),
    )


def _open_vacancy(establishment: Any, title: str) -> Any:
    from jobseekers.models import Vacancy

    return Vacancy.objects.create(
        establishment=establishment,
        posted_by=User.objects.create(username=f"poster-{title[:20]}", role=User.Role.EMPLOYER),
        title_en=title,
        title_ar="لحام",
        occupation_code="7212",
        governorate="muscat",
        salary_min=400,
        salary_max=500,
        closes_on=datetime.date(2030, 1, 1),
        published_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )


def _resignation(employee: Any, account: User) -> Any:
    from employment.services.resignations import resignation_submit

    return resignation_submit(
        employee=employee,
        submitted_by=account,
        last_working_day=timezone.localdate() + datetime.timedelta(days=30),
    )


# kwarg name -> its value for the person's own object (employer world or citizen)
EMPLOYER_KWARGS: dict[str, Callable[[World], Any]] = {
    "establishment_id": lambda w: w.own.pk,
    "employee_id": lambda w: w.own_employee.pk,
    "import_id": lambda w: w.own_import.pk,
    "certificate_id": lambda w: w.own_certificate.pk,
    "permit_id": lambda w: w.own_permit.pk,
    "document_id": lambda w: w.own_document.pk,
    "bulk_id": lambda w: w.own_bulk.pk,
    "violation_id": lambda w: w.own_violation.pk,
    "contract_id": lambda w: w.own_contract.pk,
    "termination_id": lambda w: _case(w, "own", "termination").pk,
    "report_id": lambda w: _case(w, "own", "absconding").pk,
    "resignation_id": lambda w: _case(w, "own", "resignation").pk,
    "vacancy_id": lambda w: _vacancy(w, "own").pk,
    "application_id": lambda w: _application(w, "own").pk,
    "result_id": lambda w: _wage_result(w, "own").pk,
    "plan_id": lambda w: _plan(w, "own").pk,
    "programme_id": lambda w: _programme(w, "own").pk,
    "enrolment_id": lambda w: _enrolment(w, "own").pk,
    "invoice_id": lambda w: _own_invoice(w).pk,
    "payment_id": lambda w: _own_payment(w).pk,
    "reference": lambda w: payments_helpers._session_of(_own_payment(w)),
    "visit_id": lambda w: inspections_helpers.world_visits(w)[0].pk,
    "finding_id": lambda w: inspections_helpers.world_photo(w, 0).pk,
}


def _own_invoice(w: World) -> Any:
    return payments_helpers._cached(w, "_own_invoice", lambda: payments_helpers.invoice_for(w.own))


def _own_payment(w: World) -> Any:
    return payments_helpers._cached(
        w, "_own_payment", lambda: payments_helpers._paid(_own_invoice(w))
    )


def _citizen_programme(citizen: Any) -> Any:
    """A training programme the citizen may enrol in (and the citizen's enrolment in it)."""
    import datetime as _dt

    from jobseekers.models import TrainingProgramme, TrainingSkill

    if not hasattr(citizen, "_programme"):
        programme = TrainingProgramme.objects.create(
            establishment=citizen.establishment,
            title_en="Wiring course",
            title_ar="دورة تمديدات",
            governorate="muscat",
            places=5,
            starts_on=_dt.date(2030, 1, 1),
        )
        TrainingSkill.objects.create(programme=programme, skill_code="electrical_wiring")
        citizen._programme = programme
    return citizen._programme


def _citizen_enrolment(citizen: Any) -> Any:
    from jobseekers.models import TrainingEnrolment

    if not hasattr(citizen, "_enrolment"):
        citizen._enrolment = TrainingEnrolment.objects.create(
            programme=_citizen_programme(citizen), profile=citizen.profile
        )
    return citizen._enrolment


CITIZEN_KWARGS: dict[str, Callable[[Citizen], Any]] = {
    "resignation_id": lambda c: c.resignation.pk,
    "application_id": lambda c: c.application.pk,
    "vacancy_id": lambda c: c.vacancy.pk,
    "line_id": lambda c: c.salary_line.pk,
    "file_line_id": lambda c: c.file_line.pk,
    "programme_id": lambda c: _citizen_programme(c).pk,
    "enrolment_id": lambda c: _citizen_enrolment(c).pk,
}
# ... and for another person's object (the person gets 404 for these; so must the clerk)
CITIZEN_FOREIGN: dict[str, Callable[[Citizen], Any]] = {
    "resignation_id": lambda c: c.other_resignation.pk,
    "application_id": lambda c: c.other_application.pk,
    "line_id": lambda c: c.other_salary_line.pk,
    "file_line_id": lambda c: c.other_file_line.pk,
}


def _kwargs(name: str, builders: dict[str, Callable[[Any], Any]], ctx: Any) -> dict[str, Any]:
    pattern = dict(named_urls())[name].pattern
    needed = list(pattern.regex.groupindex)
    unknown = [k for k in needed if k not in builders]
    assert not unknown, f"teach tests/sanad/test_matrix.py how to call {name} ({unknown})"
    return {k: builders[k](ctx) for k in needed}


def _status(client: Client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    body = response.getvalue() if response.status_code == 200 else b""
    return response.status_code, body


def _refused_for(client: Client, url: str) -> None:
    if url == reverse("accounts:home"):
        # without a usable consent the clerk's home is their own, never the person's
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["user"].role == User.Role.SANAD_CLERK
        return
    if url in (reverse("accounts:prove"), reverse("accounts:prove-code")):
        # without a usable consent the clerk proves who they are themselves, never the person
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 503)
        if response.status_code in (200, 503):
            assert response.context["user"].role == User.Role.SANAD_CLERK
        return
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def _check(
    client: Client,
    person_user: User,
    url: str,
    scope: str,
    all_scopes: list[str],
    establishment: Any,
) -> None:
    # the person's own answer
    sign_in(client, person_user)
    person_status, _body = _status(client, url)

    # the clerk with consent: the same answer
    worker = clerk()
    consent = active_consent(worker, person_user, all_scopes, establishment=establishment)
    delegate(client, worker, consent)
    clerk_status, body = _status(client, url)
    assert clerk_status == person_status, (url, person_status, clerk_status)
    assert b"CANARY-OTHER" not in body

    # ... and nothing outside the consented services
    if scope != ANY:
        narrower = [s for s in Scope.values if s != scope and s not in all_scopes] or [
            s for s in all_scopes if s != scope
        ]
        other = clerk()
        delegate(
            client,
            other,
            active_consent(other, person_user, narrower, establishment=establishment),
        )
        _refused_for(client, url)

    # the clerk without consent, a suspended clerk, a clerk of a suspended centre: nothing
    delegate(client, clerk(), None)
    _refused_for(client, url)
    CentreMembership.objects.filter(clerk=worker).update(status="suspended")
    delegate(client, worker, consent)
    _refused_for(client, url)
    CentreMembership.objects.filter(clerk=worker).update(status="active")
    ServiceCentre.objects.filter(pk=consent.centre_id).update(status="suspended")
    _refused_for(client, url)


EMPLOYER_URLS = [n for n in PERSON_URLS if required_scope(n) in EMPLOYER_SCOPES]
CITIZEN_URLS = [n for n in PERSON_URLS if n not in EMPLOYER_URLS]


@pytest.mark.parametrize("url_name", EMPLOYER_URLS)
def test_employer_pages(client, world, url_name):  # noqa: F811
    scope = required_scope(url_name)
    assert scope is not None
    url = reverse(url_name, kwargs=_kwargs(url_name, EMPLOYER_KWARGS, world))

    _check(client, world.user, url, scope, [Scope.EMPLOYER, Scope.PERMITS], world.own)

    # another establishment's objects stay not found, as for the person
    worker = clerk()
    delegate(
        client,
        worker,
        active_consent(
            worker, world.user, [Scope.EMPLOYER, Scope.PERMITS], establishment=world.own
        ),
    )
    for call in FOREIGN_CALLS.get(url_name, []):
        kwargs = call(world)
        response = client.get(reverse(url_name, kwargs=kwargs))
        expected = 404 if kwargs.get("establishment_id") == world.own.pk else 403
        assert response.status_code == expected, kwargs
        assert b"CANARY-OTHER" not in response.content


@pytest.mark.parametrize(
    "url_name",
    [
        n
        for n in EMPLOYER_URLS
        if "establishment_id" in dict(named_urls())[n].pattern.regex.groupindex
    ],
)
def test_another_establishment_of_the_same_person_is_refused(client, world, url_name):  # noqa: F811
    """The consent names one establishment; the person's second one is out of it."""
    second = MembershipFactory.create(user=world.user).establishment
    kwargs = _kwargs(url_name, EMPLOYER_KWARGS, world) | {"establishment_id": second.pk}
    url = reverse(url_name, kwargs=kwargs)
    worker = clerk()
    delegate(
        client,
        worker,
        active_consent(
            worker, world.user, [Scope.EMPLOYER, Scope.PERMITS], establishment=world.own
        ),
    )

    _refused_for(client, url)


@pytest.fixture
def citizen(settings, tmp_path) -> Citizen:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return Citizen()


@pytest.mark.parametrize("url_name", CITIZEN_URLS)
def test_citizen_pages(client, citizen, url_name):
    scope = required_scope(url_name)
    assert scope is not None
    url = reverse(url_name, kwargs=_kwargs(url_name, CITIZEN_KWARGS, citizen))
    scopes = [Scope.JOBSEEKER, Scope.EMPLOYMENT, Scope.ACCOUNT]

    _check(client, citizen.user, url, scope, scopes, None)

    # another person's objects stay not found, as for the person
    pattern = dict(named_urls())[url_name].pattern
    foreign = [k for k in pattern.regex.groupindex if k in CITIZEN_FOREIGN]
    if foreign:
        worker = clerk()
        delegate(client, worker, active_consent(worker, citizen.user, scopes))
        kwargs = _kwargs(url_name, CITIZEN_KWARGS, citizen) | {
            k: CITIZEN_FOREIGN[k](citizen) for k in foreign
        }
        sign_in(client, citizen.user)
        person_status = client.get(reverse(url_name, kwargs=kwargs)).status_code
        delegate(client, worker, active_consent(worker, citizen.user, scopes))
        response = client.get(reverse(url_name, kwargs=kwargs))
        assert response.status_code == person_status
        assert b"CANARY-OTHER" not in response.content


def test_the_matrix_covers_citizen_and_employer_pages():
    assert {"accounts:home", "accounts:preferences", "notifications:my-messages"} <= set(
        CITIZEN_URLS
    )
    assert any(n.startswith("employment:my-") for n in CITIZEN_URLS)
    assert any(n.startswith("jobseekers:my-") for n in CITIZEN_URLS)
    assert "permits:employer-permits" in EMPLOYER_URLS
