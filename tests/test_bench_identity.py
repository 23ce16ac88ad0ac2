"""The identity benchmark runs with a few trials (its figures are not asserted: speed is
measured by running bench/identity.py by hand)."""

from __future__ import annotations

import pytest

from tests.processes import bench_figures

pytestmark = pytest.mark.slow


def test_the_identity_benchmark_runs_with_a_few_trials():
    figures = bench_figures("bench.identity", "--trials", "3")

    assert figures["trials"] == 3
    assert figures["idp_p95_ms"] >= figures["idp_p50_ms"] > 0
    assert figures["password_p95_ms"] >= figures["password_p50_ms"] > 0
    assert figures["ratio"] > 0
    assert figures["jwks_fetches"] == 1  # fetched once, then verified from the cache
    assert isinstance(figures["goal_met"], bool)
