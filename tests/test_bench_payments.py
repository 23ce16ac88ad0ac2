"""The payments benchmark runs at a small --scale (its figures are not asserted: speed is
measured by running bench/payments.py by hand); every planted difference must be found."""

from __future__ import annotations

import pytest

from tests.processes import bench_figures

pytestmark = pytest.mark.slow


def test_the_payments_benchmark_runs_at_small_scale_and_finds_every_difference():
    figures = bench_figures("bench.payments", "--scale", "3000", "--callbacks", "40")

    assert figures["payments"] == 3000
    assert figures["found_not_settled"] == figures["planted_each_way"] == 30
    assert figures["found_not_recorded"] == 30
    assert figures["matched"] == 2970
    assert figures["callbacks"] == 40
    assert figures["ratio_reconcile"] > 0
    assert figures["ratio_callbacks"] > 0
    assert isinstance(figures["goal_met"], bool)
