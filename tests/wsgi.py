"""A request as gunicorn hands it to the portal's WSGI application, for tests of what the
application itself does (labor_portal.handlers: which middleware chain serves a path)."""

from __future__ import annotations

import io
import sys
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


def wsgi_call(
    application: Any,
    path: str,
    *,
    body: bytes,
    content_type: str,
    method: str = "POST",
    headers: dict[str, str] | None = None,
    close_connections: bool = False,
) -> tuple[str, list[tuple[str, str]]]:
    """Call `application` once with `body` at `path`; return (status, response headers).
    `headers` are request headers by their HTTP names ("Accept", "X-CSRFToken", "Cookie").
    As Django's test client does, the request signals do not close the test's connection,
    unless `close_connections` asks for Django's handling of connections between requests."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    seen: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status, response_headers, *_exc):
        seen.append((status, response_headers))
        return lambda _data: None

    if not close_connections:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        b"".join(response)
        response.close()
    finally:
        if not close_connections:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
    return seen[0]
