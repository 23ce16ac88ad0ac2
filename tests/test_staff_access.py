"""Which staff page each role reaches. Every `*:staff-*` URL must be listed here."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EstablishmentFactory
from tests.inspections import helpers as inspections_sweep
from tests.payments import helpers as payments_sweep
from tests.urlwalk import named_urls

pytestmark = pytest.mark.django_db

R = User.Role
# The dated rule-set families: who reads a family's rule sets (the list, one set and its
# impact). Only policy drafts, publishes, asks to publish today, discards and deletes a line;
# those actions answer a POST only. The disclosure rules (lmi) have no lines.
RULE_SET_READERS: dict[str, set[str]] = {
    "omanization": {R.POLICY, R.APPROVER, R.ANALYST},
    "core": {R.POLICY, R.APPROVER, R.ANALYST},
    "permits": {R.POLICY, R.APPROVER, R.OFFICER},
    "employment": {R.POLICY, R.APPROVER, R.OFFICER, R.INSPECTOR},
    "accommodation": {R.POLICY, R.APPROVER, R.ANALYST},
    "workstatus": {R.POLICY, R.APPROVER, R.ANALYST},
    "lmi": {R.POLICY, R.APPROVER, R.ANALYST},
}
RULE_SETS_WITHOUT_LINES = {"lmi"}
RULE_SET_ACTIONS = {
    "staff-rule-set-publish",
    "staff-rule-set-publish-today-request",
    "staff-rule-set-discard",
    "staff-rule-set-line-delete",
}


def _rule_set_actions(family: str) -> set[str]:
    """The URL names of the family's POST-only rule-set actions."""
    return {
        f"{family}:{action}"
        for action in RULE_SET_ACTIONS
        if not (family in RULE_SETS_WITHOUT_LINES and action == "staff-rule-set-line-delete")
    }


def _rule_set_pages(family: str) -> dict[str, set[str]]:
    readers = RULE_SET_READERS[family]
    pages = {f"{family}:staff-rule-set{page}": set(readers) for page in ("s", "", "-impact")}
    policy_only = {f"{family}:staff-rule-set-create", *_rule_set_actions(family)}
    return pages | {name: {R.POLICY} for name in policy_only}


# URL name -> roles that may open it (after the second factor). Everyone else: 403.
STAFF_PAGES: dict[str, set[str]] = {
    **{
        name: roles
        for family in RULE_SET_READERS
        for name, roles in _rule_set_pages(family).items()
    },
    "employers:staff-directory": {R.OFFICER, R.APPROVER, R.POLICY, R.INSPECTOR},
    "employers:staff-establishment": {R.OFFICER, R.APPROVER, R.POLICY, R.INSPECTOR},
    "employers:staff-statistics": {R.ANALYST, R.POLICY, R.APPROVER},
    "employers:staff-registry-worklist": {R.OFFICER, R.APPROVER, R.POLICY, R.INSPECTOR},
    "employers:staff-representatives": {R.OFFICER, R.APPROVER, R.POLICY, R.INSPECTOR},
    "employers:staff-claim-disputes": {R.OFFICER, R.APPROVER, R.POLICY, R.INSPECTOR},
    "employers:staff-claim-dispute": {R.OFFICER, R.APPROVER, R.POLICY, R.INSPECTOR},
    "employers:staff-claim-dispute-decide": {R.OFFICER, R.APPROVER},
    "employers:staff-workforce-export-csv": {R.OFFICER, R.APPROVER, R.POLICY, R.INSPECTOR},
    "employers:staff-workforce-export-xlsx": {R.OFFICER, R.APPROVER, R.POLICY, R.INSPECTOR},
    "core:staff-audit": {R.OFFICER, R.APPROVER},
    "accounts:staff-corrections": {R.OFFICER, R.APPROVER},
    "accounts:staff-correction": {R.OFFICER, R.APPROVER},
    "omanization:staff-compliance": {R.POLICY, R.APPROVER, R.ANALYST, R.OFFICER},
    "omanization:staff-compliance-recompute": {R.POLICY},
    "omanization:staff-plans": {R.OFFICER, R.APPROVER},
    "omanization:staff-plan": {R.OFFICER, R.APPROVER},
    "notifications:staff-ledger": {R.OFFICER, R.APPROVER, R.POLICY},
    "notifications:staff-templates": {R.POLICY},
    "notifications:staff-template-new": {R.POLICY},
    "notifications:staff-template-edit": {R.POLICY},
    "notifications:staff-template-change-decide": {R.POLICY},
    "notifications:staff-broadcasts": {R.POLICY, R.APPROVER},
    "notifications:staff-broadcast": {R.POLICY, R.APPROVER},
    "notifications:staff-broadcast-new": {R.POLICY},
    "notifications:staff-broadcast-edit": {R.POLICY},
    "notifications:staff-broadcast-submit": {R.POLICY},
    "notifications:staff-broadcast-withdraw": {R.POLICY},
    "notifications:staff-broadcast-decide": {R.POLICY, R.APPROVER},
    "notifications:staff-broadcast-resume": {R.POLICY},
    "permits:staff-queue": {R.OFFICER, R.APPROVER},
    "permits:staff-case": {R.OFFICER, R.APPROVER},
    "permits:staff-assign": {R.OFFICER, R.APPROVER},
    "permits:staff-request-documents": {R.OFFICER, R.APPROVER},
    "permits:staff-recommend": {R.OFFICER, R.APPROVER},
    "permits:staff-decide": {R.APPROVER},
    "permits:staff-suspend": {R.APPROVER},
    "permits:staff-reinstate": {R.APPROVER},
    "permits:staff-document": {R.OFFICER, R.APPROVER},
    "employment:staff-violations": {R.INSPECTOR, R.OFFICER, R.APPROVER},
    "employment:staff-violation": {R.INSPECTOR, R.OFFICER, R.APPROVER},
    "employment:staff-violation-record": {R.INSPECTOR},
    "employment:staff-violation-confirm": {R.INSPECTOR, R.APPROVER},
    "employment:staff-violation-cancel": {R.INSPECTOR, R.APPROVER},
    "employment:staff-violation-fine-paid": {R.APPROVER},
    "employment:staff-wage-protection": {R.INSPECTOR, R.OFFICER, R.APPROVER, R.ANALYST},
    "employment:staff-wage-protection-run-start": {R.OFFICER, R.APPROVER},
    "employment:staff-wage-protection-run": {R.INSPECTOR, R.OFFICER, R.APPROVER, R.ANALYST},
    "employment:staff-salary-disputes": {R.OFFICER, R.APPROVER, R.INSPECTOR},
    "employment:staff-salary-dispute": {R.OFFICER, R.APPROVER, R.INSPECTOR},
    "employment:staff-cases": {R.OFFICER, R.APPROVER},
    "employment:staff-case": {R.OFFICER, R.APPROVER},
    "employment:staff-case-decide": {R.OFFICER, R.APPROVER},
    "employment:staff-investigations": {R.OFFICER, R.APPROVER, R.INSPECTOR},
    "jobseekers:staff-vacancies": {R.OFFICER, R.APPROVER},
    "jobseekers:staff-vacancy-decide": {R.OFFICER, R.APPROVER},
    "jobseekers:staff-response-rates": {R.OFFICER, R.APPROVER, R.POLICY, R.ANALYST},
    "jobseekers:staff-training": {R.ANALYST, R.POLICY, R.APPROVER},
    "taxonomy:staff-skills": {R.POLICY},
    "taxonomy:staff-skill": {R.POLICY},
    "taxonomy:staff-skill-retire": {R.POLICY},
    "taxonomy:staff-synonym-remove": {R.POLICY},
    "jobseekers:staff-skill-disputes": {R.OFFICER, R.APPROVER},
    "jobseekers:staff-recommendations": {R.OFFICER, R.APPROVER},
    "jobseekers:staff-recommendations-start": {R.OFFICER, R.APPROVER},
    "jobseekers:staff-recommendation": {R.OFFICER, R.APPROVER},
    "jobseekers:staff-skill-dispute-decide": {R.OFFICER, R.APPROVER},
    "employment:staff-investigation-close": {R.OFFICER, R.APPROVER, R.INSPECTOR},
    "employment:staff-contracts": {R.OFFICER, R.APPROVER},
    "employment:staff-contract": {R.OFFICER, R.APPROVER},
    "employment:staff-contract-decide": {R.OFFICER, R.APPROVER},
    "integrations:staff-sources": {R.OFFICER, R.APPROVER, R.POLICY, R.ANALYST},
    "integrations:staff-runs": {R.OFFICER, R.APPROVER, R.POLICY, R.ANALYST},
    "integrations:staff-rejected": {R.OFFICER, R.APPROVER, R.POLICY},  # names people: not analysts
    "integrations:staff-pause": {R.POLICY, R.APPROVER},
    "integrations:staff-resume": {R.POLICY, R.APPROVER},
    "integrations:staff-rerun": {R.POLICY, R.APPROVER},
    "integrations:staff-cases": {R.OFFICER, R.APPROVER, R.POLICY},  # names people: not analysts
    "integrations:staff-case": {R.OFFICER, R.APPROVER, R.POLICY},  # names people: not analysts
    "integrations:staff-case-resolve": {R.OFFICER, R.APPROVER, R.POLICY},
    "integrations:staff-reconcile": {R.POLICY, R.APPROVER},
    "sanad:staff-centres": {R.OFFICER, R.APPROVER},
    "sanad:staff-centre": {R.OFFICER, R.APPROVER},
    "sanad:staff-centre-register": {R.APPROVER},
    "sanad:staff-centre-status": {R.APPROVER},
    "sanad:staff-clerk": {R.OFFICER, R.APPROVER},
    "sanad:staff-clerk-status": {R.APPROVER},
    "sanad:staff-session": {R.OFFICER, R.APPROVER},
    "workstatus:staff-counts": {R.OFFICER, R.APPROVER, R.POLICY, R.ANALYST, R.INSPECTOR},
    "accommodation:staff-worklist": {R.OFFICER, R.APPROVER, R.INSPECTOR},  # names people
    "accommodation:staff-operators": {R.OFFICER, R.APPROVER, R.INSPECTOR},
    "accommodation:staff-operator": {R.OFFICER, R.APPROVER, R.INSPECTOR},
    "accommodation:staff-operator-register": {R.OFFICER, R.APPROVER},
    "accommodation:staff-operator-status": {R.OFFICER, R.APPROVER},
    "workstatus:staff-history": {R.OFFICER, R.APPROVER, R.INSPECTOR},  # names people
    "workstatus:staff-recompute": {R.POLICY, R.APPROVER},
    # labour market information: dashboards for decision makers and analysts (lmi)
    **{
        f"lmi:staff-{page}": {R.ANALYST, R.POLICY, R.APPROVER, R.OFFICER}
        for page in ("overview", "permits", "omanisation", "lifecycle", "jobs", "skills", "runs")
    },
    "lmi:staff-run-start": {R.ANALYST, R.POLICY},
    "lmi:staff-scopes": {R.POLICY, R.APPROVER},
    "lmi:staff-scope-end": {R.POLICY, R.APPROVER},
}
STAFF_PAGES.update(payments_sweep.STAFF_PAGES)  # described beside the payments tests
STAFF_PAGES.update(inspections_sweep.STAFF_PAGES)  # and beside the inspections tests
# Staff URLs that only accept POST (a form button): the matrix posts to them and expects the
# redirect back to their page.
POST_ONLY: set[str] = {
    *(name for family in RULE_SET_READERS for name in _rule_set_actions(family)),
    "omanization:staff-compliance-recompute",
    "workstatus:staff-recompute",
    "notifications:staff-template-change-decide",
    "notifications:staff-broadcast-submit",
    "notifications:staff-broadcast-withdraw",
    "notifications:staff-broadcast-decide",
    "notifications:staff-broadcast-resume",
    "accommodation:staff-operator-status",
    "permits:staff-assign",
    "permits:staff-request-documents",
    "permits:staff-recommend",
    "permits:staff-decide",
    "permits:staff-suspend",
    "permits:staff-reinstate",
    "employment:staff-violation-confirm",
    "employment:staff-violation-cancel",
    "employment:staff-violation-fine-paid",
    "employment:staff-wage-protection-run-start",
    "employment:staff-case-decide",
    "employment:staff-contract-decide",
    "employment:staff-investigation-close",
    "jobseekers:staff-vacancy-decide",
    "jobseekers:staff-skill-dispute-decide",
    "jobseekers:staff-recommendations-start",
    "taxonomy:staff-synonym-remove",
    "taxonomy:staff-skill-retire",
    "integrations:staff-pause",
    "integrations:staff-resume",
    "integrations:staff-rerun",
    "integrations:staff-case-resolve",
    "integrations:staff-reconcile",
    "sanad:staff-centre-status",
    "sanad:staff-clerk-status",
    "lmi:staff-run-start",
    "employers:staff-claim-dispute-decide",
    "lmi:staff-scope-end",
}
POST_ONLY |= payments_sweep.STAFF_POST_ONLY
POST_ONLY |= inspections_sweep.STAFF_POST_ONLY
PERMIT_CASE_PAGES = {
    "permits:staff-case",
    "permits:staff-assign",
    "permits:staff-request-documents",
    "permits:staff-recommend",
    "permits:staff-decide",
    "permits:staff-suspend",
    "permits:staff-reinstate",
}


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Permit documents stored by these tests go to a temporary folder."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def _draft_rule_set(family: str = "omanization"):
    """A draft of the family's rule set, starting in 2030, with one line."""
    import datetime
    from decimal import Decimal

    from employment.models import LifecycleRuleSet, ViolationType
    from omanization.models import RuleSet, Target
    from permits.models import FeeBand, PermitRuleSet

    start = datetime.date(2030, 1, 1)
    if family == "lmi":
        from lmi.models import DisclosureRuleSet

        return DisclosureRuleSet.objects.create(name="Draft", effective_from=start)
    if family == "accommodation":
        from accommodation.models import MovementLine, MovementRuleSet

        movement = MovementRuleSet.objects.create(name="Draft", effective_from=start)
        MovementLine.objects.create(rule_set=movement, scope="code", value="red")
        return movement
    if family == "workstatus":
        from workstatus.models import AccessLine, StatusRuleSet

        status_rules = StatusRuleSet.objects.create(name="Draft", effective_from=start)
        AccessLine.objects.create(
            rule_set=status_rules, scope="activity", value="4100", decision="deny"
        )
        return status_rules
    if family == "core":
        from core.models import RetentionPeriod, RetentionRuleSet

        retention = RetentionRuleSet.objects.create(name="Draft", effective_from=start)
        RetentionPeriod.objects.create(rule_set=retention, data_class="sms_codes", days=30)
        return retention
    if family == "permits":
        fees = PermitRuleSet.objects.create(name="Draft", effective_from=start)
        FeeBand.objects.create(
            rule_set=fees, code="all", name_en="All", name_ar="الكل", amount=Decimal("100")
        )
        return fees
    if family == "employment":
        lifecycle = LifecycleRuleSet.objects.create(name="Draft", effective_from=start)
        ViolationType.objects.create(
            rule_set=lifecycle, code="records", name_en="Records", name_ar="السجلات", fine=100
        )
        return lifecycle
    draft = RuleSet.objects.create(name="Draft", effective_from=start)
    Target.objects.create(rule_set=draft, target_percent=Decimal("20"))
    return draft


def _violation():
    import datetime
    from decimal import Decimal

    from employment.models import Violation, ViolationType
    from tests.factories import UserFactory

    return Violation.objects.create(
        establishment=EstablishmentFactory.create(),
        violation_type=ViolationType.objects.get(code="records"),
        inspector=UserFactory.create(role=R.INSPECTOR),
        observed_on=datetime.date(2026, 1, 5),
        evidence="Register not shown.",
        fine=Decimal("200.000"),
    )


def _termination():
    from tests.employment.builders import foreign_worker, representative, terminate

    establishment = EstablishmentFactory.create()
    employee, _permit = foreign_worker(establishment)
    return terminate(employee, representative(establishment))


def _url(name: str) -> str:
    if name.startswith("sanad:"):
        from tests.sanad.helpers import staff_url_kwargs

        return reverse(name, kwargs=staff_url_kwargs(name))
    if name.startswith("payments:"):
        return reverse(name, kwargs=payments_sweep.staff_url_kwargs(name))
    if name.startswith("inspections:"):
        return reverse(name, kwargs=inspections_sweep.staff_url_kwargs(name))
    family, _sep, page = name.partition(":")
    if name == "lmi:staff-scope-end":
        from lmi.models import StaffScope
        from tests.factories import UserFactory

        officer = UserFactory.create(role=R.OFFICER)
        scope = StaffScope.objects.create(user=officer, governorate="dhofar")
        return reverse(name, kwargs={"scope_id": scope.pk})
    if page.startswith("staff-rule-set-line"):
        draft = _draft_rule_set(family)
        line = {
            "omanization": lambda: draft.targets.get(),
            "permits": lambda: draft.fee_bands.get(),
            "employment": lambda: draft.violation_types.get(),
            "core": lambda: draft.periods.get(),
            "workstatus": lambda: draft.lines.get(),
            "accommodation": lambda: draft.lines.get(),
        }[family]()
        return reverse(name, kwargs={"rule_set_id": draft.pk, "line_id": line.pk})
    if page.startswith("staff-rule-set") and page not in {
        "staff-rule-sets",
        "staff-rule-set-create",
    }:
        return reverse(name, kwargs={"rule_set_id": _draft_rule_set(family).pk})
    if name in {
        "employers:staff-establishment",
        "employers:staff-workforce-export-csv",
        "employers:staff-workforce-export-xlsx",
        "employers:staff-representatives",
    }:
        return reverse(name, kwargs={"establishment_id": EstablishmentFactory.create().pk})
    if name in PERMIT_CASE_PAGES:
        from tests.permits.staff_helpers import queued_case

        return reverse(name, kwargs={"permit_id": queued_case().pk})
    if name == "permits:staff-document":
        from tests.permits.staff_helpers import queued_case, stored_document

        document = stored_document(queued_case())
        return reverse(name, kwargs={"permit_id": document.permit_id, "document_id": document.pk})
    if name in {
        "employment:staff-violation",
        "employment:staff-violation-confirm",
        "employment:staff-violation-cancel",
        "employment:staff-violation-fine-paid",
    }:
        return reverse(name, kwargs={"violation_id": _violation().pk})
    if name == "employment:staff-wage-protection-run":
        import datetime

        from employment.models import WageProtectionRun

        wage_run = WageProtectionRun.objects.create(month=datetime.date(2026, 1, 1))
        return reverse(name, kwargs={"run_id": wage_run.pk})
    if name == "omanization:staff-plan":
        from django.utils import timezone

        from omanization.models import OmanizationPlan

        plan = OmanizationPlan.objects.create(
            establishment=EstablishmentFactory.create(),
            year=2026,
            headcount=30,
            score=80,
            submitted_by=User.objects.create(username="plan-filer", role=R.EMPLOYER),
            submitted_at=timezone.now(),
        )
        return reverse(name, kwargs={"plan_id": plan.pk})
    if name == "employment:staff-salary-dispute":
        from employment.models import SalaryLineDispute, WageProtectionLine
        from tests.test_tenancy import wage_result_for

        establishment = EstablishmentFactory.create()
        wage_result_for(establishment, civil_id="73000999")
        salary_dispute = SalaryLineDispute.objects.create(
            line=WageProtectionLine.objects.get(establishment=establishment),
            raised_by=User.objects.create(username="salary-disputer", role=R.JOBSEEKER),
            explanation="Not paid.",
        )
        return reverse(name, kwargs={"dispute_id": salary_dispute.pk})
    if name in {"employment:staff-contract", "employment:staff-contract-decide"}:
        from employment.services.contracts import contract_register
        from tests.employment.builders import contract_data, representative

        establishment = EstablishmentFactory.create()
        contract = contract_register(
            establishment=establishment,
            registered_by=representative(establishment),
            data=contract_data(),
        )
        return reverse(name, kwargs={"contract_id": contract.pk})
    if name in {"employment:staff-case", "employment:staff-case-decide"}:
        return reverse(name, kwargs={"kind": "termination", "case_id": _termination().pk})
    if name == "jobseekers:staff-recommendation":
        from jobseekers.models import RecommendationRun

        run = RecommendationRun.objects.create(
            requested_by=User.objects.create(username="run-requester", role=R.OFFICER),
            status=RecommendationRun.Status.SUCCEEDED,
        )
        return reverse(name, kwargs={"run_id": run.pk})
    if name == "jobseekers:staff-skill-dispute-decide":
        from jobseekers.models import JobseekerProfile, SkillDispute

        person = User.objects.create(username="disputer", role=R.JOBSEEKER, civil_id="75550001")
        profile = JobseekerProfile.objects.create(user=person, willing_to_relocate=False)
        dispute = SkillDispute.objects.create(
            profile=profile, skill_code="electrical_wiring", statement="Five years on sites."
        )
        return reverse(name, kwargs={"dispute_id": dispute.pk})
    if name == "jobseekers:staff-vacancy-decide":
        from jobseekers.models import Vacancy
        from tests.test_tenancy import vacancy_for

        vacancy = vacancy_for(
            EstablishmentFactory.create(),
            posted_by=User.objects.create(username="vacancy-poster", role=R.EMPLOYER),
            title_en="Welder",
            status=Vacancy.Status.PENDING,
            published_at=None,
        )
        return reverse(name, kwargs={"vacancy_id": vacancy.pk})
    if name == "employment:staff-investigation-close":
        from employment.models import InvestigationFlag

        flag = InvestigationFlag.objects.create(
            establishment=EstablishmentFactory.create(),
            reason_code="absconding_monthly",
            period="2026-11",
            count=6,
        )
        return reverse(name, kwargs={"flag_id": flag.pk})
    if name in {"integrations:staff-case", "integrations:staff-case-resolve"}:
        from django.utils import timezone

        from integrations.models import DataQualityCase

        case = DataQualityCase.objects.create(
            kind=DataQualityCase.Kind.CLOSED_WITH_PERMITS,
            subject_key="5000001",
            fingerprint="0" * 32,
            cr_number="5000001",
            last_seen_at=timezone.now(),
        )
        return reverse(name, kwargs={"case_id": case.pk})
    if name == "notifications:staff-template-edit":
        from notifications.models import SmsTemplate

        template = SmsTemplate.objects.get(code="permit_decision")
        return reverse(name, kwargs={"template_id": template.pk})
    if name == "accounts:staff-correction":
        from accounts.models import CorrectionRequest

        item = CorrectionRequest.objects.create(
            person=User.objects.create(username="corrected-person", role=R.JOBSEEKER),
            field="register_name_en",
            requested_value="A Name",
            reason="Misspelt.",
        )
        return reverse(name, kwargs={"correction_id": item.pk})
    if name == "notifications:staff-template-change-decide":
        from notifications.models import SmsTemplate, SmsTemplateChange

        change = SmsTemplateChange.objects.create(
            template=SmsTemplate.objects.get(code="login_code"),
            proposed={},
            proposed_by=User.objects.create(username="template-proposer", role=R.POLICY),
        )
        return reverse(name, kwargs={"change_id": change.pk})
    if name in {"employers:staff-claim-dispute", "employers:staff-claim-dispute-decide"}:
        from tests.factories import ClaimDisputeFactory

        return reverse(name, kwargs={"dispute_id": ClaimDisputeFactory.create().pk})
    if name in {
        "notifications:staff-broadcast",
        "notifications:staff-broadcast-edit",
        "notifications:staff-broadcast-submit",
        "notifications:staff-broadcast-withdraw",
        "notifications:staff-broadcast-decide",
        "notifications:staff-broadcast-resume",
    }:
        from notifications.models import Broadcast

        broadcast = Broadcast.objects.create(
            title="Heat wave",
            kind=Broadcast.Kind.NOTICE,
            body_ar="تنبيه",
            body_en="Notice",
            segment={"governorate": ["muscat"]},
            status=Broadcast.Status.SUBMITTED,
            created_by=User.objects.create(username="broadcast-author", role=R.POLICY),
        )
        return reverse(name, kwargs={"broadcast_id": broadcast.pk})
    if name in {"accommodation:staff-operator", "accommodation:staff-operator-status"}:
        from accommodation.models import Operator

        operator = Operator.objects.create(name_ar="مشغل", representative_civil_id="71234567")
        return reverse(name, kwargs={"operator_id": operator.pk})
    if name in ("taxonomy:staff-skill", "taxonomy:staff-skill-retire"):
        return reverse(name, kwargs={"code": "electrical_wiring"})
    if name == "taxonomy:staff-synonym-remove":
        from taxonomy.models import Synonym

        synonym = Synonym.objects.create(
            kind="skill", code="electrical_wiring", language="en", text="wire pulling",
            key="wire pulling", shipped=False,
        )  # fmt: skip
        return reverse(name, kwargs={"code": "electrical_wiring", "synonym_id": synonym.pk})
    return reverse(name)


def _signed_in_as(client, user: User) -> None:
    """Sign `user` in as far as its role goes: ministry staff with their second factor."""
    if user.is_ministry_staff:
        sign_in_staff(client, user)
    else:
        sign_in(client, user)


def test_every_staff_url_has_an_access_rule():
    staff_urls = {name for name, _p in named_urls() if name.split(":")[-1].startswith("staff-")}
    assert staff_urls == set(STAFF_PAGES), "add the new staff URL to STAFF_PAGES"


MATRIX = [
    pytest.param(name, role, id=f"{name}-{role}")
    for name in sorted(STAFF_PAGES)
    for role in sorted(R)
]


@pytest.mark.parametrize(("url_name", "role"), MATRIX)
def test_staff_page_matrix(client, make_user, url_name, role):
    _signed_in_as(client, make_user(role))

    if url_name in POST_ONLY:
        response = client.post(_url(url_name))
        expected = 302 if role in STAFF_PAGES[url_name] else 403
    else:
        response = client.get(_url(url_name))
        expected = 200 if role in STAFF_PAGES[url_name] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("url_name", sorted(STAFF_PAGES))
def test_staff_without_second_factor_reach_no_staff_page(client, make_user, url_name):
    sign_in(client, make_user(R.APPROVER))

    response = client.get(_url(url_name))

    assert response.status_code == 302
    assert "/accounts/two-factor/" in response["Location"]


@pytest.mark.parametrize("url_name", sorted(STAFF_PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(client, url_name):
    response = client.get(_url(url_name))

    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_staff_admin_needs_the_second_factor_too(client, make_user):
    admin = make_user("", is_superuser=True, is_staff=True)
    sign_in(client, admin)

    assert client.get("/ar/admin/")["Location"].startswith("/ar/accounts/two-factor/setup/")
    sign_in_staff(client, admin)
    assert client.get("/ar/admin/").status_code == 200


def test_directory_search_filters_and_reports_bad_filters(client, make_user):
    EstablishmentFactory(name_en="Sohar Star Trading", cr_number="3100001")
    EstablishmentFactory(name_en="Dhofar Gate Services", cr_number="3100002", governorate="dhofar")
    sign_in_staff(client, make_user(R.OFFICER))

    found = client.get("/en/staff/establishments/", {"q": "3100001"}).content.decode()
    by_governorate = client.get(
        "/en/staff/establishments/", {"governorate": "dhofar"}
    ).content.decode()
    bad = client.get("/en/staff/establishments/", {"governorate": "atlantis"})

    assert "Sohar Star Trading" in found
    assert "Dhofar Gate" not in found
    assert "Dhofar Gate Services" in by_governorate
    assert "Sohar Star" not in by_governorate
    assert bad.status_code == 200
    assert 'id="error-summary"' in bad.content.decode()


def test_statistics_show_aggregates_only(client, make_user):
    EstablishmentFactory(name_en="CANARY-NAME")
    sign_in_staff(client, make_user(R.ANALYST))

    body = client.get("/en/staff/statistics/").content.decode()

    assert "Muscat" in body
    assert "CANARY-NAME" not in body


def test_directory_list_does_not_grow_queries_with_rows(
    client, make_user, django_assert_max_num_queries
):
    for _ in range(30):
        EstablishmentFactory()
    sign_in_staff(client, make_user(R.OFFICER))

    with django_assert_max_num_queries(12):
        assert client.get("/en/staff/establishments/").status_code == 200


def test_analysts_see_sync_counts_but_no_record_that_names_a_person(client, make_user):
    # issue 17, finding 7: analysts are documented as seeing aggregates only
    sign_in_staff(client, make_user(R.ANALYST))

    runs = client.get(reverse("integrations:staff-runs"))
    assert runs.status_code == 200
    assert reverse("integrations:staff-cases") not in runs.content.decode()
    assert client.get(reverse("integrations:staff-rejected")).status_code == 403
    assert client.get(reverse("integrations:staff-cases")).status_code == 403


# The scanner is not a staff page: inspectors (after the second factor), worksite supervisors
# and accommodation guards reach it; every other role gets 403.
SCANNER_ROLES = {R.INSPECTOR, R.WORKSITE_SUPERVISOR, R.ACCOMMODATION_GUARD}


@pytest.mark.parametrize("role", sorted(R))
def test_scanner_page_matrix(client, make_user, role):
    _signed_in_as(client, make_user(role))

    response = client.get(reverse("workstatus:scanner"))

    assert response.status_code == (200 if role in SCANNER_ROLES else 403)
