"""Template filters of the portal."""

from django import template

from core.audit_actions import action_label as _action_label

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
