"""The sync benchmark runs at a small --scale, so a broken benchmark is caught by the suite.
The figures are not asserted: speed is measured by running bench/sync.py by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sync_benchmark_runs_at_small_scale():
    result = subprocess.run(
        [sys.executable, "-m", "bench.sync", "--scale", "3000", "--page-size", "1000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["records"] == 3000
    assert figures["changed_records"] == 30
    assert {"full_sync_s", "changed_sync_s", "copy_floor_s", "ratio"} <= set(figures)
