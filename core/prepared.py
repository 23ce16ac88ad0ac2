"""Server-side prepared statements on Django's connection, for the few hot statements whose
planning costs as much as their running (the payment gateway's callback claim, a worker's room
check-in, one establishment's Omanization compliance)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

import psycopg
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from psycopg.types.numeric import Int8Dumper


class PreparedCursor(psycopg.Cursor[Any]):
    """A cursor binding its parameters on the server and preparing each statement it runs, once
    per connection (persistent connections keep the plan), with Python ints sent as bigint so
    that a statement is prepared once whatever the size of its numbers."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        super().__init__(connection)
        self.adapters.register_dumper(int, Int8Dumper)

    def execute(
        self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: Any = None
    ) -> Self:
        return super().execute(query, params, prepare=True, binary=binary)


class _PreparedDebugWrapper(CursorDebugWrapper):
    """Django's debug wrapper, logging the statement as written: a prepared statement has no
    literal text for the backend's last_executed_query to read back."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


@contextmanager
def prepared_cursor() -> Iterator[Any]:
    """Django's cursor (its query log, execute wrappers and error translation) over a
    PreparedCursor on the default connection, in whatever transaction it is in.

    Planning a short statement can cost as much as running it (the payment claim: 0.5 to 1 ms
    each; the check-in: 1.25 ms to plan, 0.8 ms to run); prepared, it is planned once per
    connection. psycopg keeps the prepared statements: after a ROLLBACK, a DROP or an ALTER on
    the connection it deallocates them all and prepares each again at its next use, so a
    statement prepared by hand (PREPARE) beside them would vanish under its caller. Django turns
    psycopg's automatic preparing off (for connection poolers in transaction mode, which this
    deployment does not use: persistent connections, PERFORMANCE.md); a threshold no other
    query reaches turns it back on for this cursor's statements only."""
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = 2**31 - 1
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        # Any: django-stubs types these wrappers' argument as a wrapper, Django passes a driver's
        prepared: Any = PreparedCursor(raw)
    # as Django wraps its own cursors: the debug wrapper logs the query when queries are kept
    cursor = (
        _PreparedDebugWrapper(prepared, connection)
        if connection.queries_logged
        else connection.make_cursor(prepared)
    )
    with cursor:
        yield cursor
