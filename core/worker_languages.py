"""Pages in the workers' own languages (DOMAIN.md section 10).

Most foreign workers in Oman read neither Arabic nor English first. The portal is Arabic first
with English beside it (`settings.SITE_LANGUAGES`); the pages a worker uses are also written in
the languages of the largest groups of workers (`settings.WORKER_LANGUAGES`: Hindi, Bengali,
Urdu, right to left, Malayalam, Tamil and Filipino).

A view says it is a worker's page by construction:

    @worker_page("employment/worker/contract.html")
    def contract_view(request, token): ...

The mark does two things. On the page, the language switch offers every worker language (other
pages offer Arabic and English). And the page's templates, with everything they extend or
include, and the view's module are *worker-facing files*: `tests/test_worker_languages.py` walks
the URL map for marked views and fails when a message of a worker-facing file lacks a
translation in any worker language. A page opened in a worker language that is not a worker's
page reads in English (`labor_portal.compile_messages`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

ATTRIBUTE = "worker_page"


@dataclass(frozen=True)
class WorkerPage:
    """What a worker's page shows: its templates and the modules whose messages it displays."""

    templates: tuple[str, ...]
    modules: tuple[str, ...]


def worker_page(
    *templates: str, modules: tuple[str, ...] = (), own_module: bool = True
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Mark a view as a worker's page, naming the templates it renders (and any module besides
    its own whose messages it shows, such as a form's). `own_module=False` leaves out the view's
    own module when it also holds other audiences' views (name the worker's messages' modules)."""

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            request.worker_page = True  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        own = (view.__module__,) if own_module else ()
        setattr(wrapped, ATTRIBUTE, WorkerPage(tuple(templates), (*own, *modules)))
        return wrapped

    return mark


def worker_language_codes() -> list[str]:
    return [code for code, _name in settings.WORKER_LANGUAGES]


def language_choices(request: HttpRequest, current: str) -> list[tuple[str, str]]:
    """The languages the switch offers on this page, without the current one."""
    languages = settings.LANGUAGES if getattr(request, "worker_page", False) else None
    if languages is None:
        languages = list(settings.SITE_LANGUAGES)
        if current not in dict(languages):  # a worker language on another page: back to it
            languages += [(c, n) for c, n in settings.WORKER_LANGUAGES if c == current]
    return [(code, name) for code, name in languages if code != current]


def page_of(callback: Any) -> WorkerPage | None:
    """The worker-page mark of a URL's view, through any decorators around it."""
    seen = callback
    while seen is not None:
        mark = getattr(seen, ATTRIBUTE, None)
        if isinstance(mark, WorkerPage):
            return mark
        seen = getattr(seen, "__wrapped__", None)
    return None


def worker_pages() -> Iterator[tuple[str, WorkerPage]]:
    """(URL name, mark) of every worker's page in the URL map."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, WorkerPage]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                mark = page_of(pattern.callback)
                if mark is not None:
                    yield f"{namespace}{pattern.name}", mark

    yield from walk(get_resolver().url_patterns, "")


def template_files(name: str) -> set[Path]:
    """The file of template `name` and of every template it extends or includes by a literal
    name, recursively."""
    from django.template.loader import get_template
    from django.template.loader_tags import ExtendsNode, IncludeNode

    found: set[Path] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        template = get_template(current).template  # type: ignore[attr-defined]
        path = Path(template.origin.name)
        if path in found:
            continue
        found.add(path)
        nodes = template.nodelist.get_nodes_by_type(ExtendsNode)
        nodes += template.nodelist.get_nodes_by_type(IncludeNode)
        for node in nodes:
            expression = node.parent_name if isinstance(node, ExtendsNode) else node.template
            literal = getattr(expression, "var", None)
            if isinstance(literal, str):
                pending.append(literal)
    return found


def worker_facing_files() -> set[str]:
    """Every worker-facing file (templates and modules), relative to the project as the message
    catalogues name them."""
    base = Path(settings.BASE_DIR)
    files: set[str] = set()
    for _name, mark in worker_pages():
        for template in mark.templates:
            files |= {str(p.relative_to(base)) for p in template_files(template)}
        for module in mark.modules:
            source = inspect.getsourcefile(__import__(module, fromlist=["_"]))
            if source:
                files.add(str(Path(source).resolve().relative_to(base)))
    return files
