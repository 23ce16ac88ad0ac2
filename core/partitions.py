"""Tables that grow without end, partitioned by month (PostgreSQL declarative partitioning).

A partitioned table has one partition per calendar month (`<table>_pYYYYMM`) and a DEFAULT
partition that catches a row no monthly partition holds yet, so an insert never fails.
`partitions_ensure` (beat, daily) creates the partitions of this month and the next
`MONTHS_AHEAD`, moving into a new partition any rows the default partition held for its month;
`partitions_drop_before` drops whole monthly partitions older than a date, which is how
retention removes such a table's old rows (core.retention), and deletes the default
partition's old rows in batches.

The partitioned tables are registered by their apps (`register`, from `AppConfig.ready()`); a
migration converts each with `table_partition_by_month`. PostgreSQL asks that every primary
key and unique index of a partitioned table include the partition key, so the primary key
becomes (id, <column>) while Django keeps reading and writing rows by id (the identity sequence
keeps ids unique), and a table with another unique column keeps that uniqueness elsewhere (the
SMS ledger's idempotency keys have their own table). A foreign key to a partitioned table would
have to name the partition key too, so the references to one are declared with
`db_constraint=False`; dropping a month first removes what refers to its rows
(`_clear_references`), as the database's own ON DELETE would have.

The audit trail's append-only trigger is cloned onto every partition. Moving rows out of the
default partition is a DELETE the trigger refuses, unless the session names the table that
already holds an identical copy of each row (`portal.partition_move_to`, core migration 0006).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

PARTITIONED: dict[str, str] = {}


def register(table: str, column: str) -> None:
    """Declare `table` partitioned by month on `column` (called from `AppConfig.ready()`)."""
    PARTITIONED[table] = column


MONTHS_AHEAD = 3
_MONTHLY = re.compile(r"_p(\d{4})(\d{2})$")


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def monthly_partitions(table: str) -> dict[datetime.date, str]:
    """The monthly partitions of `table`, by their first day."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = %s
            """,
            [table],
        )
        names = [row[0] for row in cursor.fetchall()]
    found: dict[datetime.date, str] = {}
    for name in names:
        match = _MONTHLY.search(name)
        if match:
            found[datetime.date(int(match[1]), int(match[2]), 1)] = name
    return found


@transaction.atomic
def partition_create(table: str, month: datetime.date) -> bool:
    """Create the partition of `table` for `month` (no-op when it exists), moving into it the
    rows the default partition held for that month. Returns whether it was created."""
    month = _month(month)
    if month in monthly_partitions(table):
        return False
    column = PARTITIONED[table]
    name = f"{table}_p{month:%Y%m}"
    start, end = month.isoformat(), _next(month).isoformat()
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TABLE "{name}" (LIKE "{table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)'
        )
        # copy first, then delete the copied rows from the default partition, naming the copy so
        # that an append-only trigger can see each deleted row is kept
        cursor.execute(
            f'INSERT INTO "{name}" SELECT * FROM "{table}_default" '  # noqa: S608  # nosec B608 # identifiers
            f'WHERE "{column}" >= %s AND "{column}" < %s',
            [start, end],
        )
        cursor.execute("SELECT set_config('portal.partition_move_to', %s, true)", [name])
        cursor.execute(
            f'DELETE FROM "{table}_default" WHERE "{column}" >= %s AND "{column}" < %s',  # noqa: S608  # nosec B608 # identifiers
            [start, end],
        )
        cursor.execute("SELECT set_config('portal.partition_move_to', '', true)")
        cursor.execute(
            f'ALTER TABLE "{table}" ATTACH PARTITION "{name}" '
            f"FOR VALUES FROM ('{start}') TO ('{end}')"
        )
    return True


def partitions_ensure(
    *, today: datetime.date | None = None, months_ahead: int = MONTHS_AHEAD
) -> list[str]:
    """Create the partitions of this month and the next `months_ahead` for every partitioned
    table; returns the names created."""
    month = _month(today or timezone.localdate())
    created = []
    for table in PARTITIONED:
        current = month
        for _ in range(months_ahead + 1):
            if partition_create(table, current):
                created.append(f"{table}_p{current:%Y%m}")
            current = _next(current)
    return created


def partitions_drop_before(table: str, cutoff: datetime.datetime, *, batch: int = 1000) -> int:
    """Drop the monthly partitions of `table` whose month ended before `cutoff`, and delete up to
    `batch` of the default partition's rows older than it; returns the rows removed."""
    column = PARTITIONED[table]
    removed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # deferred foreign-key checks of rows written earlier in this transaction run now: a
        # table with pending checks cannot be dropped
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for month, name in sorted(monthly_partitions(table).items()):
            end = datetime.datetime.combine(_next(month), datetime.time(), tzinfo=cutoff.tzinfo)
            if end > cutoff:
                continue
            cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608  # nosec B608 # a partition's name
            removed += int(cursor.fetchone()[0])
            _clear_references(cursor, table, f'SELECT id FROM "{name}"')  # noqa: S608  # nosec B608
            cursor.execute(f'ALTER TABLE "{table}" DETACH PARTITION "{name}"')
            cursor.execute(f'DROP TABLE "{name}"')
        cursor.execute(
            "CREATE TEMPORARY TABLE _partition_expired ON COMMIT DROP AS "  # noqa: S608  # nosec B608
            f'SELECT id FROM "{table}_default" WHERE "{column}" < %s LIMIT %s',  # identifiers
            [cutoff, batch],
        )
        _clear_references(cursor, table, "SELECT id FROM _partition_expired")
        cursor.execute(
            f'DELETE FROM "{table}_default" WHERE id IN (SELECT id FROM _partition_expired)'  # noqa: S608  # nosec B608 # identifiers
        )
        removed += cursor.rowcount
        cursor.execute("DROP TABLE _partition_expired")
    return removed


def _clear_references(cursor: Any, table: str, ids_sql: str) -> None:
    """Before rows of `table` go (the ids `ids_sql` selects), do what ON DELETE would have done
    to the rows that refer to them without a database constraint: delete them (CASCADE, and the
    links of a many-to-many field) or empty the reference (SET_NULL). Another action refuses."""
    from django.apps import apps

    target = next((m for m in apps.get_models() if m._meta.db_table == table), None)
    if target is None:
        return
    for relation in target._meta.related_objects:
        field = relation.field
        referring = relation.related_model
        if relation.many_to_many:
            through = relation.through._meta  # type: ignore[attr-defined]
            column = next(
                f.column
                for f in through.fields
                if getattr(f, "related_model", None) is target and f.concrete
            )
            cursor.execute(
                f'DELETE FROM "{through.db_table}" WHERE "{column}" IN ({ids_sql})'  # noqa: S608  # nosec B608 # identifiers from the model registry
            )
            continue
        if getattr(field, "db_constraint", True):
            continue  # the database enforces this one (and refuses the drop if rows refer)
        on_delete = relation.on_delete
        ref_table, ref_column = referring._meta.db_table, field.column
        if on_delete is models.CASCADE:
            cursor.execute(
                f'DELETE FROM "{ref_table}" WHERE "{ref_column}" IN ({ids_sql})'  # noqa: S608  # nosec B608 # identifiers from the model registry
            )
        elif on_delete is models.SET_NULL:
            cursor.execute(
                f'UPDATE "{ref_table}" SET "{ref_column}" = NULL '  # noqa: S608  # nosec B608 # identifiers from the model registry
                f'WHERE "{ref_column}" IN ({ids_sql})',
            )
        else:
            cursor.execute(
                f'SELECT 1 FROM "{ref_table}" WHERE "{ref_column}" IN ({ids_sql}) LIMIT 1'  # noqa: S608  # nosec B608 # identifiers from the model registry
            )
            if cursor.fetchone():
                raise models.ProtectedError(
                    f"rows of {ref_table} still refer to rows of {table} past their period",
                    set(),
                )


def table_partition_by_month(
    cursor: Any, table: str, column: str, *, months_ahead: int = 3
) -> None:
    """Turn the ordinary table `table` into one partitioned by month on `column`, keeping its
    rows, columns, defaults, identity, indexes, foreign keys, checks and triggers.

    Every month from the oldest row's to `months_ahead` ahead gets its partition, with a
    DEFAULT partition for the rest; the primary key becomes (id, column). Refuses a table that
    other tables still reference with a constraint, or that has a unique index other than its
    primary key (neither can exist on a partitioned table): drop them first.
    """
    cursor.execute(
        "SELECT conrelid::regclass::text FROM pg_constraint "
        "WHERE confrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    inbound = [row[0] for row in cursor.fetchall()]
    if inbound:
        raise RuntimeError(f"{table} is still referenced with a constraint by {inbound}")
    cursor.execute(
        "SELECT indexrelid::regclass::text FROM pg_index "
        "WHERE indrelid = %s::regclass AND indisunique AND NOT indisprimary",
        [table],
    )
    unique = [row[0] for row in cursor.fetchall()]
    if unique:
        raise RuntimeError(f"{table} has unique indexes {unique}: they cannot be partitioned")
    cursor.execute(
        "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass AND NOT indisprimary",
        [table],
    )
    indexes = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'c')",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
        "WHERE tgrelid = %s::regclass AND NOT tgisinternal",
        [table],
    )
    triggers = [row[0] for row in cursor.fetchall()]
    old = f"{table}_unpartitioned"
    # deferred foreign-key checks of rows written earlier in the transaction run now (a table
    # with pending checks cannot be dropped)
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
    cursor.execute(
        f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING IDENTITY) '
        f'PARTITION BY RANGE ("{column}")'
    )
    cursor.execute(f'CREATE TABLE "{table}_default" PARTITION OF "{table}" DEFAULT')
    cursor.execute(f'SELECT min("{column}") FROM "{old}"')  # noqa: S608  # nosec B608 # identifiers
    oldest = cursor.fetchone()[0]
    # the bounds are midnights UTC (the connection's time zone)
    month = _month(oldest.astimezone(datetime.UTC).date() if oldest else timezone.localdate())
    last = _month(timezone.localdate())
    for _ in range(months_ahead):
        last = _next(last)
    while month <= last:
        cursor.execute(
            f'CREATE TABLE "{table}_p{month:%Y%m}" PARTITION OF "{table}" '
            f"FOR VALUES FROM ('{month.isoformat()}') TO ('{_next(month).isoformat()}')"
        )
        month = _next(month)
    cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')  # noqa: S608  # nosec B608 # identifiers
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608  # nosec B608
        f'COALESCE((SELECT max(id) FROM "{table}"), 0) + 1, false)',  # identifiers
    )
    cursor.execute(f'DROP TABLE "{old}"')
    cursor.execute(f'ALTER TABLE "{table}" ADD PRIMARY KEY (id, "{column}")')
    for definition in indexes:
        cursor.execute(definition)
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for definition in triggers:
        cursor.execute(definition)
