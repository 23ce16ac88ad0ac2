"""The workflow kernel holds by construction (ADR 0019): every model with a status declares its
transitions, nothing outside the kernel writes a status, and every transition a table does not
allow is refused with nothing changed."""

from __future__ import annotations

import ast
import itertools
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Model

from core.workflow import (
    NOT_WORKFLOWS,
    TransitionNotAllowed,
    advance,
    is_workflow,
    tone_of,
    transitions_of,
)

ROOT = Path(__file__).resolve().parents[1]
# the project's own apps, as installed (not the third-party ones)
APPS = [app for app in settings.INSTALLED_APPS if (ROOT / app / "__init__.py").exists()]
# The kernel itself, and files whose `status` is not a model's (with why).
KERNEL = {"core/workflow.py", "core/transitions.py"}
NOT_A_MODEL = {
    "integrations/stubs/identity_provider.py": "an HTTP response's status code in the stub",
}


def _stateful_models() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in APPS and any(f.name == "status" for f in m._meta.fields)
    ]


def _workflow_models() -> list[type[Model]]:
    return [m for m in _stateful_models() if is_workflow(m)]


def test_there_are_stateful_models_to_check():
    assert len(_workflow_models()) >= 20


@pytest.mark.parametrize("model", _stateful_models(), ids=lambda m: m._meta.label)
def test_every_model_with_a_status_declares_its_transitions(model):
    if model._meta.label in NOT_WORKFLOWS:
        pytest.skip(NOT_WORKFLOWS[model._meta.label])
    table = transitions_of(model)  # raises when the model has none
    states = set(_states(model))
    assert set(table) <= states, f"{model.__name__}: unknown source states"
    for source, targets in table.items():
        assert set(targets) <= states, f"{model.__name__}: {source} -> unknown states"
    default = model._meta.get_field("status").default
    if isinstance(default, str):
        assert default in table, f"{model.__name__}: the initial state {default!r} has no row"


def _states(model: Any) -> list[str]:
    return [value for value, _label in model._meta.get_field("status").choices]


def _disallowed() -> list[tuple[type[Model], str, str]]:
    cases = []
    for model in _workflow_models():
        states = _states(model)
        table = transitions_of(model)
        for source, target in itertools.product(states, states):
            if target not in table.get(source, frozenset()):
                cases.append((model, source, target))
    return cases


@pytest.mark.parametrize(
    ("model", "source", "target"),
    _disallowed(),
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_the_kernel_refuses_every_transition_the_table_does_not_allow(model, source, target):
    obj = model(status=source)

    with pytest.raises(TransitionNotAllowed):
        advance(obj, target)

    assert obj.status == source


def test_an_allowed_transition_moves_and_has_a_tone():
    from permits.models import PermitTransfer

    transfer = PermitTransfer(status=PermitTransfer.Status.AWAITING_CONSENT)
    advance(transfer, PermitTransfer.Status.DECLINED)
    assert transfer.status == PermitTransfer.Status.DECLINED
    assert tone_of(transfer) == "danger"


# --- No status is written outside the kernel -----------------------------------------------------


def status_writes(source: str) -> list[int]:
    """Lines that write a `status` outside the kernel: `x.status = ...` (or +=, or annotated),
    and `.update(status=...)`. Creating a row in its first state is not a transition."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Attribute) and sub.attr == "status":
                    found.append(getattr(node, "lineno", 0))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"update", "bulk_update"}
            and (
                any(k.arg == "status" for k in node.keywords)
                or any(
                    isinstance(a, ast.List | ast.Tuple)
                    and any(isinstance(e, ast.Constant) and e.value == "status" for e in a.elts)
                    for a in node.args
                )
            )
        ):
            found.append(node.lineno)
    return sorted(set(found))


def _production_files() -> list[Path]:
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in KERNEL or relative in NOT_A_MODEL:
                continue
            files.append(path)
    return files


def test_no_code_outside_the_kernel_writes_a_status():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _production_files()
        for line in status_writes(path.read_text())
    ]
    assert not offenders, (
        "a status is written outside core.workflow (use transition_locked, advance or "
        "advance_bulk):\n" + "\n".join(offenders)
    )


def test_the_check_catches_a_hand_written_status():
    scratch = textwrap.dedent(
        """
        def close(transfer, queryset):
            transfer.status = "cancelled"
            queryset.update(status="expired", note="x")
            queryset.bulk_update(rows, ["status"])
            Transfer.objects.create(status="awaiting")  # a first state: fine
        """
    )
    assert status_writes(scratch) == [3, 4, 5]


def test_one_tag_renders_any_status_badge_and_templates_ask_instead_of_comparing():
    from django.template import Context, Template

    from jobseekers.models import Application

    applied = Application(status=Application.Status.APPLIED)
    hired = Application(status=Application.Status.HIRED)
    template = Template(
        '{% load portal %}{% status_badge a %}|{% if a|can_move_to:"withdrawn" %}yes{% endif %}'
    )

    rendered = template.render(Context({"a": applied}))
    assert rendered.startswith('<span class="badge text-bg-warning" data-status="applied">')
    assert rendered.endswith("|yes")
    assert template.render(Context({"a": hired})).endswith("|")
    assert "text-bg-success" in template.render(Context({"a": hired}))


def test_no_template_tests_a_status_by_substring():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/templates/**/*.html")
        if 'status in "' in path.read_text()
    ]
    assert not offenders


STATUS_COMPARISON = re.compile(r"\.status\s*(==|!=|\bin\b|\bnot in\b)|\bstatus\s*(==|!=)")
NAMED_SET = re.compile(r"\|in_set:[\"']([A-Z_]+)[\"']")


def _templates() -> list[Path]:
    return sorted([*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")])


def test_no_template_compares_a_status_string():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _templates()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if STATUS_COMPARISON.search(line)
    ]
    assert offenders == [], "ask can_move_to or in_set instead: " + ", ".join(offenders)


def test_every_named_set_a_template_asks_about_is_declared_on_a_model():
    declared = {
        name
        for model in apps.get_models()
        if is_workflow(model)
        for name, value in vars(model).items()
        if name.isupper() and isinstance(value, frozenset)
    }
    asked = {name for path in _templates() for name in NAMED_SET.findall(path.read_text())}

    assert asked, "the walk found no named set"
    assert asked <= declared, sorted(asked - declared)


def test_a_named_set_answers_for_its_model_and_no_for_another():
    from django.template import Context, Template

    from sanad.models import Consent

    template = Template('{% load portal %}{% if c|in_set:"OPEN" %}open{% else %}closed{% endif %}')

    assert template.render(Context({"c": Consent(status=Consent.Status.PENDING)})) == "open"
    assert template.render(Context({"c": Consent(status=Consent.Status.REVOKED)})) == "closed"
    assert STATUS_COMPARISON.search('{% if consent.status == "active" %}')
    assert STATUS_COMPARISON.search("{% if run.status != 'failed' %}")
