"""The apps keep their layer order (ADR 0018): import-linter checks `.importlinter`, and a new
upward import, even one hidden inside a function, breaks it."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")

# lint-imports runs in a subprocess.
pytestmark = pytest.mark.slow


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _contract() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config


def test_the_apps_keep_their_layers():
    result = _lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    # kept by the code, not by exceptions to the contract
    assert not [name for name, section in _contract().items() if "ignore_imports" in section]


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python files of every app and the contract, copied outside the checkout."""
    copy = tmp_path_factory.mktemp("layers")
    keep_python = shutil.ignore_patterns("__pycache__", "templates", "static", "locale", "data")
    for package in _contract()["importlinter"]["root_packages"].split():
        shutil.copytree(ROOT / package, copy / package, ignore=keep_python)
    shutil.copy(ROOT / ".importlinter", copy / ".importlinter")
    return copy


@pytest.mark.parametrize(
    ("app", "source", "refusal"),
    [
        pytest.param(
            "core",
            "def permit_count():\n    from permits.models import Permit\n\n"
            "    return Permit.objects.count()\n",
            "core is not allowed to import permits",
            id="upward-inside-a-function",
        ),
        pytest.param(
            "notifications",
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
            "    from accounts.models import User\n",
            "notifications is not allowed to import accounts",
            id="upward-for-type-checking",
        ),
        pytest.param(
            "sanad",
            "from jobseekers.selectors import profiles\n",
            "sanad is not allowed to import jobseekers",
            id="between-peers",
        ),
    ],
)
def test_a_new_upward_import_breaks_the_contract(tree_copy, app, source, refusal):
    # given a copy of the apps that keeps the contract
    scratch = tree_copy / app / "scratch_layers.py"
    # when a module of a lower app imports a higher one (or a peer)
    scratch.write_text(source)
    try:
        result = _lint_imports(tree_copy)
    finally:
        scratch.unlink()

    # then import-linter refuses it, naming the import
    assert result.returncode == 1, result.stdout + result.stderr
    assert refusal in result.stdout
    assert f"{app}.scratch_layers" in result.stdout
