"""Enumerate the project's named URLs, for tests that must cover every one of a kind."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def named_urls() -> Iterator[tuple[str, URLPattern]]:
    """Yield (`namespace:name`, pattern) for every named URL pattern in the project."""

    def walk(resolver: URLResolver, namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, inner)
            elif entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry

    yield from walk(get_resolver(), "")
