"""The refusals of the inspections services."""

from __future__ import annotations

from core.exceptions import ApplicationError


class InspectionError(ApplicationError):
    """An inspection step was refused; nothing was written. `extra["field"]`, when present,
    names the form field at fault."""


def refuse(message: str, field: str = "") -> InspectionError:
    return InspectionError(message, extra={"field": field} if field else None)
