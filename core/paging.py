"""Paging for list pages whose filters live in the query string."""

from __future__ import annotations

import contextlib
import hashlib
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


class CachedCountPaginator(Paginator):
    """A paginator whose total is counted once per `count_key` and `ttl` seconds, not on every
    page: a public search answering page after page would otherwise count every match each time.
    A total a minute old is fine for "page 3 of 40"; a cache outage only costs the count."""

    def __init__(self, *args: Any, count_key: str, ttl: int = 60, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count_key = "paging-count:" + hashlib.sha256(count_key.encode()).hexdigest()
        self.ttl = ttl

    @cached_property
    def count(self) -> int:
        try:
            cached = cache.get(self.count_key)
        except Exception:  # the cache is down: count instead
            cached = None
        if cached is not None:
            return int(cached)
        total = super().count
        with contextlib.suppress(Exception):  # the count is known; caching it only saves
            cache.set(self.count_key, total, self.ttl)
        return total


def page_with_query(
    request: HttpRequest, items: Any, per_page: int, *, count_key: str | None = None
) -> tuple[Page[Any], str]:
    """The requested page of `items`, and the query string without `page` for page links. With
    `count_key` (what identifies the filtered list, e.g. its normalised filters) the total is
    counted at most once a minute."""
    paginator = (
        CachedCountPaginator(items, per_page, count_key=count_key)
        if count_key is not None
        else Paginator(items, per_page)
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
