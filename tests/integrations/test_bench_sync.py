"""The sync benchmark runs at a small --scale, so a broken benchmark is caught by the suite.
The figures are not asserted: speed is measured by running bench/sync.py by hand."""

from __future__ import annotations

import pytest

from tests.processes import bench_figures

pytestmark = pytest.mark.slow


def test_the_sync_benchmark_runs_at_small_scale():
    figures = bench_figures("bench.sync", "--scale", "3000", "--page-size", "1000")

    assert figures["records"] == 3000
    assert figures["changed_records"] == 30
    assert {"full_sync_s", "changed_sync_s", "copy_floor_s", "ratio"} <= set(figures)
