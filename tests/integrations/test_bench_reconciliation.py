"""The reconciliation benchmark runs at a tiny --scale, so a broken benchmark is caught by the
suite. The figures are not asserted (speed is measured by hand), only the known answers."""

from __future__ import annotations

import pytest

from tests.processes import bench_figures

pytestmark = pytest.mark.slow


def test_the_reconciliation_benchmark_finds_what_it_planted_at_small_scale():
    figures = bench_figures("bench.reconciliation", "--scale", "3000", "--fraction", "0.05")

    assert figures["records"] == 3000
    assert figures["found_missing"] == figures["planted_missing"] == 50
    assert figures["found_salary"] == figures["planted_salary"] == 50
    assert figures["baseline_counts_agree"] is True
    assert figures["second_run_opened"] == 0
    assert {"first_run_s", "baseline_missing_s", "ratio_missing"} <= set(figures)
