"""A benchmark runs with the runtime install alone: nothing in bench/ imports tests/ (STYLE.md
5.7). Tests may import bench's helpers, not the other way round."""

from __future__ import annotations

import ast
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _imports_tests(source: str) -> list[int]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tests":
            found.append(node.lineno)
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "tests" for a in node.names
        ):
            found.append(node.lineno)
    return found


def test_no_benchmark_imports_test_code():
    offenders = [
        f"bench/{path.name}:{line}"
        for path in sorted(BENCH.glob("*.py"))
        for line in _imports_tests(path.read_text())
    ]
    assert not offenders, offenders


def test_the_check_sees_a_function_level_import():
    assert _imports_tests("def f():\n    from tests.conftest import sign_in\n") == [2]
