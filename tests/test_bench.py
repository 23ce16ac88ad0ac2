"""Each benchmark runs at a small --scale, so a broken benchmark is caught by the suite.

The figures themselves are not asserted: speed is measured by running bench/ by hand.
"""

from __future__ import annotations

import pytest

from tests.processes import bench_figures, bench_output

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "command",
    [
        ["bench.seed_demo", "--scale", "20"],
        ["bench.pages", "--scale", "10", "--requests", "5"],
        pytest.param(["bench.sms", "--scale", "100"], marks=pytest.mark.redis),
        ["bench.omanization", "--scale", "300", "--rounds", "1", "--samples", "20"],
        ["bench.status_codes", "--scale", "300", "--rounds", "1", "--requests", "5"],
        ["bench.checkins", "--scale", "40", "--rounds", "1", "--requests", "16"],
    ],
    ids=["seed_demo", "pages", "sms", "omanization", "status_codes", "checkins"],
)
def test_benchmark_runs_at_small_scale(command, request):
    if "bench.sms" in command:
        request.getfixturevalue("redis_url")  # skips (or fails under CI=true) without Redis
    output = bench_output(*command)

    # every benchmark prints its ratio to a baseline measured in the same run
    assert "ratio" in output or "x floor" in output


def test_the_permits_benchmark_runs_at_small_scale_and_reports_each_page():
    """Loads permits with SQL (the queue's indexes come with the migrations), serves them with
    gunicorn, signs in over HTTP (TOTP for the officer) and prints one JSON object last."""
    figures = bench_figures("bench.permits", "--scale", "2000", "--requests", "8", "--rounds", "2")

    assert figures["permits"] == 2000
    assert figures["queue_indexes"] is True
    assert 0 < figures["queue_size"] < 200  # a few percent wait in the queue
    for page in ("floor", "queue", "queue_filtered", "employer_list"):
        assert figures[f"{page}_p50_ms"] > 0
        assert figures[f"{page}_p95_ms"] >= figures[f"{page}_p50_ms"]
        # the number of queries does not grow with the page size
        assert figures[f"{page}_queries_25"] == figures[f"{page}_queries_100"]
    for page in ("queue", "queue_filtered", "employer_list"):
        assert figures[f"{page}_ratio"] > 0
    assert figures["ratio"] == figures["queue_ratio"]
    assert isinstance(figures["goal_met"], bool)


def test_the_sanad_enumeration_benchmark_runs_with_a_few_trials():
    """Times consent requests for a registered and an unknown civil ID, without and with the
    answer floor, and prints both pairs as JSON last (figures are not asserted)."""
    figures = bench_figures("bench.sanad_enumeration", "--trials", "2", "--floor-ms", "50")

    assert {"known_ms", "unknown_ms", "raw_known_ms", "raw_unknown_ms"} <= set(figures)


def test_the_labour_market_benchmark_runs_at_small_scale():
    """Loads a small register with its lifecycle, rolls it up against the plain GROUP BY floor,
    releases the open datasets and times the dashboards and open data over HTTP."""
    figures = bench_figures("bench.lmi", "--scale", "3000", "--rounds", "1", "--requests", "4")

    assert figures["rollup_rows"] > 0
    assert figures["released"] > 0
    assert figures["withheld"] == 0
    assert figures["overview_p95_ms"] > 0
    assert figures["open_json_p95_ms"] > 0
    assert figures["ratio"] > 0
    assert isinstance(figures["goal_met"], bool)


def test_the_broadcast_benchmark_runs_at_small_scale():
    """Seeds a small register, queues an alert to the workers of one governorate into the SMS
    ledger against a plain INSERT ... SELECT of the same rows, and sends it again (nothing)."""
    figures = bench_figures("bench.broadcast", "--scale", "3000")

    assert figures["workers"] == 3000
    assert 0 < figures["queued"] < 3000  # Muscat only, with alerts off skipped
    assert set(figures["languages"]) == {"ar", "en", "hi", "ur"}
    assert figures["ratio"] > 0
