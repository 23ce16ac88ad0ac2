"""What each audience sees: the worker (their code, reasons and a short-lived QR), the
employer (its own workers only, with downloads), the scanner (green or red, name and employer,
nothing else; every scan logged; an expired QR refused), inspectors' findings, staff counts and
history, and the G2G answer."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.api_keys import api_client_create
from core.models import AuditEvent
from permits.models import Permit
from tests.conftest import sign_in, sign_in_staff
from tests.factories import MembershipFactory, UserFactory
from tests.permits.factories import PermitFactory
from tests.workstatus.conftest import green_worker
from workstatus import tokens
from workstatus.models import Finding, ScanLog
from workstatus.services import recompute_all

pytestmark = pytest.mark.django_db

SCANNER = "workstatus:scanner"


@pytest.fixture
def red_and_green():
    green = green_worker(civil_id="72000001")
    red = green_worker(civil_id="72000002")
    Permit.objects.filter(employee=red).update(status=Permit.Status.CANCELLED)
    recompute_all()
    return red, green


def _person(civil_id: str, **fields):
    return UserFactory.create(civil_id=civil_id, identity_proven_at=timezone.now(), **fields)


# --- the worker -------------------------------------------------------------------------------


def test_the_worker_sees_the_code_the_reasons_what_to_do_and_a_qr(client, red_and_green):
    red, _green = red_and_green
    sign_in(client, _person("72000002"))

    response = client.get(reverse("workstatus:my-status"))

    text = response.content.decode()
    assert response.status_code == 200
    # Arabic first: the reason and what to do, in Arabic
    assert "لا يوجد ترخيص عمل ساري المفعول لدى صاحب العمل هذا" in text
    assert "اطلب من صاحب العمل تقديم طلب ترخيص العمل أو تجديده." in text
    assert "data:image/svg+xml" in text
    assert red.establishment.name_ar in text
    assert "no-store" in response["Cache-Control"]


def test_an_account_whose_number_is_not_proven_sees_nothing(client, red_and_green):
    sign_in(client, UserFactory.create(civil_id="72000002"))

    response = client.get(reverse("workstatus:my-status"))

    assert "لا يوجد ترخيص عمل" not in response.content.decode()


# --- the scanner ------------------------------------------------------------------------------


def _scanner(client, role: str):
    user = UserFactory.create(role=role)
    if role == "inspector":
        sign_in_staff(client, user)
    else:
        sign_in(client, user, method="password")
    return user


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("inspector", True),
        ("worksite_supervisor", True),
        ("accommodation_guard", True),
        ("employer", False),
        ("jobseeker", False),
        ("analyst", False),
    ],
)
def test_only_scanner_roles_reach_the_scanner(client, role, allowed, red_and_green):
    if role == "analyst":
        sign_in_staff(client, UserFactory.create(role=role))
    else:
        _scanner(client, role)

    response = client.get(reverse(SCANNER))

    assert response.status_code == (200 if allowed else 403)


def test_anonymous_visitors_sign_in_first(client):
    response = client.get(reverse(SCANNER))
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_a_valid_qr_shows_only_the_code_the_name_and_the_employer(client, red_and_green):
    red, _green = red_and_green
    guard = _scanner(client, "accommodation_guard")
    permit = Permit.objects.get(employee=red)

    response = client.get(reverse(SCANNER), {"t": tokens.token_for(red.pk)})

    text = response.content.decode()
    assert "text-bg-danger" in text
    assert red.name_ar in text
    assert red.name_en in text
    assert red.establishment.name_ar in text
    # the leak check: nothing else of the worker
    for secret in (
        red.passport_number,
        permit.number,
        "No valid work permit",
        "لا يوجد ترخيص عمل",
        "work.no_valid_permit",
        red.civil_id,
        str(red.monthly_salary),
    ):
        assert secret not in text
    log = ScanLog.objects.get()
    assert (log.scanned_by, log.method, log.result, log.employee_id) == (guard, "qr", "red", red.pk)


def test_a_screenshot_of_an_expired_qr_is_refused_and_logged(client, red_and_green):
    _red, green = red_and_green
    token = tokens.token_for(green.pk)
    _scanner(client, "worksite_supervisor")

    with time_machine.travel(
        timezone.now() + timezone.timedelta(seconds=tokens.MAX_AGE_SECONDS + 5)
    ):
        response = client.get(reverse(SCANNER), {"t": token})

    text = response.content.decode()
    assert "انتهت صلاحية هذا الرمز" in text
    assert green.name_en not in text
    assert "text-bg-success" not in text
    assert ScanLog.objects.get().result == "expired"


def test_an_altered_qr_is_refused(client, red_and_green):
    _red, green = red_and_green
    token = tokens.token_for(green.pk)
    _scanner(client, "worksite_supervisor")
    forged = token.replace(f"{green.pk}:", f"{green.pk + 1}:", 1)

    response = client.get(reverse(SCANNER), {"t": forged})

    assert "هذا ليس رمزاً صادراً عن البوابة" in response.content.decode()
    assert ScanLog.objects.get().result == "invalid"


def test_a_permit_number_typed_by_hand_is_checked_and_logged_with_the_place(client, red_and_green):
    _red, green = red_and_green
    supervisor = _scanner(client, "worksite_supervisor")
    number = Permit.objects.get(employee=green).number

    response = client.post(
        reverse(SCANNER), {"permit_number": number.lower(), "place": "Duqm site 4"}
    )

    assert "text-bg-success" in response.content.decode()
    log = ScanLog.objects.get()
    assert (log.scanned_by, log.place, log.method, log.result) == (
        supervisor,
        "Duqm site 4",
        "number",
        "green",
    )


def test_an_inspector_reports_a_red_worker_as_a_finding(client, red_and_green):
    red, green = red_and_green
    inspector = _scanner(client, "inspector")
    client.get(reverse(SCANNER), {"t": tokens.token_for(red.pk)})
    scan = ScanLog.objects.get()

    response = client.post(
        reverse("workstatus:scanner-finding"),
        {"scan_id": scan.pk, "place": "Sohar port", "note": "working on site"},
    )

    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.employee, finding.reported_by, finding.reasons) == (
        red,
        inspector,
        ["work.no_valid_permit"],
    )
    assert AuditEvent.objects.filter(action="workstatus.finding_reported").exists()
    # a green worker is not a finding
    client.get(reverse(SCANNER), {"t": tokens.token_for(green.pk)})
    green_scan = ScanLog.objects.latest("scanned_at")
    client.post(reverse("workstatus:scanner-finding"), {"scan_id": green_scan.pk, "place": "x"})
    assert Finding.objects.count() == 1


def test_a_guard_cannot_report_findings(client, red_and_green):
    red, _green = red_and_green
    _scanner(client, "accommodation_guard")
    client.get(reverse(SCANNER), {"t": tokens.token_for(red.pk)})

    response = client.post(
        reverse("workstatus:scanner-finding"),
        {"scan_id": ScanLog.objects.get().pk, "place": "Gate 2"},
    )

    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_another_scanners_scan_cannot_be_reported(client, red_and_green):
    red, _green = red_and_green
    _scanner(client, "inspector")
    client.get(reverse(SCANNER), {"t": tokens.token_for(red.pk)})
    scan = ScanLog.objects.get()
    client.logout()
    _scanner(client, "inspector")

    response = client.post(
        reverse("workstatus:scanner-finding"), {"scan_id": scan.pk, "place": "Sohar"}
    )

    assert response.status_code == 404


# --- the employer -----------------------------------------------------------------------------


def test_the_employer_sees_and_downloads_only_its_own_workers(client, red_and_green):
    red, green = red_and_green  # two establishments
    user = MembershipFactory.create(establishment=red.establishment).user
    sign_in(client, user)
    own = red.establishment.pk

    page = client.get(reverse("workstatus:employer-worker-codes", args=[own])).content.decode()
    download = client.get(reverse("workstatus:employer-worker-codes-csv", args=[own]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    xlsx = client.get(reverse("workstatus:employer-worker-codes-xlsx", args=[own]))

    assert red.name_en in page
    assert green.name_en not in page
    assert rows[1][:5] == [red.passport_number, "IND", red.name_ar, red.name_en, "red"]
    assert "work.no_valid_permit" in rows[1][8]
    assert len(rows) == 2
    assert xlsx.status_code == 200
    for name in (
        "workstatus:employer-worker-codes",
        "workstatus:employer-worker-codes-csv",
        "workstatus:employer-worker-codes-xlsx",
    ):
        assert client.get(reverse(name, args=[green.establishment.pk])).status_code == 404


def test_the_employer_declares_the_address_and_the_code_follows(
    client, django_capture_on_commit_callbacks
):
    from workstatus.models import Declaration, WorkerStatus

    worker = green_worker()
    Declaration.objects.filter(employee=worker).delete()
    recompute_all()
    assert WorkerStatus.objects.get(employee_id=worker.pk).reasons == ["residency.no_address"]
    user = MembershipFactory.create(establishment=worker.establishment).user
    sign_in(client, user)
    url = reverse(
        "workstatus:employer-worker-declaration", args=[worker.establishment.pk, worker.pk]
    )

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"address": "", "worksite": ""})
        response = client.post(url, {"address": "Camp 7, Sohar", "worksite": "site-9"})

    assert refused.status_code == 200
    assert response.status_code == 302
    declaration = Declaration.objects.get(employee=worker)
    assert (declaration.address, declaration.worksite) == ("Camp 7, Sohar", "SITE-9")
    assert WorkerStatus.objects.get(employee_id=worker.pk).overall == "green"


# --- staff --------------------------------------------------------------------------------------


def test_staff_counts_and_history(client, red_and_green):
    red, _green = red_and_green
    sign_in_staff(client, UserFactory.create(role="officer"))

    counts = client.get(reverse("workstatus:staff-counts"), {"by": "reason"}).content.decode()
    history = client.get(
        reverse("workstatus:staff-history"), {"q": Permit.objects.get(employee=red).number}
    ).content.decode()

    assert "لا يوجد ترخيص عمل ساري المفعول لدى صاحب العمل هذا" in counts
    assert red.name_en in history
    assert "→ red" in history


def test_analysts_see_counts_but_no_worker(client, red_and_green):
    sign_in_staff(client, UserFactory.create(role="analyst"))

    assert client.get(reverse("workstatus:staff-counts"), {"by": "sector"}).status_code == 200
    assert client.get(reverse("workstatus:staff-history"), {"q": "Worker"}).status_code == 403


# --- G2G ----------------------------------------------------------------------------------------


def _g2g(client, number: str, key: str):
    return client.get(f"/api/v1/g2g/workers/{number}/status/", HTTP_AUTHORIZATION=f"Api-Key {key}")


def test_g2g_answers_the_code_by_permit_number_with_the_scope(client, red_and_green):
    red, _green = red_and_green
    number = Permit.objects.get(employee=red).number
    allowed = api_client_create(name="Royal Oman Police", scopes=["worker-status:read"])
    other = api_client_create(name="Tender Board", scopes=["omanization:read"])

    response = _g2g(client, number, allowed.key)

    assert response.status_code == 200
    body = response.json()
    assert body["overall"] == "red"
    assert body["work"] == "red"
    assert body["reasons"] == ["work.no_valid_permit"]
    assert body["establishment_cr_number"] == red.establishment.cr_number
    assert "passport_number" not in body
    assert _g2g(client, number, other.key).status_code == 403
    assert _g2g(client, "WP000", allowed.key).status_code == 404
    unlinked = PermitFactory.create()
    assert _g2g(client, unlinked.number, allowed.key).status_code == 404


def test_a_scan_is_one_statement_behind_the_sign_in(
    client, red_and_green, django_assert_num_queries
):
    # given a signed-in supervisor whose session and account are read once per request
    red, _green = red_and_green
    _scanner(client, "worksite_supervisor")
    client.get(reverse(SCANNER))

    # when a QR is scanned, then: the session, the account, and one statement that reads the
    # worker's code with the name and employer and writes the scan log's row
    with django_assert_num_queries(3):
        response = client.get(reverse(SCANNER), {"t": tokens.token_for(red.pk)})

    assert "text-bg-danger" in response.content.decode()
    assert 'class="navbar' not in response.content.decode()  # the answer without the chrome
