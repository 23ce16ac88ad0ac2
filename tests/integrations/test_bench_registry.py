"""The registry benchmark runs at a small scale, so a broken benchmark is caught by the suite.
The figures are not asserted: speed is measured by running bench/registry.py by hand."""

from __future__ import annotations

import pytest

from tests.processes import bench_figures

pytestmark = pytest.mark.slow


def test_the_registry_benchmark_runs_at_small_scale():
    figures = bench_figures("bench.registry", "--establishments", "300", "--page-size", "100")

    assert figures["establishments"] == 300
    assert figures["owners"] >= 300
    assert figures["changed_records"] == 3
    assert {"full_sync_s", "changed_sync_s", "copy_floor_s", "ratio", "changed_to_full"} <= set(
        figures
    )
