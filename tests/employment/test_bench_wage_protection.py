"""The wage protection benchmark runs at a small --scale (slow tier), so a broken benchmark is
caught by the suite. Its speed is measured by running bench/wage_protection.py by hand; here only
what it checks in the same run: the run agrees with the SQL floor, warnings and violations were
written, and re-running the month wrote nothing (the benchmark asserts both)."""

from __future__ import annotations

import pytest

from tests.processes import bench_figures

pytestmark = pytest.mark.slow


def test_the_wage_protection_benchmark_runs_at_small_scale():
    figures = bench_figures(
        "bench.wage_protection", "--scale", "300", "--rounds", "1", "--missed-before", "0.2"
    )

    assert figures["establishments"] == 300
    assert figures["warnings"] > 0
    assert figures["violations"] > 0
    assert "ratio" in figures
    assert "warnings_ratio" in figures
