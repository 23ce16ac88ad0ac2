"""Rules as dated data: a published rule set is in force from `effective_from` to
`effective_to` (open-ended when empty). Shared by the permit and employment rule sets."""

from __future__ import annotations

import datetime
from typing import TypeVar

from django.db import models
from django.db.models import Q

M = TypeVar("M", bound=models.Model)


def in_force_on(rule_sets: models.QuerySet[M], *, on: datetime.date) -> M | None:
    """The published rule set of `rule_sets` in force on `on` (the latest start wins), or None."""
    return (
        rule_sets.filter(status="published", effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from", "-id")
        .first()
    )
