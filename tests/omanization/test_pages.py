"""The Omanization pages as their users see them: the employer, policy staff and the public."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.models import AuditEvent
from omanization.models import ComplianceCertificate, RuleSet, Target
from tests.conftest import sign_in
from tests.factories import ForeignEmployeeFactory, MembershipFactory, OmaniEmployeeFactory
from tests.omanization.builders import (
    activity,
    establishment,
    publish_rule_set,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def insurance():
    return activity("6512", "Insurance")


@pytest.fixture
def rules(insurance):
    return publish_rule_set(
        effective_from=datetime.date(2024, 1, 1),
        averaging_weeks=1,
        targets=[(None, "", None, "20"), (insurance, "", 1, "50")],
    )


@pytest.fixture
def insurer(insurance, rules):
    """Compliant overall (10 of 13) but short at top management (1 of 3)."""
    est = establishment(activity=insurance)
    OmaniEmployeeFactory.create_batch(
        1, establishment=est, monthly_salary=Decimal("500"), job_level=1
    )
    ForeignEmployeeFactory.create_batch(2, establishment=est, job_level=1)
    OmaniEmployeeFactory.create_batch(
        9, establishment=est, monthly_salary=Decimal("500"), job_level=4
    )
    ForeignEmployeeFactory.create_batch(1, establishment=est, job_level=4)
    return est


@pytest.fixture
def employer_client(client, insurer):
    sign_in(client, MembershipFactory.create(establishment=insurer).user)
    return client


def _url(name: str, est, *args) -> str:
    return reverse(f"omanization:{name}", args=[est.pk, *args])


class TestEmployerCompliancePage:
    def test_shows_the_status_the_level_short_and_what_it_needs(self, employer_client, insurer):
        response = employer_client.get("/en" + _url("employer-compliance", insurer)[3:])
        page = response.content.decode()
        assert response.status_code == 200
        assert "Not compliant" in page
        assert "Hire 1 Omani at level 1." in page
        assert "× 2.00 of the standard fee" in page

    def test_the_arabic_page_is_right_to_left(self, employer_client, insurer):
        with translation.override("ar"):
            response = employer_client.get(_url("employer-compliance", insurer))
        assert response.status_code == 200
        assert 'dir="rtl"' in response.content.decode()

    def test_no_rules_in_force_is_said_plainly(self, client):
        est = establishment(activity=activity("4711"))
        sign_in(client, MembershipFactory.create(establishment=est).user)
        page = client.get("/en" + _url("employer-compliance", est)[3:]).content.decode()
        assert "No Omanization rules are in force today" in page


class TestWhatIf:
    def _post(self, client, est, lines, ending=(), **headers):
        data = {
            "hire-TOTAL_FORMS": str(len(lines)),
            "hire-INITIAL_FORMS": "0",
            "hire-MIN_NUM_FORMS": "0",
            "hire-MAX_NUM_FORMS": "10",
        }
        for n, line in enumerate(lines):
            for key, value in line.items():
                data[f"hire-{n}-{key}"] = value
        if ending:
            data["ending"] = [str(e.pk) for e in ending]
        return client.post("/en" + _url("employer-what-if", est)[3:], data, **headers)

    def test_hiring_one_omani_manager_makes_it_compliant_without_saving_anything(
        self, employer_client, insurer
    ):
        headcount = insurer.employees.count()
        response = self._post(
            employer_client,
            insurer,
            [
                {
                    "kind": "omani",
                    "count": "1",
                    "job_level": "1",
                    "monthly_salary": "900",
                    "is_full_time": "on",
                }
            ],
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "The status it would give" in page
        assert page.count("badge text-bg-success") >= 1
        assert insurer.employees.count() == headcount

    def test_an_htmx_request_gets_only_the_result(self, employer_client, insurer):
        response = self._post(
            employer_client,
            insurer,
            [
                {
                    "kind": "permit",
                    "count": "5",
                    "job_level": "4",
                    "monthly_salary": "200",
                    "is_full_time": "on",
                }
            ],
            HTTP_HX_REQUEST="true",
        )
        page = response.content.decode()
        assert "<html" not in page
        assert "The status it would give" in page

    def test_a_contract_ending_counts(self, employer_client, insurer):
        manager = insurer.employees.filter(job_level=1, nationality="OMN").get()
        response = self._post(employer_client, insurer, [], ending=[manager])
        assert "Hire 2 Omanis at level 1." in response.content.decode()

    def test_bad_lines_are_refused_with_a_message(self, employer_client, insurer):
        response = self._post(
            employer_client,
            insurer,
            [{"kind": "omani", "count": "0", "job_level": "9", "monthly_salary": "-1"}],
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Correct the lines marked above" in page

    def test_another_establishments_employee_cannot_be_chosen(self, employer_client, insurer):
        other = establishment(activity=activity("4711"))
        stranger = ForeignEmployeeFactory.create_batch(1, establishment=other)[0]
        response = self._post(employer_client, insurer, [], ending=[stranger])
        assert "Select a valid choice" in response.content.decode()


class TestProjection:
    def test_contracts_ending_and_a_rule_set_published_for_later_change_the_outlook(
        self, employer_client, insurer, insurance
    ):
        # given: 5 Omani operators leave on 2026-06-30 (5 Omanis of 8 left: 62.5%), and a 70%
        # target starts on 2026-09-01
        for employee in insurer.employees.filter(job_level=4, nationality="OMN")[:5]:
            employee.contract_end = datetime.date(2026, 6, 30)
            employee.save()
        publish_rule_set(
            effective_from=datetime.date(2026, 9, 1),
            averaging_weeks=1,
            targets=[(None, "", None, "70")],
        )
        # when
        response = employer_client.get(
            "/en" + _url("employer-projection", insurer)[3:], {"on": "2026-10-01"}
        )
        # then
        page = response.content.decode()
        assert response.status_code == 200
        assert "5 contracts end before that date" in page
        assert "Rules in force on that date: v2" in page
        assert "Not compliant" in page

    @pytest.mark.parametrize("on", ["2026-03-01", "2040-01-01", "not a date"])
    def test_a_date_not_in_the_future_or_too_far_is_refused(self, employer_client, insurer, on):
        response = employer_client.get("/en" + _url("employer-projection", insurer)[3:], {"on": on})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()


class TestCertificates:
    def test_a_non_compliant_establishment_gets_no_certificate(self, employer_client, insurer):
        response = employer_client.post(_url("employer-certificate-issue", insurer), follow=True)
        assert "only to a compliant establishment" in response.content.decode() or (
            "لمنشأة ملتزمة" in response.content.decode()
        )
        assert not ComplianceCertificate.objects.exists()

    def test_a_compliant_establishment_downloads_a_pdf_that_the_public_can_verify(
        self, client, insurer
    ):
        # given: a third Omani manager makes it compliant
        OmaniEmployeeFactory.create_batch(
            1, establishment=insurer, monthly_salary=Decimal("500"), job_level=1
        )
        user = MembershipFactory.create(establishment=insurer).user
        sign_in(client, user)
        # when
        client.post(_url("employer-certificate-issue", insurer))
        certificate = ComplianceCertificate.objects.get()
        pdf = client.get(_url("employer-certificate-pdf", insurer, certificate.pk))
        # then
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        assert AuditEvent.objects.filter(action="omanization.certificate_issued").count() == 1
        client.logout()
        check = client.get(
            "/en" + reverse("omanization:verify-certificate", args=[certificate.token])[3:]
        )
        page = check.content.decode()
        assert "This certificate is genuine and valid." in page
        assert insurer.cr_number in page
        assert "civil" not in page.lower()

    def test_an_unknown_certificate_code_is_not_found(self, client):
        response = client.get(reverse("omanization:verify-certificate", args=["x" * 43]))
        assert response.status_code == 404

    def test_tokens_are_unguessable(self, client, insurer):
        OmaniEmployeeFactory.create_batch(
            1, establishment=insurer, monthly_salary=Decimal("500"), job_level=1
        )
        sign_in(client, MembershipFactory.create(establishment=insurer).user)
        client.post(_url("employer-certificate-issue", insurer))
        client.post(_url("employer-certificate-issue", insurer))
        tokens = list(ComplianceCertificate.objects.values_list("token", flat=True))
        assert len(set(tokens)) == 2
        assert all(len(t) >= 43 for t in tokens)


class TestPolicyStaff:
    def test_draft_target_impact_and_publish(self, staff_client, insurer, insurance, rules):
        client = staff_client(User.Role.POLICY)
        # a draft copies the latest rule set
        response = client.post(
            reverse("omanization:staff-rule-set-create"),
            {
                **{
                    field: getattr(rules, field)
                    for field in (
                        "salary_floor_full",
                        "salary_floor_half",
                        "weight_full",
                        "weight_half",
                        "weight_below",
                        "part_time_weight",
                        "disability_weight",
                        "disability_cap_percent",
                        "minimum_omanis",
                        "minimum_after_days",
                        "averaging_weeks",
                        "plan_required_headcount",
                        "fee_multiplier_compliant",
                        "fee_multiplier_non_compliant",
                    )
                },
                "name": "Insurance 2026",
                "decree": "MD 1/2026",
                "effective_from": "2026-04-01",
                "permit_gate": "on",
            },
        )
        draft = RuleSet.objects.get(name="Insurance 2026")
        assert response.status_code == 302
        assert draft.targets.count() == 2
        # a target above 100% is refused and not saved
        url = reverse("omanization:staff-rule-set", args=[draft.pk])
        refused = client.post(
            url, {"save_target": "1", "activity": insurance.pk, "target_percent": "150"}
        )
        assert refused.status_code == 200
        assert draft.targets.count() == 2
        # a valid one is saved
        client.post(url, {"save_target": "1", "activity": insurance.pk, "target_percent": "85"})
        assert draft.targets.filter(activity=insurance, job_level=None).get().target_percent == (
            Decimal("85")
        )
        # the impact says the insurer stays non compliant; nothing becomes compliant
        impact = client.get(reverse("omanization:staff-rule-set-impact", args=[draft.pk]))
        assert impact.status_code == 200
        assert impact.context["impact"].establishments == 1
        # publish
        client.post(reverse("omanization:staff-rule-set-publish", args=[draft.pk]))
        draft.refresh_from_db()
        rules.refresh_from_db()
        assert (draft.status, draft.version) == (RuleSet.Status.PUBLISHED, 2)
        assert rules.effective_to == datetime.date(2026, 3, 31)

    def test_an_analyst_sees_rule_sets_but_cannot_change_them(self, staff_client, rules):
        client = staff_client(User.Role.ANALYST)
        assert client.get(reverse("omanization:staff-rule-sets")).status_code == 200
        assert client.get(reverse("omanization:staff-rule-set-create")).status_code == 403
        response = client.post(reverse("omanization:staff-rule-set-publish", args=[rules.pk]))
        assert response.status_code == 403
        assert Target.objects.count() == 2

    def test_staff_recompute_now(self, staff_client, insurer):
        client = staff_client(User.Role.POLICY)
        response = client.post(reverse("omanization:staff-compliance-recompute"), follow=True)
        assert response.status_code == 200
        assert response.context["latest"].total == 1
