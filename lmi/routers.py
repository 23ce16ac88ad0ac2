"""Reads of the rollups go to the read replica when one is configured (`DATABASE_REPLICA_URL`,
the `replica` database); everything else, and every write, goes to the primary. The embedded
default has no replica, so it reads the primary."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

REPLICA = "replica"
# The models whose reads may lag the primary by the replica's delay: the rollups and the
# released open datasets, both rebuilt at night.
_REPLICA_MODELS = frozenset({"fact", "release"})


def replica_alias() -> str:
    return REPLICA if REPLICA in settings.DATABASES else "default"


class RollupReadRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        if model._meta.app_label == "lmi" and model._meta.model_name in _REPLICA_MODELS:
            return replica_alias()
        return None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"
