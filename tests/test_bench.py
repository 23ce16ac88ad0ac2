"""Each benchmark runs at a small --scale, so a broken benchmark is caught by the suite.

The figures themselves are not asserted: speed is measured by running bench/ by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [
        ["bench.seed_demo", "--scale", "20"],
        ["bench.pages", "--scale", "10", "--requests", "5"],
        pytest.param(["bench.sms", "--scale", "100"], marks=pytest.mark.redis),
        ["bench.omanization", "--scale", "300", "--rounds", "1", "--samples", "20"],
    ],
    ids=["seed_demo", "pages", "sms", "omanization"],
)
def test_benchmark_runs_at_small_scale(command, request):
    if "bench.sms" in command:
        request.getfixturevalue("redis_url")  # skips (or fails under CI=true) without Redis
    result = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # every benchmark prints its ratio to a baseline measured in the same run
    assert "ratio" in result.stdout or "x floor" in result.stdout
