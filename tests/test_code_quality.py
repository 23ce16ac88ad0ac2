"""The suite also holds the code to its tools: ruff, mypy and migrations that match the models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "labor_portal.settings.test"},
    )


def test_ruff_finds_nothing():
    lint = _run(str(BIN / "ruff"), "check", ".")
    formatting = _run(str(BIN / "ruff"), "format", "--check", ".")

    assert lint.returncode == 0, lint.stdout
    assert formatting.returncode == 0, formatting.stdout


def test_mypy_finds_nothing():
    result = _run(str(BIN / "mypy"), ".")

    assert result.returncode == 0, result.stdout


def test_migrations_match_the_models():
    result = _run(sys.executable, "manage.py", "makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stdout + result.stderr
