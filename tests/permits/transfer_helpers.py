"""Builders for the transfer tests: a worker the civil registry knows, a request, its code."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from employers.models import Establishment
from notifications.models import SmsMessage
from permits.models import Permit, PermitTransfer
from permits.services import permit_transfer_request
from tests.permits.builders import representative
from tests.permits.registry import registry_mobile_of

# A resident the stub registry knows: its registry mobile is +96891234567.
WORKER = "71234567"
REGISTRY_MOBILE = registry_mobile_of(WORKER)
TYPED_MOBILE = "+96892000001"  # what the employer typed on the permit (tests/permits/builders)


def ask(old: Permit, new_shop: Establishment, **job: Any) -> PermitTransfer:
    """The new employer asks to take over `old` (a valid permit)."""
    values: dict[str, Any] = {
        "occupation_code": "7411",
        "job_level": 4,
        "monthly_salary": Decimal("300"),
    }
    values.update(job)
    return permit_transfer_request(
        to_establishment=new_shop,
        requested_by=representative(new_shop),
        permit_number=old.number,
        passport_number=old.passport_number,
        **values,
    )


def consent_sms(transfer: PermitTransfer) -> SmsMessage:
    return SmsMessage.objects.get(idempotency_key=f"permit-transfer:{transfer.pk}:consent")


def code_of(transfer: PermitTransfer) -> str:
    """The code in the consent SMS as the provider gets it (the ledger shows it masked)."""
    found = re.search(r"\b(\d{6})\b", consent_sms(transfer).body_to_send)
    assert found is not None
    return found.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"
