"""The one base of the portal's fake parties on loopback: the SMS provider, the stub government
entities and the national identity provider (each speaks its real protocol; tests and
`./scripts/run` start them).

A fake builds its request handler and calls `self.serve(handler, port)`; it then has `url`,
`start()` (a daemon thread) and `stop()`. The serve loop polls for shutdown every 50 ms, not
socketserver's 500 ms, so a test that starts and stops a fake does not wait half a second.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

POLL_INTERVAL = 0.05


class LoopbackServer:
    server: ThreadingHTTPServer
    _thread: threading.Thread | None = None

    def serve(self, handler: type[BaseHTTPRequestHandler], port: int = 0) -> None:
        """Bind `handler` on 127.0.0.1:`port` (0 picks a free port); `start()` runs it."""
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
