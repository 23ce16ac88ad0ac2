"""Bearer tokens never reach the logs.

A worker's SMS links (transfer consent, contract offer, objection) and the verification links
carry a token in their path that is enough to act or to read a document. Every log line, ours
and Django's ("Service Unavailable: /ar/permits/transfer-consent/<token>/"), goes through
`redact_tokens`, which replaces each path segment that looks like a token with "[token]".
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

# A path segment of 20 or more URL-safe characters (core.tokens makes 43), or a UUID.
_TOKEN_SEGMENT = re.compile(r"(?<=/)(?:[A-Za-z0-9_-]{20,}|[0-9a-fA-F-]{36})(?=/|$|[?#\s\"'])")


def redact_path(text: str) -> str:
    """`text` with every token-like path segment replaced by "[token]"."""
    return _TOKEN_SEGMENT.sub("[token]", text)


def redact_tokens(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    """A structlog processor: redact the string values of a log line (path, event, message)."""
    for key, value in event_dict.items():
        if isinstance(value, str) and "/" in value:
            event_dict[key] = redact_path(value)
    return event_dict
