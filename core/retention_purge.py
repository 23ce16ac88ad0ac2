"""Small helpers for the purges of core.retention."""

from __future__ import annotations

from typing import Any

from django.db import models


def delete_batch(queryset: models.QuerySet[Any], batch: int) -> int:
    """Delete at most `batch` rows of `queryset` (oldest first by key); returns how many."""
    keys = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])
    if keys:
        queryset.model._default_manager.filter(pk__in=keys).delete()
    return len(keys)


def update_batch(queryset: models.QuerySet[Any], batch: int, **changes: Any) -> int:
    """Apply `changes` to at most `batch` rows of `queryset`; returns how many."""
    keys = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])
    if keys:
        queryset.model._default_manager.filter(pk__in=keys).update(**changes)
    return len(keys)
