"""How permits read to people: the automatic checks in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from employers.models import Establishment
from permits.checks import FAILED, OFF, PASSED, check_labels
from permits.models import Permit


@dataclass(frozen=True)
class CheckRow:
    code: str
    label: str
    outcome: str  # passed, failed, off
    outcome_label: str
    reason: str

    @property
    def failed(self) -> bool:
        return self.outcome == FAILED


def check_reason(check: dict[str, Any]) -> str:
    """The check's reason, translated now (the message id and its parameters are stored)."""
    message = str(check.get("message") or check.get("reason") or "")
    params = dict(check.get("params") or {})
    if "status" in params and params["status"] in Establishment.Status.values:
        params["status"] = str(Establishment.Status(params["status"]).label)
    if "reason" in params and not params["reason"]:
        params["reason"] = _("no reason recorded")
    text = _(message) if message else ""
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return text


def outcome_labels() -> dict[str, str]:
    return {
        PASSED: pgettext("check outcome", "Passed"),
        FAILED: pgettext("check outcome", "Failed"),
        OFF: _("Switched off by policy"),
    }


def check_rows(permit: Permit) -> list[CheckRow]:
    labels = check_labels()
    outcomes = outcome_labels()
    return [
        CheckRow(
            code=str(check["code"]),
            label=labels.get(str(check["code"]), str(check["code"])),
            outcome=str(check["outcome"]),
            outcome_label=outcomes.get(str(check["outcome"]), str(check["outcome"])),
            reason=check_reason(check),
        )
        for check in permit.checks
    ]


def failed_reasons(permit: Permit) -> str:
    return "; ".join(row.reason for row in check_rows(permit) if row.failed)
