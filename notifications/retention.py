"""The classes of data the SMS ledger keeps for a time (core.retention): the messages (their
text and the number they went to) and the status history of every message, both in tables
partitioned by month, so their old months are dropped whole."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _

from core import retention
from core.partitions import partitions_drop_before


def _purge_status_history(cutoff: Any, batch: int) -> int:
    return partitions_drop_before("notifications_smsstatusevent", cutoff, batch=batch)


def _purge_messages(cutoff: Any, batch: int) -> int:
    """Drop the ledger's months past the period (their status history and the notices' links to
    them go first), then the idempotency keys no kept message holds."""
    removed = partitions_drop_before("notifications_smsmessage", cutoff, batch=batch)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM notifications_smsidempotencykey WHERE key IN ("
            "  SELECT k.key FROM notifications_smsidempotencykey k WHERE k.created_at < %s"
            "  AND NOT EXISTS (SELECT 1 FROM notifications_smsmessage m"
            "                  WHERE m.idempotency_key = k.key) LIMIT %s)",
            [cutoff, batch],
        )
        keys = cursor.rowcount
    # a batch of keys alone still asks the sweep for another round
    return removed if removed or keys < batch else batch


def register_data_classes() -> None:
    retention.register(
        retention.DataClass(
            "sms_messages",
            _("Text messages: their text and the number they went to (by month)"),
            _purge_messages,
        )
    )
    retention.register(
        retention.DataClass(
            "sms_status_history",
            _("The status history of text messages (by month)"),
            _purge_status_history,
        )
    )
