"""The class of data the SMS ledger keeps for a time (core.retention): the status history of
every message, in a table partitioned by month, so its old months are dropped whole."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import retention
from core.partitions import partitions_drop_before


def _purge_status_history(cutoff: Any, batch: int) -> int:
    return partitions_drop_before("notifications_smsstatusevent", cutoff, batch=batch)


def register_data_classes() -> None:
    retention.register(
        retention.DataClass(
            "sms_status_history",
            _("The status history of text messages (by month)"),
            _purge_status_history,
        )
    )
