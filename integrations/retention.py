"""The class of personal data the integrations keep for a time (core.retention): records an
entity sent that failed validation, kept as received for staff to read."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import retention
from core.retention_purge import delete_batch


def _purge_rejected(cutoff: Any, batch: int) -> int:
    from integrations.models import RejectedRecord

    return delete_batch(RejectedRecord.objects.filter(received_at__lt=cutoff), batch)


def register_data_classes() -> None:
    retention.register(
        retention.DataClass(
            "rejected_records", _("Records other entities sent that were refused"), _purge_rejected
        )
    )
