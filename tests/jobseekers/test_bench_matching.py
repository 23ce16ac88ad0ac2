"""bench/matching.py runs at a tiny scale (figures are not asserted: speed is measured by hand)."""

from __future__ import annotations

import pytest

from tests.processes import bench_figures

pytestmark = pytest.mark.slow


def test_the_matching_benchmark_runs_at_small_scale_and_prints_its_figures_last():
    figures = bench_figures("bench.matching", "--scale", "1500", "--rounds", "1", "--samples", "10")

    assert figures["jobseekers"] == 1500
    assert figures["vacancies"] == 98
    for key in ("batch_s", "floor_s", "ratio", "on_demand_p95_ms"):
        assert figures[key] > 0
    assert 0 <= figures["recall@20"] <= 1
    assert 0 <= figures["baseline_recall@20"] <= 1
    assert isinstance(figures["goal_met"], bool)
    assert "ratio" in figures  # printed in the last line
    # the third to eighth are held out (ADR 0014)
    assert set(figures["generators"]) == {
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
    }
    for generator in figures["generators"].values():
        assert set(generator["slices"]) == {"arabic", "misspelled", "missing_occupation"}
