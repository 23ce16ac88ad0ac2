"""Template filters and tags of the portal."""

from typing import Any

from django import template
from django.utils.html import format_html

from core.audit_actions import action_label as _action_label
from core.redact import redact_path
from core.workflow import may_move, tone_of

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """The translated name of an audit action code."""
    return _action_label(code)


@register.filter
def percent(value: float | None) -> str:
    """0.4567 as '45.7%'; nothing for no value."""
    if value is None:
        return "–"
    return f"{value * 100:.1f}%"


@register.simple_tag
def status_badge(obj: Any) -> str:
    """Any stateful object's status as a badge: its label, in its model's tone (ADR 0019)."""
    return format_html(
        '<span class="badge text-bg-{}" data-status="{}">{}</span>',
        tone_of(obj),
        obj.status,
        obj.get_status_display(),
    )


@register.filter
def can_move_to(obj: Any, state: str) -> bool:
    """Whether `obj` may move to `state` now: `{% if application|can_move_to:"withdrawn" %}`,
    instead of comparing status strings in a template."""
    return may_move(type(obj), obj.status, state)


@register.simple_tag
def columns(*labels: str) -> list[str]:
    """The column heads of a table, written where the table is::

    {% columns _("Number") _("Status") as headers %}
    {% include "_table.html" with headers=headers ... %}
    """
    return list(labels)


@register.filter
def in_set(obj: Any, name: str) -> bool:
    """Whether `obj`'s status is in its model's named set `name` (OPEN, VALID, PUBLISHED...):
    `{% if consent|in_set:"OPEN" %}`. A model without that set answers no (one include serves
    several kinds of case); tests/test_workflow.py checks that every set a template names is
    declared on some model."""
    states: object = getattr(type(obj), name, frozenset())
    return isinstance(states, frozenset) and obj.status in states


@register.filter
def mask_tokens(text: str) -> str:
    """`text` with the bearer tokens of its links shown as [token] (the staff SMS ledger: a link
    sent to a worker is enough to act, so staff see that a link went, not the link)."""
    return redact_path(str(text))
