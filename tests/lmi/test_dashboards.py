"""The dashboards render in Arabic and English with a table beside every chart and downloads;
a governorate-scoped officer sees only their governorate; staff rebuild the rollups on demand."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from lmi import rollups
from lmi.models import Fact, RollupRun, StaffScope
from tests.conftest import sign_in_staff
from tests.lmi.world import build_world

pytestmark = pytest.mark.django_db

PAGES = ["", "permits/", "omanisation/", "lifecycle/", "jobs/", "skills/"]


@pytest.fixture
def world(db):
    found = build_world()
    rollups.rollup_build(today=timezone.localdate())
    return found


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_each_dashboard_renders_its_charts_with_their_tables(
    client, make_user, world, page, language
):
    sign_in_staff(client, make_user(User.Role.ANALYST))

    response = client.get(f"/{language}/staff/labour-market/{page}")

    body = response.content.decode()
    assert response.status_code == 200
    charts = body.count('<svg xmlns="http://www.w3.org/2000/svg" class="lmi-chart"')
    assert charts >= 2
    assert body.count('id="table-') == charts  # every chart has its table
    assert body.count('role="img"') == charts
    assert "?chart=" in body
    assert "format=xlsx" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)  # no inline script: CSP-safe
    if language == "en":
        assert "AH)" in body  # the Hijri month beside the Gregorian one
    else:
        assert "هـ)" in body


def test_a_chart_downloads_as_csv_and_excel(client, make_user, world):
    sign_in_staff(client, make_user(User.Role.ANALYST))

    as_csv = client.get(
        "/en/staff/labour-market/", {"chart": "employees-by-governorate", "format": "csv"}
    )
    as_xlsx = client.get(
        "/en/staff/labour-market/", {"chart": "employees-by-governorate", "format": "xlsx"}
    )

    text = as_csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Governorate,Employees by governorate"
    assert "Muscat" in text
    assert "attachment" in as_csv["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Governorate", "Employees by governorate")
    total = sum(row[1] for row in rows[1:])
    assert total == sum(f.value for f in Fact.objects.filter(measure="employees"))
    assert (
        client.get("/en/staff/labour-market/", {"chart": "nope", "format": "csv"}).status_code
        == 404
    )


def test_filters_narrow_the_figures(client, make_user, world):
    sign_in_staff(client, make_user(User.Role.ANALYST))

    body = client.get("/en/staff/labour-market/", {"governorate": "dhofar"}).content.decode()
    table = body.split('id="table-employees-by-governorate"', 1)[1].split("</table>", 1)[0]

    assert "Dhofar" in table
    assert "Muscat" not in table


def test_a_bad_month_is_reported_and_the_default_period_shown(client, make_user, world):
    sign_in_staff(client, make_user(User.Role.ANALYST))

    response = client.get("/en/staff/labour-market/", {"first": "2026-13"})

    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()


def test_a_governorate_scoped_officer_sees_only_their_governorate(client, make_user, world):
    officer = make_user(User.Role.OFFICER)
    StaffScope.objects.create(user=officer, governorate="dhofar")
    sign_in_staff(client, officer)

    body = client.get("/en/staff/labour-market/", {"governorate": "muscat"}).content.decode()
    as_csv = client.get(
        "/en/staff/labour-market/permits/",
        {"chart": "permits-by-nationality", "format": "csv", "governorate": "muscat"},
    ).content.decode("utf-8-sig")

    table = body.split('id="table-employees-by-governorate"', 1)[1].split("</table>", 1)[0]
    assert "Dhofar" in table
    assert "Muscat" not in table
    assert "Al Buraimi" not in table
    dhofar = sum(f.value for f in Fact.objects.filter(measure="employees", governorate="dhofar"))
    assert f"{dhofar:,.0f}" in table
    assert "You see your directorate&#x27;s governorate only." in body
    issued = sum(
        f.value for f in Fact.objects.filter(measure="permits_issued", governorate="dhofar")
    )
    figures = [line.rsplit(",", 1)[1] for line in as_csv.splitlines()[1:]]
    assert sum(float(v) for v in figures) <= float(issued)


def test_staff_rebuild_the_rollups_on_demand(client, make_user, django_capture_on_commit_callbacks):
    build_world()
    analyst = make_user(User.Role.ANALYST)
    sign_in_staff(client, analyst)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/staff/labour-market/runs/start/")

    run = RollupRun.objects.get()
    assert response.status_code == 302
    assert run.status == RollupRun.Status.SUCCEEDED
    assert run.requested_by == analyst
    assert run.released > 0
    page = client.get("/en/staff/labour-market/runs/").content.decode()
    assert "Finished" in page
    assert Fact.objects.filter(measure="employees").exists()


def test_the_run_progress_is_polled_as_a_partial(client, make_user):
    RollupRun.objects.create()
    sign_in_staff(client, make_user(User.Role.ANALYST))

    body = client.get("/en/staff/labour-market/runs/", HTTP_HX_REQUEST="true").content.decode()

    assert 'id="rollup-progress"' in body
    assert "<html" not in body


def test_a_cached_page_shows_the_figures_of_the_latest_rebuild(client, make_user, world):
    from employers.models import Establishment

    sign_in_staff(client, make_user(User.Role.ANALYST))
    url = "/en/staff/labour-market/"
    before = client.get(url, {"governorate": "dhofar"}).content.decode()
    Establishment.objects.filter(governorate="dhofar").update(governorate="muscat")

    stale = client.get(url, {"governorate": "dhofar"}).content.decode()
    rollups.rollup_build(today=timezone.localdate())
    after = client.get(url, {"governorate": "dhofar"}).content.decode()

    assert 'id="table-employees-by-governorate"' in before

    def table(body: str) -> str:
        return body.split('id="table-employees-by-governorate"', 1)[1].split("</table>", 1)[0]

    assert table(stale) == table(before)  # the rollups, not the rows, are what pages show
    assert 'id="table-employees-by-governorate"' not in after


def test_a_page_seen_first_by_unscoped_staff_is_not_served_to_a_scoped_officer(
    client, make_user, world
):
    """The rendered body is cached: the cache must not carry one viewer's scope to another."""
    sign_in_staff(client, make_user(User.Role.ANALYST))
    first = client.get("/en/staff/labour-market/", {"governorate": "muscat"}).content.decode()
    officer = make_user(User.Role.OFFICER)
    StaffScope.objects.create(user=officer, governorate="dhofar")
    client.logout()
    sign_in_staff(client, officer)

    body = client.get("/en/staff/labour-market/", {"governorate": "muscat"}).content.decode()

    assert "Muscat" in first.split('id="table-employees-by-governorate"', 1)[1]
    table = body.split('id="table-employees-by-governorate"', 1)[1].split("</table>", 1)[0]
    assert "Dhofar" in table
    assert "Muscat" not in table


def test_a_rebuild_of_the_rollups_shows_at_once_on_a_page_seen_before(client, make_user, world):
    """The page is cached until the rollups are rebuilt, and not a moment after."""
    sign_in_staff(client, make_user(User.Role.ANALYST))
    Fact.objects.filter(measure="employees").delete()
    before = client.get("/en/staff/labour-market/").content.decode()

    rollups.rollup_build(today=timezone.localdate())  # recomputed from the rows
    after = client.get("/en/staff/labour-market/").content.decode()

    assert 'id="table-employees-by-governorate"' not in before
    assert 'id="table-employees-by-governorate"' in after
