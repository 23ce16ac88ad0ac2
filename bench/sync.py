"""Sync throughput: social-insurance records from the stub entity into an empty database, then
again after 1% of them changed, against a plain COPY of the same rows (the floor).

The stub runs as its own process (as the entity would), the sync in this one through the real
path (`integrations.services.sync_run`: streamed pages, per-record validation, COPY into a stage
table, the ON CONFLICT merge, the watermark in each page's transaction). The floor: the rows the
sync stored, copied out to memory, the table truncated, and copied back in with one COPY into
the same table (same indexes) in the same run.

    .venv/bin/python -m bench.sync --scale 2000000
The last line printed is JSON: {"records", "full_sync_s", "full_records_per_s",
"changed_records", "changed_sync_s", "changed_records_per_s", "copy_floor_s", "ratio",
"changed_to_full"}. Goals: ratio <= 4, changed_to_full < 0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENTITY = "social_insurance"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(url: str, path: str, body: dict[str, object] | None = None, timeout: float = 600) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 (loopback stub)
        f"{url}{path}", data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return dict(json.loads(response.read()))


def _wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _call(url, "/_state", timeout=2)
            return
        except OSError:
            threading.Event().wait(0.1)
    raise RuntimeError("the stub entities did not start")


def _copy_floor(table: str, columns: list[str]) -> float:
    """Copy the table's rows out, empty it, and time one COPY of them back in."""
    from django.db import connection, transaction

    names = ", ".join(columns)
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY (SELECT {names} FROM {table}) TO STDOUT") as copy:
            for block in copy:
                buffer.write(block)
        cursor.execute(f"TRUNCATE {table}")
    data = buffer.getvalue()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            view = memoryview(data)
            for start in range(0, len(data), 1 << 20):
                copy.write(view[start : start + (1 << 20)])
    return time.perf_counter() - started


@contextlib.contextmanager
def stub_entities_synced(*, scale: int, entity: str, page_size: int) -> Iterator[tuple[str, Any]]:
    """The stub entities on a free port (seeded, `scale` records) and, inside a throwaway
    database, the portal's sync settings pointing at them; yields (their URL, the entity's
    summary, asked before timing so the feed is built)."""
    from django.test.utils import override_settings

    from bench.harness import throwaway_database

    port = _free_port()
    stub = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_stub_entities",
            "--port",
            str(port),
            "--seed",
            "1",
            "--scale",
            str(scale),
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "labor_portal.settings.test"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url)
        expected = _call(url, f"/_summary?entity={entity}")
        with (
            throwaway_database(),
            override_settings(
                INTEGRATIONS_STUB_URL=url,
                INTEGRATIONS_BASE_URLS={},
                INTEGRATIONS_PAGE_SIZE=page_size,
                INTEGRATIONS_READ_TIMEOUT=120.0,
                INTEGRATIONS_RUN_MAX_SECONDS=24 * 3600.0,
            ),
        ):
            yield url, expected
    finally:
        stub.terminate()
        stub.wait(timeout=30)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=2_000_000, help="social-insurance records")
    parser.add_argument("--changed", type=float, default=0.01, help="share changed for run 2")
    parser.add_argument("--page-size", type=int, default=50_000)
    args = parser.parse_args(argv)

    from bench.harness import setup_django

    setup_django()

    from integrations.entities import spec_for
    from integrations.models import InsuredEmployment, SyncRun
    from integrations.services import sync_run

    with stub_entities_synced(scale=args.scale, entity=ENTITY, page_size=args.page_size) as (
        url,
        expected,
    ):
        started = time.perf_counter()
        full = sync_run(entity=ENTITY)
        full_s = time.perf_counter() - started
        assert full is not None
        assert full.status == SyncRun.Status.SUCCEEDED, full.failure_reason
        assert InsuredEmployment.objects.count() == expected["count"] == args.scale
        print(
            f"full sync: {full.fetched} records in {full_s:.2f} s "
            f"({full.fetched / full_s:,.0f}/s, {full.processed} pages)"
        )

        changed = _call(url, "/_tick", {"entity": ENTITY, "fraction": args.changed})
        started = time.perf_counter()
        second = sync_run(entity=ENTITY)
        changed_s = time.perf_counter() - started
        assert second is not None
        assert second.status == SyncRun.Status.SUCCEEDED, second.failure_reason
        assert second.updated == changed["changed"][ENTITY], (second.updated, changed)
        print(
            f"changed sync: {second.fetched} records ({second.updated} updated) in "
            f"{changed_s:.2f} s ({second.fetched / changed_s:,.0f}/s)"
        )

        table = InsuredEmployment._meta.db_table
        columns = [*spec_for(ENTITY).field_names, "source_version", "synced_at"]
        copy_s = _copy_floor(table, columns)
        assert InsuredEmployment.objects.count() == args.scale
        print(f"COPY floor: {args.scale} rows in {copy_s:.2f} s")

    result = {
        "records": args.scale,
        "full_sync_s": round(full_s, 3),
        "full_records_per_s": round(args.scale / full_s),
        "changed_records": second.updated,
        "changed_sync_s": round(changed_s, 3),
        "changed_records_per_s": round(second.fetched / changed_s) if changed_s else 0,
        "copy_floor_s": round(copy_s, 3),
        "ratio": round(full_s / copy_s, 2),
        "changed_to_full": round(changed_s / full_s, 4),
    }
    print(
        f"full sync = {result['ratio']}x floor (goal <= 4); "
        f"1%-changed sync = {result['changed_to_full']:.3f} of the full one (goal < 0.1)"
    )
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
