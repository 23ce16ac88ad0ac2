"""bench/matching.py runs at a tiny scale (figures are not asserted: speed is measured by hand)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_matching_benchmark_runs_at_small_scale_and_prints_its_figures_last():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.matching",
            "--scale",
            "1500",
            "--rounds",
            "1",
            "--samples",
            "10",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["jobseekers"] == 1500
    assert figures["vacancies"] == 98
    for key in ("batch_s", "floor_s", "ratio", "on_demand_p95_ms"):
        assert figures[key] > 0
    assert 0 <= figures["recall@20"] <= 1
    assert 0 <= figures["baseline_recall@20"] <= 1
    assert isinstance(figures["goal_met"], bool)
    assert "ratio" in result.stdout
