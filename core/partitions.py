"""Tables that grow without end, partitioned by month (PostgreSQL declarative partitioning).

A partitioned table has one partition per calendar month (`<table>_pYYYYMM`) and a DEFAULT
partition that catches a row no monthly partition holds yet, so an insert never fails.
`partitions_ensure` (beat, daily) creates the partitions of this month and the next
`MONTHS_AHEAD`, moving into a new partition any rows the default partition held for its month;
`partitions_drop_before` drops whole monthly partitions older than a date, which is how
retention removes such a table's old rows (core.retention), and deletes the default
partition's old rows in batches.

The partitioned tables (their migration converts them) are listed in PARTITIONED. A table that
other tables reference by id cannot be partitioned this way (a foreign key to a partitioned
table must include the partition key), so the SMS ledger and the audit trail are not here yet.
"""

from __future__ import annotations

import datetime
import re

from django.db import connection, transaction
from django.utils import timezone

PARTITIONED: dict[str, str] = {"notifications_smsstatusevent": "occurred_at"}
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
        cursor.execute(f'CREATE TABLE "{name}" (LIKE "{table}" INCLUDING DEFAULTS)')
        cursor.execute(
            f'WITH moved AS (DELETE FROM "{table}_default" WHERE "{column}" >= %s '  # noqa: S608  # noqa: S608  # nosec B608 # identifiers
            f'AND "{column}" < %s RETURNING *) INSERT INTO "{name}" SELECT * FROM moved',
            [start, end],
        )
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
            cursor.execute(f'ALTER TABLE "{table}" DETACH PARTITION "{name}"')
            cursor.execute(f'DROP TABLE "{name}"')
        cursor.execute(
            f'DELETE FROM "{table}_default" WHERE ctid IN (SELECT ctid FROM "{table}_default" '  # noqa: S608  # nosec B608 # identifiers
            f'WHERE "{column}" < %s LIMIT %s)',
            [cutoff, batch],
        )
        removed += cursor.rowcount
    return removed
