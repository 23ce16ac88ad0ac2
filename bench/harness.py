"""Shared set-up for benchmarks: Django on a throwaway database, timing helpers.

Each benchmark creates its own test database (``test_portal`` on the embedded server or on
``DATABASE_URL``), so a national-scale run never touches the development data, and drops it at
the end unless ``--keep`` is given.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labor_portal.settings.test")
    import django

    django.setup()


# A migrated database to copy instead of migrating anew (bench.processes.bench_output sets it for
# the suite's small-scale runs, which would otherwise spend most of their time in migrations).
TEMPLATE_ENV = "BENCH_TEMPLATE_DATABASE"


@contextmanager
def throwaway_database(*, keep: bool = False) -> Iterator[None]:
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    # A name of its own, so a benchmark never collides with a test run's database.
    name = f"bench_portal_{os.getpid()}"
    template = os.environ.get(TEMPLATE_ENV, "")
    if template and not keep:
        with _copied_database(name, template):
            yield
        return
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    config = setup_databases(verbosity=0, interactive=False, keepdb=keep)
    try:
        yield
    finally:
        if not keep:
            teardown_databases(config, verbosity=0)


@contextmanager
def _copied_database(name: str, template: str) -> Iterator[None]:
    """Database `name` as a copy of the migrated `template` (what setup_databases would have
    built by migrations), used as the test database would be, and dropped at the end."""
    from django.conf import settings
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = original
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Timing:
    label: str
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def repeat(label: str, fn: Callable[[], object], *, times: int, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return Timing(label, samples)
