"""Domain errors. Services raise these; views turn them into form errors or messages."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the operation. `message` is translated and safe to show."""

    def __init__(self, message: str, *, extra: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    """The actor may not do this (distinct from 'not found', which views answer with 404)."""
