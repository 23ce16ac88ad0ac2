"""Open data: released datasets pass the disclosure check, a dataset failing it is withheld and
not served, and the public API answers without sign-in with its cache headers and rate limit."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from lmi import datasets, rollups, suppression
from lmi.models import Release, RollupRun
from lmi.services import datasets_release, rollup_execute
from tests.lmi.world import build_world

pytestmark = pytest.mark.django_db

CODE = "work-permits-issued-by-governorate-and-month"


def nothing_hidden(table, **_rules):
    """A broken protection step: hides nothing, so small counts would be published."""
    rows, cols = table.shape
    return suppression.Suppression(
        cells=[[False] * cols for _ in range(rows)], rows=[False] * rows, columns=[False] * cols
    )


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def released(db):
    build_world()
    run = RollupRun.objects.create()
    rollup_execute(run_id=run.pk)
    return RollupRun.objects.get(pk=run.pk)


def test_a_run_rolls_up_and_releases_every_dataset_after_the_check(released):
    assert released.status == RollupRun.Status.SUCCEEDED
    assert released.rows > 0
    assert released.released == len(datasets.DATASETS)
    assert released.withheld == 0
    for item in Release.objects.filter(run=released):
        assert item.status == Release.Status.RELEASED
        assert "undetermined" in item.check_report


def test_released_tables_publish_no_small_count_and_hide_what_they_must(released):
    item = Release.objects.get(dataset=CODE, run=released)
    table = item.table
    published = [v for row in table["cells"] for v in row if v is not None]
    published += [v for v in table["row_totals"] + table["column_totals"] if v is not None]
    assert all(not 0 < v < item.threshold for v in published)
    assert item.suppressed > 0  # the small world has small cells


def test_a_dataset_that_fails_the_check_is_withheld_and_not_served(released, client, monkeypatch):
    monkeypatch.setattr(datasets, "protect", nothing_hidden)
    before = Release.objects.filter(dataset=CODE, status="released").latest("created_at")

    _released_count, withheld = datasets_release()

    withheld_item = Release.objects.filter(dataset=CODE).latest("created_at")
    assert withheld > 0
    assert withheld_item.status == Release.Status.WITHHELD
    assert "published although small" in withheld_item.check_report
    body = client.get(f"/api/v1/open/{CODE}.json").json()
    assert body["disclosure_control"]["check"] == before.check_report
    assert body["dct:modified"] == before.created_at.isoformat()


def test_nothing_is_served_before_a_release_passes(client, monkeypatch):
    build_world()
    monkeypatch.setattr(datasets, "protect", nothing_hidden)

    rollups.rollup_build(today=timezone.localdate())
    datasets_release()

    assert client.get(f"/api/v1/open/{CODE}.json").status_code == 404
    assert CODE not in client.get("/api/v1/open/").content.decode()


def test_the_catalogue_answers_without_sign_in_with_dcat_metadata(released, client):
    response = client.get("/api/v1/open/")

    assert response.status_code == 200
    body = response.json()
    assert body["@type"] == "dcat:Catalog"
    entry = next(d for d in body["dcat:dataset"] if d["dct:identifier"] == CODE)
    assert entry["dct:title"]["en"] == "Work permits issued by governorate and month"
    assert entry["dct:title"]["ar"]
    assert entry["dct:license"] == datasets.LICENCE
    assert entry["dct:accrualPeriodicity"].endswith("daily")
    assert {d["dcat:mediaType"] for d in entry["dcat:distribution"]} == {
        "application/json",
        "text/csv",
        "application/vnd.sdmx.data+json;version=1.0.0",
    }
    sdmx_url = next(
        d["dcat:downloadURL"] for d in entry["dcat:distribution"] if "sdmx" in d["dcat:mediaType"]
    )
    assert client.get(sdmx_url).status_code == 200
    assert entry["dct:temporal"]["dcat:startDate"]


def test_datasets_download_as_json_and_csv_with_cache_headers(released, client):
    as_json = client.get(f"/api/v1/open/{CODE}.json")
    as_csv = client.get(f"/api/v1/open/{CODE}.csv")

    for response in (as_json, as_csv):
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=3600"
        assert response["ETag"].startswith('"')
        assert "Last-Modified" in response
        assert response["X-RateLimit-Limit"] == "60"
    data = json.loads(as_json.content)["data"]
    lines = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    cells = [
        line for line in lines if line["row_code"] != "_total" and line["column_code"] != "_total"
    ]
    assert len(cells) == len(data["rows"]) * len(data["columns"])
    suppressed = [line for line in lines if line["status"] == "suppressed"]
    assert all(line["value"] == "" for line in suppressed)
    assert len(suppressed) == Release.objects.get(dataset=CODE, run=released).suppressed


def sdmx_table(message: dict) -> dict:
    """The table an SDMX-JSON data message holds, read back through its structure alone: the
    figures by the codes of their dimension values (None when suppressed)."""
    structure = message["structure"]
    (row_dim,) = structure["dimensions"]["series"]
    (col_dim,) = structure["dimensions"]["observation"]
    attributes = structure["attributes"]["observation"]
    found = {}
    for key, series in message["dataSets"][0]["series"].items():
        row = row_dim["values"][int(key)]["id"]
        for obs_key, observation in series["observations"].items():
            column = col_dim["values"][int(obs_key)]["id"]
            value, *indexes = observation
            pairs = zip(attributes, indexes, strict=True)
            status = {a["id"]: a["values"][i]["id"] for a, i in pairs}
            found[(row, column)] = (value, status["OBS_STATUS"], status["CONF_STATUS"])
    return found


def test_a_dataset_downloads_as_an_sdmx_json_data_message_with_the_same_suppression(
    released, client
):
    response = client.get(f"/api/v1/open/{CODE}.sdmx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+json;version=1.0.0")
    assert response["Cache-Control"] == "public, max-age=3600"
    message = json.loads(response.content)
    # the three parts of a data message
    assert set(message) == {"header", "structure", "dataSets"}
    header = message["header"]
    assert header["id"]
    assert header["prepared"]
    assert header["sender"]["id"]
    assert header["test"] is False
    structure = message["structure"]
    (row_dim,) = structure["dimensions"]["series"]
    (col_dim,) = structure["dimensions"]["observation"]
    assert (row_dim["id"], row_dim["keyPosition"]) == ("REF_AREA", 0)
    assert (col_dim["id"], col_dim["keyPosition"], col_dim["role"]) == ("TIME_PERIOD", 1, "time")
    assert [a["id"] for a in structure["attributes"]["observation"]] == [
        "OBS_STATUS",
        "CONF_STATUS",
    ]
    (data_set,) = message["dataSets"]
    assert data_set["action"] == "Information"
    # every observation: a value and one index per observation attribute, in range
    for series in data_set["series"].values():
        for observation in series["observations"].values():
            assert len(observation) == 3
            attributes = structure["attributes"]["observation"]
            for attribute, index in zip(attributes, observation[1:], strict=True):
                assert 0 <= index < len(attribute["values"])
    # the same figures and the same suppression as the JSON download, totals as _T
    table = client.get(f"/api/v1/open/{CODE}.json").json()["data"]
    rows = [r["code"] for r in table["rows"]] + ["_T"]
    columns = [c["code"] for c in table["columns"]] + ["_T"]
    want = {}
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            if i < len(table["rows"]):
                cells = [*table["cells"][i], table["row_totals"][i]]
            else:
                cells = [*table["column_totals"], table["total"]]
            want[(row, column)] = cells[j]
    got = sdmx_table(message)
    assert {k: v for k, (v, _o, _c) in got.items()} == want
    suppressed = [k for k, (v, _o, _c) in got.items() if v is None]
    assert suppressed  # the small world has small cells
    assert len(suppressed) == Release.objects.get(dataset=CODE, run=released).suppressed
    for value, obs_status, conf_status in got.values():
        if value is None:
            assert (obs_status, conf_status) == ("M", "C")
        else:
            assert (obs_status, conf_status) == ("A", "F")


def test_a_conditional_request_gets_not_modified(released, client):
    etag = client.get(f"/api/v1/open/{CODE}.json")["ETag"]

    again = client.get(f"/api/v1/open/{CODE}.json", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again["ETag"] == etag


def test_the_api_is_rate_limited_per_address(released, client, settings):
    settings.OPEN_DATA_RATE_LIMIT_PER_MINUTE = 3

    answers = [client.get("/api/v1/open/", REMOTE_ADDR="10.9.0.1") for _ in range(4)]
    other = client.get("/api/v1/open/", REMOTE_ADDR="10.9.0.2")

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert int(answers[-1]["Retry-After"]) > 0
    assert other.status_code == 200


def test_an_unknown_dataset_or_format_is_not_found(released, client):
    assert client.get("/api/v1/open/no-such-dataset.json").status_code == 404
    assert client.get(f"/api/v1/open/{CODE}.xml").status_code == 404


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_public_page_shows_the_tables_and_the_method(released, client, language):
    response = client.get(f"/{language}/open-data/")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<table") == len(datasets.DATASETS)
    assert "•" in body  # suppressed figures are marked
    assert f"/api/v1/open/{CODE}.csv" in body
    assert f"/api/v1/open/{CODE}.sdmx" in body
    if language == "en":
        assert "How small figures are protected" in body
        assert "linear equations" in body
        assert "does not record a person" in body
