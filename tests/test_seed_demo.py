"""seed_demo builds realistic data at a chosen scale, and a second run adds nothing."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from employers.models import Employee, Establishment, Membership
from permits.models import Permit

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Establishment.objects.count(),
        Employee.objects.count(),
        Membership.objects.count(),
        Permit.objects.count(),
    )


def test_seed_demo_is_idempotent_and_covers_every_role():
    out = io.StringIO()
    call_command("seed_demo", scale=5, stdout=out)
    first = _counts()
    call_command("seed_demo", scale=5, stdout=io.StringIO())

    assert _counts() == first
    assert Establishment.objects.count() == 5
    # the demo jobseeker has resigned from the demo employer's first establishment, once
    from employment.models import Resignation

    assert Resignation.objects.filter(submitted_by__username="jobseeker").count() == 1
    assert set(User.objects.exclude(role="").values_list("role", flat=True)) == set(User.Role)
    assert "Oman-Labour-Demo-2026" in out.getvalue()
    for username in (
        "jobseeker",
        "employer",
        "officer",
        "approver",
        "policy",
        "analyst",
        "inspector",
        "sanad",
        "tenderboard",
        "passport",
    ):
        assert re.search(rf"^\s+{username}\s", out.getvalue(), re.MULTILINE)


def test_seed_demo_data_is_bilingual_and_omani():
    call_command("seed_demo", scale=5, stdout=io.StringIO())

    for establishment in Establishment.objects.all():
        assert re.fullmatch(r"\d{7}", establishment.cr_number)
        assert ARABIC.search(establishment.name_ar)
        assert not ARABIC.search(establishment.name_en)
    employees = list(Employee.objects.all())
    assert any(e.nationality == "OMN" and e.civil_id for e in employees)
    assert any(e.nationality != "OMN" and e.passport_number for e in employees)
    assert all(ARABIC.search(e.name_ar) for e in employees)


def test_growing_the_scale_adds_only_the_new_establishments():
    call_command("seed_demo", scale=4, stdout=io.StringIO())
    before = set(Establishment.objects.values_list("cr_number", "name_en"))

    call_command("seed_demo", scale=6, stdout=io.StringIO())

    after = set(Establishment.objects.values_list("cr_number", "name_en"))
    assert before < after
    assert len(after) == 6


def test_demo_employer_represents_two_establishments():
    call_command("seed_demo", scale=3, stdout=io.StringIO())

    assert Membership.objects.filter(user__username="employer").count() == 2
    assert Membership.objects.filter(user__username="employer2").count() == 1


def test_seed_demo_publishes_rules_and_a_working_tender_board_key(client):
    from omanization.models import EstablishmentCompliance, RuleSet

    out = io.StringIO()
    call_command("seed_demo", scale=5, stdout=out)
    call_command("seed_demo", scale=5, stdout=io.StringIO())

    assert RuleSet.objects.filter(status="published").count() == 2
    assert (
        EstablishmentCompliance.objects.count()
        == Establishment.objects.exclude(status="closed").count()
    )
    key = re.search(r"Api-Key (\S+)\"", out.getvalue()).group(1)
    response = client.get("/api/v1/g2g/omanization/1000000/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 200
    assert response.json()["status"] in {"compliant", "non_compliant"}


def test_demo_permits_cover_issued_queued_and_renewal_cases(client):
    out = io.StringIO()
    call_command("seed_demo", scale=3, stdout=out)

    statuses = set(Permit.objects.values_list("status", flat=True))
    assert {Permit.Status.ACTIVE, Permit.Status.SUBMITTED} <= statuses
    assert Permit.objects.filter(
        valid_until__lte=timezone.localdate() + datetime.timedelta(weeks=12)
    ).exists()
    # the printed curl line works as printed
    line = next(x for x in out.getvalue().splitlines() if "api/v1/g2g/permits/WP" in x)
    key = re.search(r"Api-Key (\S+)\"", line).group(1)
    path = re.search(r"(/api/v1/g2g/permits/WP\d+/)", line).group(1)
    response = client.get(path, HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 200
    assert response.json()["number"] == path.split("/")[-2]


def test_demo_workers_have_green_and_red_status_codes(client):
    from workstatus.models import StatusChange, WorkerStatus

    call_command("seed_demo", scale=3, stdout=io.StringIO())
    history = StatusChange.objects.count()
    call_command("seed_demo", scale=3, stdout=io.StringIO())

    # the real full recompute ran; a second seed changes no code, so writes no history
    assert StatusChange.objects.count() == history
    codes = set(WorkerStatus.objects.values_list("overall", flat=True))
    assert codes == {"green", "red"}
    reasons = {r for rs in WorkerStatus.objects.values_list("reasons", flat=True) for r in rs}
    assert {"health.fitness_expired", "residency.no_address"} <= reasons
    # a demo worker with a green code signs in (by the resident number on the permit) and sees
    # the code and a QR
    green = WorkerStatus.objects.filter(overall="green").order_by("employee_id").first()
    resident = green.employee.permits.values_list("worker_civil_id", flat=True).first()
    worker = User.objects.create_user(
        username="demo-worker",
        role=User.Role.JOBSEEKER,
        civil_id=resident,
        identity_proven_at=timezone.now(),
        identity_proof_method="idp",
    )
    client.force_login(worker)
    response = client.get("/ar/my/status-code/")
    assert response.status_code == 200
    assert b"data:image/svg+xml" in response.content
    assert green.employee.establishment.name_ar in response.content.decode()


def test_the_demo_resident_checks_in_to_the_demo_site(client):
    from accommodation.demo import DEMO_LICENCE
    from accommodation.models import CheckIn, Resident, Room
    from accommodation.tokens import room_token

    call_command("seed_demo", scale=3, stdout=io.StringIO())
    call_command("seed_demo", scale=3, stdout=io.StringIO())

    # the site has its rooms once, and the resident is declared and confirmed in room 101
    rooms = Room.objects.filter(block__site__licence_number=DEMO_LICENCE)
    assert rooms.count() == 10
    room = rooms.get(number="101")
    record = Resident.objects.get(room=room)
    assert record.employee.accommodation_declaration.room == room
    # the resident signs in by his resident number and checks in by the room's code
    worker = User.objects.create_user(
        username="demo-resident",
        role=User.Role.JOBSEEKER,
        civil_id=record.employee.permits.values_list("worker_civil_id", flat=True).first(),
        identity_proven_at=timezone.now(),
        identity_proof_method="idp",
    )
    client.force_login(worker)
    token = room_token(room_id=room.pk, site_id=room.block.site_id)
    response = client.post(
        f"/ar/accommodation/check-in/{token}/",
        {"client_id": "6f1c1b1e-1d2a-4c3b-9a8e-0d1f2e3a4b5c"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"recorded": True, "new": True}
    assert CheckIn.objects.get().employee == record.employee


def test_demo_red_code_sms_go_only_to_the_workers_red_on_purpose(request):
    from employment.models import WorkerNotice
    from workstatus.models import StatusChange
    from workstatus.services import notify_red_changes

    # given the demo world (seeded first: the fixtures below override the settings it checks)
    call_command("seed_demo", scale=3, stdout=io.StringIO())
    request.getfixturevalue("civil_registry")
    request.getfixturevalue("fake_sms")

    # when the workers whose code turned red are told
    notify_red_changes()

    # then every worker on a register through a permit holds one valid today
    today = timezone.localdate()
    on_register = Permit.objects.filter(employee__isnull=False)
    assert on_register.exists()
    for permit in on_register:
        assert permit.valid_from <= today <= permit.valid_until, permit.number
    # and only the workers red on purpose (fitness, address) were texted, none for a missing
    # permit; the workers known only by passport were not texted at all
    texted = WorkerNotice.objects.filter(
        template_code="worker_status_red", status=WorkerNotice.Status.SENT
    )
    reasons = {
        r
        for change in StatusChange.objects.filter(employee_id__in=texted.values("employee_id"))
        for r in change.reasons
    }
    assert texted.count() == 2
    assert reasons == {"health.fitness_expired", "residency.no_address"}
