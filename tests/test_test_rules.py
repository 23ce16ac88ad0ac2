"""Rules for the tests themselves, checked by walking their code.

A date or time computed where pytest evaluates it at collection (a decorator's arguments, a
class body, module level) goes stale when a run crosses midnight in Muscat; CI failed on three
such tests. `tests/dates.py` names the offset instead.
"""

from __future__ import annotations

import ast
import pathlib

TESTS = pathlib.Path(__file__).resolve().parent
CLOCK_CALLS = {"localdate", "now", "today", "localtime", "utcnow"}


def _clock_calls(node: ast.AST) -> list[int]:
    return [
        call.lineno
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in CLOCK_CALLS
    ]


def _evaluated_at_collection(tree: ast.Module) -> list[int]:
    lines: list[int] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                lines += _clock_calls(decorator)
        elif isinstance(node, ast.ClassDef):
            for decorator in node.decorator_list:
                lines += _clock_calls(decorator)
            for member in node.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef):
                    for decorator in member.decorator_list:
                        lines += _clock_calls(decorator)
                else:
                    lines += _clock_calls(member)
        else:
            lines += _clock_calls(node)
    return lines


def test_no_test_reads_the_clock_when_it_is_collected():
    found = [
        f"{path.relative_to(TESTS.parent)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in _evaluated_at_collection(ast.parse(path.read_text(), filename=str(path)))
    ]

    assert found == [], "read the clock inside the test (tests/dates.py): " + ", ".join(found)


def test_the_walk_finds_a_date_in_a_parametrize():
    source = (
        "@pytest.mark.parametrize('d', [timezone.localdate()])\n"
        "def test_x(d): pass\n"
        "class TestY:\n"
        "    @pytest.mark.parametrize('d', [timezone.now()])\n"
        "    def test_z(self, d): pass\n"
    )

    assert _evaluated_at_collection(ast.parse(source)) == [1, 4]
