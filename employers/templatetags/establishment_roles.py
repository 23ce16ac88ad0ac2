"""`{% may_act_as establishment "payments" as may_pay %}`: whether the signed-in person holds an
e-service role for the establishment (employers.access.has_service_role), for the menus that
show a service only to those who may use it."""

from __future__ import annotations

from typing import Any

from django import template

from employers.access import has_service_role
from employers.models import Establishment

register = template.Library()


@register.simple_tag(takes_context=True)
def may_act_as(context: dict[str, Any], establishment: Establishment | int, role: str) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or establishment in (None, ""):
        return False
    return has_service_role(user, establishment, role)
