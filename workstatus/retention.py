"""The class of personal data the worker status codes keep for a time (core.retention): the scan
log (who checked which worker, where, when, and the answer), partitioned by month, so its old
months are dropped whole. A finding keeps the id of its scan, not a reference the database
enforces: a finding outlives the scan it came from."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import retention
from core.partitions import partitions_drop_before


def _purge_scans(cutoff: Any, batch: int) -> int:
    return partitions_drop_before("workstatus_scanlog", cutoff, batch=batch)


def register_data_classes() -> None:
    retention.register(
        retention.DataClass(
            "worker_status_scans",
            _("Checks of workers' status codes at worksites and gates (by month)"),
            _purge_scans,
        )
    )
