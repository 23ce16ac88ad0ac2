"""bench/identity_enumeration.py runs with a few trials, so a broken benchmark is caught by the
suite. Its timings are not asserted (speed is measured by running bench/ by hand); the answers
are: registration and SMS sign-in say the same for a number with an account as for a number of
nobody."""

from __future__ import annotations

import pytest

from tests.processes import bench_figures

pytestmark = pytest.mark.slow


def test_the_identity_enumeration_benchmark_runs_with_a_few_trials():
    figures = bench_figures("bench.identity_enumeration", "--trials", "3", "--floor-ms", "50")

    for page in ("register", "sms_sign_in"):
        for prefix in (f"{page}_", f"{page}_raw_"):
            assert {
                f"{prefix}known_ms",
                f"{prefix}unknown_ms",
                f"{prefix}difference_ms",
                f"{prefix}known_p95_ms",
                f"{prefix}unknown_p95_ms",
            } <= set(figures)
        assert figures[f"{page}_same_answer"] is True
    assert figures["same_answer"] is True
