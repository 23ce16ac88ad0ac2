"""Establishments from the commerce registry: the first sync of every registration (203,000 at
national scale) with its owners and activity, then a sync after 1% of them changed, against a
plain COPY of the same rows into the same tables (the floor), all in one run.

The stub runs as its own process (as the registry would), the sync in this one through the real
path (`integrations.services.sync_run`: streamed pages, per-record validation, COPY into a stage
table, the merge into the registry's table, then `employers.registry.establishments_sync`, which
creates or updates the establishments and rewrites their owners, set-based, in the same page
transaction; suspensions and strike-offs go through the per-establishment services). The floor:
the rows the sync stored in the three tables (the registry's records, the establishments, their
owners and signatories), copied out to memory, the tables emptied, and copied back in, one COPY
a table (same indexes and constraints).

    .venv/bin/python -m bench.registry --establishments 203000
The last line printed is JSON: {"establishments", "owners", "full_sync_s", "changed_records",
"changed_sync_s", "copy_floor_s", "ratio", "changed_to_full"}. Goals: ratio <= 4,
changed_to_full < 0.1.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

from bench.sync import _call, stub_entities_synced

ROOT = Path(__file__).resolve().parent.parent
ENTITY = "commerce_registry"
# the stub's world holds one establishment per 30 social-insurance records
PER_ESTABLISHMENT = 30


def _copy_out(table: str, columns: list[str]) -> bytes:
    from django.db import connection

    buffer = io.BytesIO()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY (SELECT {', '.join(columns)} FROM {table}) TO STDOUT"  # nosec B608
        ) as copy,
    ):
        for block in copy:
            buffer.write(block)
    return buffer.getvalue()


def _columns(model: type) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]  # type: ignore[attr-defined]


def _copy_floor(models: list[type]) -> float:
    """Copy each model's table out, empty them, and time one COPY a table back in."""
    from django.db import connection, transaction

    tables = [(m._meta.db_table, _columns(m)) for m in models]  # type: ignore[attr-defined]
    data = [_copy_out(table, columns) for table, columns in tables]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(table for table, _c in tables)} CASCADE")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for (table, columns), rows in zip(tables, data, strict=True):
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                view = memoryview(rows)
                for start in range(0, len(rows), 1 << 20):
                    copy.write(view[start : start + (1 << 20)])
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--establishments", type=int, default=203_000)
    parser.add_argument("--changed", type=float, default=0.01, help="share changed for run 2")
    parser.add_argument("--page-size", type=int, default=50_000)
    args = parser.parse_args(argv)

    from bench.harness import setup_django

    setup_django()

    from employers.models import Establishment, EstablishmentOwner
    from integrations.models import RegistryEstablishment, SyncRun
    from integrations.services import sync_run

    with stub_entities_synced(
        scale=args.establishments * PER_ESTABLISHMENT, entity=ENTITY, page_size=args.page_size
    ) as (url, expected):
        started = time.perf_counter()
        full = sync_run(entity=ENTITY)
        full_s = time.perf_counter() - started
        assert full is not None
        assert full.status == SyncRun.Status.SUCCEEDED, full.failure_reason
        establishments = Establishment.objects.count()
        owners = EstablishmentOwner.objects.count()
        assert establishments == expected["count"] == args.establishments, establishments
        assert owners >= establishments
        print(
            f"full sync: {establishments} establishments with {owners} owners and "
            f"signatories in {full_s:.2f} s ({establishments / full_s:,.0f}/s, "
            f"{full.processed} pages)"
        )

        changed = _call(url, "/_tick", {"entity": ENTITY, "fraction": args.changed})
        started = time.perf_counter()
        second = sync_run(entity=ENTITY)
        changed_s = time.perf_counter() - started
        assert second is not None
        assert second.status == SyncRun.Status.SUCCEEDED, second.failure_reason
        assert second.updated == changed["changed"][ENTITY], (second.updated, changed)
        struck_off = Establishment.objects.filter(status="closed").count()
        print(
            f"changed sync: {second.fetched} records ({second.updated} updated, "
            f"{struck_off} struck off in all) in {changed_s:.2f} s"
        )

        copy_s = _copy_floor([RegistryEstablishment, Establishment, EstablishmentOwner])
        assert Establishment.objects.count() == establishments
        assert EstablishmentOwner.objects.count() == owners
        print(
            f"COPY floor: {establishments} registry records, {establishments} "
            f"establishments, {owners} owners in {copy_s:.2f} s"
        )

    result = {
        "establishments": establishments,
        "owners": owners,
        "full_sync_s": round(full_s, 3),
        "changed_records": second.updated,
        "changed_sync_s": round(changed_s, 3),
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
