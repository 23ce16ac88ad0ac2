"""A fake SMS provider speaking the subset of Twilio's Messages API the portal uses.

It runs on loopback, accepts messages, lists them, and posts signed status callbacks (sent,
then delivered or undelivered) exactly as Twilio does, so the portal talks to it through the
real twilio SDK (only the API base URL differs). Tests and the embedded default use it; nothing
here ever reaches the internet.

Control endpoints (JSON), for tests and benchmarks:
    POST /_control  {"fail": [{"kind": "429"|"500"|"timeout_after_accept"|"final", "count": N,
                      "code": 21211}], "delay": 0.0, "callbacks": true,
                      "delivery": "delivered"|"undelivered:30003"}
    GET  /_messages  every accepted message (sid, to, body, status)
    POST /_reset     forget messages and failure modes

Run it alone: `manage.py run_fake_sms_provider --port 8025`.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from twilio.request_validator import RequestValidator

from core.fakes import LoopbackServer

MESSAGES_PATH = "/Messages.json"


@dataclass
class FakeProviderState:
    auth_token: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    failures: deque[dict[str, Any]] = field(default_factory=deque)
    delay: float = 0.0
    callbacks: bool = True
    delivery: str = "delivered"
    # Client connections open now: once a killed client's are closed, the provider has answered
    # (or dropped) every request that client sent.
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_failure(self) -> dict[str, Any] | None:
        with self.lock:
            while self.failures:
                failure = self.failures[0]
                if failure.get("count", 1) <= 0:
                    self.failures.popleft()
                    continue
                failure["count"] = failure.get("count", 1) - 1
                return dict(failure)
        return None


class FakeSmsProvider(LoopbackServer):
    """The server; `start()` runs it in a thread, `url` is its base URL."""

    def __init__(
        self, *, auth_token: str, port: int = 0, timeout_sleep: float = 3.0, echo: bool = False
    ) -> None:
        self.state = FakeProviderState(auth_token=auth_token)
        self.echo = echo
        self.timeout_sleep = timeout_sleep
        self._callbacks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fake-sms-cb")
        self.serve(_make_handler(self), port)

    def stop(self) -> None:
        super().stop()
        self._callbacks.shutdown(wait=False, cancel_futures=True)

    # -- behaviour ------------------------------------------------------------------------------

    def accept(self, form: dict[str, str], account_sid: str) -> dict[str, Any]:
        now = datetime.datetime.now(datetime.UTC)
        message = {
            "sid": f"SM{uuid.uuid4().hex}",
            "account_sid": account_sid,
            "to": form.get("To", ""),
            "from": form.get("From", ""),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form.get("Body", ""),
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "date_created": format_datetime(now),
            "date_updated": format_datetime(now),
            "date_sent": None,
            "error_code": None,
            "error_message": None,
            "price": None,
        }
        message["uri"] = f"/2010-04-01/Accounts/{account_sid}/Messages/{message['sid']}.json"
        with self.state.lock:
            self.state.messages.append(message)
        if self.echo:
            print(f"[fake SMS to {message['to']}] {message['body']}", flush=True)  # noqa: T201
        callback = form.get("StatusCallback")
        if callback and self.state.callbacks:
            self._callbacks.submit(self._post_callbacks, callback, message)
        return message

    def _post_callbacks(self, url: str, message: dict[str, Any]) -> None:
        final, _sep, code = self.state.delivery.partition(":")
        for status, error in (("sent", ""), (final, code)):
            message["status"] = status
            params = {
                "MessageSid": message["sid"],
                "MessageStatus": status,
                "SmsStatus": status,
                "To": message["to"],
                "AccountSid": message["account_sid"],
            }
            if error:
                params["ErrorCode"] = error
            signature = RequestValidator(self.state.auth_token).compute_signature(url, params)
            data = urllib.parse.urlencode(params).encode()
            request = urllib.request.Request(  # noqa: S310 (loopback URL given by the portal)
                url, data=data, headers={"X-Twilio-Signature": signature}
            )
            try:
                urllib.request.urlopen(request, timeout=5).close()  # noqa: S310  # nosec B310
            except OSError:
                return  # like Twilio: a failed callback is not retried here


def _make_handler(provider: FakeSmsProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle's algorithm the second waits for
        # the client's delayed ACK (about 40 ms) on every keep-alive request.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def setup(self) -> None:
            with provider.state.lock:
                provider.state.connections += 1
            super().setup()

        def finish(self) -> None:
            try:
                super().finish()
            finally:
                with provider.state.lock:
                    provider.state.connections -= 1

        def _send_json(self, status: int, body: Any) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _body(self) -> bytes | None:
            """The request's body, or None when the client went away before all of it arrived
            (killed between the writes of its headers and its body): like any HTTP server, and
            like Twilio, the provider never acts on a request it did not receive whole."""
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if len(raw) < length:
                self.close_connection = True
                return None
            return raw

        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            if parsed.path == "/_messages":
                with provider.state.lock:
                    self._send_json(200, list(provider.state.messages))
                return
            if parsed.path.endswith(MESSAGES_PATH):
                query = urllib.parse.parse_qs(parsed.query)
                to = query.get("To", [None])[0]
                with provider.state.lock:
                    found = [m for m in provider.state.messages if to is None or m["to"] == to]
                self._send_json(
                    200,
                    {
                        "messages": list(reversed(found)),
                        "next_page_uri": None,
                        "page": 0,
                        "page_size": len(found),
                        "uri": parsed.path,
                    },
                )
                return
            self._send_json(404, {"code": 20404, "message": "Not found", "status": 404})

        def do_POST(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            raw = self._body()
            if raw is None:
                return  # nothing to answer: the client is gone
            if parsed.path == "/_control":
                config = json.loads(raw or b"{}")
                with provider.state.lock:
                    provider.state.failures.extend(config.get("fail", []))
                    provider.state.delay = float(config.get("delay", provider.state.delay))
                    provider.state.callbacks = bool(
                        config.get("callbacks", provider.state.callbacks)
                    )
                    provider.state.delivery = config.get("delivery", provider.state.delivery)
                self._send_json(200, {"ok": True})
                return
            if parsed.path == "/_reset":
                with provider.state.lock:
                    provider.state.messages.clear()
                    provider.state.failures.clear()
                    provider.state.delay = 0.0
                    provider.state.callbacks = True
                    provider.state.delivery = "delivered"
                self._send_json(200, {"ok": True})
                return
            if not parsed.path.endswith(MESSAGES_PATH):
                self._send_json(404, {"code": 20404, "message": "Not found", "status": 404})
                return
            account_sid = parsed.path.split("/")[3] if parsed.path.count("/") >= 4 else ""
            form = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
            if provider.state.delay:
                time.sleep(provider.state.delay)
            failure = provider.state.next_failure()
            kind = failure["kind"] if failure else None
            if kind == "429":
                self._send_json(429, {"code": 20429, "message": "Too Many Requests", "status": 429})
            elif kind == "500":
                self._send_json(500, {"code": 20500, "message": "Internal error", "status": 500})
            elif kind == "final":
                code = int(failure.get("code", 21211)) if failure else 21211
                self._send_json(400, {"code": code, "message": "Refused", "status": 400})
            elif kind == "timeout_after_accept":
                provider.accept(form, account_sid)
                time.sleep(provider.timeout_sleep)  # the client gives up before this answer
                self._send_json(201, {"late": True})
            else:
                self._send_json(201, provider.accept(form, account_sid))

    return Handler
