"""Counts per address and minute in the cache, for the limits on anonymous traffic (the public
pages' middleware, refused G2G calls). When the cache is down a count reads 0 and an
increment is lost: a limit must not become an outage."""

from __future__ import annotations

import time

from django.core.cache import cache


def _key(scope: str, address: str) -> str:
    return f"{scope}:{address}:{int(time.time() // 60)}"


def minute_count(scope: str, address: str) -> int:
    """The count of `address` in `scope` this minute, without adding to it."""
    try:
        return int(cache.get(_key(scope, address)) or 0)
    except Exception:  # the cache is down
        return 0


def minute_add(scope: str, address: str) -> int | None:
    """Add one to the count of `address` in `scope` this minute; the new count, or None when
    the cache is down."""
    key = _key(scope, address)
    try:
        cache.add(key, 0, timeout=120)
        return int(cache.incr(key))
    except Exception:  # the cache is down
        return None


def seconds_left_in_minute() -> int:
    return 60 - int(time.time() % 60)
