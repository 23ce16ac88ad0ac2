"""A stub payment gateway speaking the subset of Thawani Checkout's API the portal uses.

It runs on loopback: it makes checkout sessions (one per client reference: a retried create
gets the same session), serves a hosted page where the payer pays, cancels or is refused,
charges at most once per session, posts signed callbacks (`thawani-signature` over
`body-timestamp`), answers session status by id and by reference, refunds (one per refund
reference), and writes a daily settlement file (CSV) of what it settled. Nothing here ever
reaches the internet. The portal talks to it through the same client it uses for Thawani
(payments.gateway.thawani); only the base URL differs.

Fault modes, set with POST /_control (JSON), for tests, benchmarks and demos:
    {"delay": 0.5}                                  every API answer waits this long (slow)
    {"fail": [{"op": "create"|"fetch"|"refund"|"any",
               "kind": "500"|"timeout_after_accept", "count": N}]}
                                                    5xx; or act, then answer too late
    {"callbacks": "normal"|"lost"|"repeat"|"out_of_order"}
                                                    lost: no callback; repeat: the same callback
                                                    twice; out_of_order: the payment, then a
                                                    stale "unpaid" event for the same session
Read: GET /_charges, GET /_refunds, GET /_callbacks (what was posted); POST /_reset.

When `deliver` is given (tests), callbacks are handed to it instead of being posted, so a test
delivers them through Django's test client in its own transaction.

Run it alone: `manage.py run_stub_gateway --port 8050 --callback-url http://127.0.0.1:8000/...`.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from zoneinfo import ZoneInfo

from core.fakes import LoopbackServer
from payments.gateway.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

API = "/api/v1"
MUSCAT = ZoneInfo("Asia/Muscat")
Deliver = Callable[[bytes, dict[str, str]], None]


@dataclass
class StubState:
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_reference: dict[str, str] = field(default_factory=dict)
    charges: list[dict[str, Any]] = field(default_factory=list)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)  # by our reference
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    failures: deque[dict[str, Any]] = field(default_factory=deque)
    delay: float = 0.0
    callback_mode: str = "normal"
    lock: threading.RLock = field(default_factory=threading.RLock)

    def next_failure(self, op: str) -> dict[str, Any] | None:
        with self.lock:
            for failure in list(self.failures):
                if failure.get("op", "any") not in (op, "any"):
                    continue
                if failure.get("count", 1) <= 0:
                    self.failures.remove(failure)
                    continue
                failure["count"] = failure.get("count", 1) - 1
                return dict(failure)
        return None


class StubGateway(LoopbackServer):
    """The server; `start()` runs it in a thread, `url` is its base URL."""

    def __init__(
        self,
        *,
        secret_key: str,
        webhook_secret: str,
        callback_url: str = "",
        port: int = 0,
        timeout_sleep: float = 3.0,
        deliver: Deliver | None = None,
        echo: bool = False,
    ) -> None:
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.callback_url = callback_url
        self.timeout_sleep = timeout_sleep
        self.deliver = deliver
        self.echo = echo
        self.state = StubState()
        self.serve(_make_handler(self), port)

    # -- behaviour --------------------------------------------------------------------------------

    def session_create(self, body: dict[str, Any]) -> dict[str, Any]:
        reference = str(body.get("client_reference_id") or "")
        products = body.get("products") or []
        with self.state.lock:
            existing = self.state.by_reference.get(reference)
            if existing:
                return self.state.sessions[existing]
            total = sum(int(p["unit_amount"]) * int(p.get("quantity", 1)) for p in products)
            session_id = f"checkout_{uuid.uuid4().hex}"
            session = {
                "session_id": session_id,
                "client_reference_id": reference,
                "payment_status": "unpaid",
                "total_amount": total,
                "currency": "OMR",
                "products": products,
                "success_url": body.get("success_url", ""),
                "cancel_url": body.get("cancel_url", ""),
                "metadata": body.get("metadata") or {},
                "invoice": None,
                "created_at": _now_iso(),
            }
            self.state.sessions[session_id] = session
            self.state.by_reference[reference] = session_id
            return session

    def pay(self, session_id: str, outcome: str) -> dict[str, Any] | None:
        """The payer's act on the hosted page: `paid`, `cancelled` or `failed`. A session is
        charged once: paying a paid session again changes nothing."""
        with self.state.lock:
            session = self.state.sessions.get(session_id)
            if session is None:
                return None
            if session["payment_status"] == "paid":
                return session
            session["payment_status"] = outcome
            if outcome == "paid":
                session["invoice"] = f"pay_{uuid.uuid4().hex[:24]}"
                self.state.charges.append(
                    {
                        "payment_id": session["invoice"],
                        "session_id": session_id,
                        "client_reference_id": session["client_reference_id"],
                        "amount": session["total_amount"],
                        "currency": "OMR",
                        "settled_on": _today().isoformat(),
                    }
                )
            snapshot = dict(session)
        if outcome == "paid":
            self._send_callbacks(snapshot)
        return snapshot

    def refund(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        reference = str((body.get("metadata") or {}).get("reference") or "")
        payment_id = str(body.get("payment_id") or "")
        amount = body.get("amount")
        with self.state.lock:
            if reference and reference in self.state.refunds:
                return 200, self.state.refunds[reference]
            charge = next((c for c in self.state.charges if c["payment_id"] == payment_id), None)
            if charge is None:
                return 404, {"success": False, "code": 4004, "description": "Payment not found"}
            refunded = sum(
                r["amount"] for r in self.state.refunds.values() if r["payment_id"] == payment_id
            )
            if not isinstance(amount, int) or amount <= 0 or amount + refunded > charge["amount"]:
                return 400, {"success": False, "code": 4000, "description": "Invalid amount"}
            refund: dict[str, Any] = {
                "refund_id": f"refund_{uuid.uuid4().hex[:24]}",
                "payment_id": payment_id,
                "amount": amount,
                "status": "refunded",
                "reference": reference,
                "settled_on": _today().isoformat(),
            }
            self.state.refunds[reference or refund["refund_id"]] = refund
            return 200, refund

    def settlement_csv(self, on: str) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            ["kind", "reference", "client_reference", "session_id", "amount", "currency"]
        )
        with self.state.lock:
            for charge in self.state.charges:
                if charge["settled_on"] == on:
                    writer.writerow(
                        [
                            "payment",
                            charge["payment_id"],
                            charge["client_reference_id"],
                            charge["session_id"],
                            charge["amount"],
                            charge["currency"],
                        ]
                    )
            for refund in self.state.refunds.values():
                if refund["settled_on"] == on:
                    writer.writerow(
                        [
                            "refund",
                            refund["refund_id"],
                            refund["reference"],
                            "",
                            refund["amount"],
                            "OMR",
                        ]
                    )
        return out.getvalue()

    def _send_callbacks(self, session: dict[str, Any]) -> None:
        mode = self.state.callback_mode
        if mode == "lost":
            return
        paid = _event(session, "checkout.completed")
        events = [paid]
        if mode == "repeat":
            events = [paid, paid]
        elif mode == "out_of_order":
            stale = dict(session, payment_status="unpaid", invoice=None)
            events = [paid, _event(stale, "checkout.created")]
        for event in events:
            self.post_callback(event)

    def post_callback(self, event: dict[str, Any]) -> None:
        body = json.dumps(event).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(secret=self.webhook_secret, body=body, timestamp=timestamp),
            TIMESTAMP_HEADER: timestamp,
        }
        with self.state.lock:
            self.state.callbacks.append({"event": event, "headers": headers})
        if self.deliver is not None:
            self.deliver(body, headers)
            return
        if not self.callback_url:
            return
        request = urllib.request.Request(  # noqa: S310 (loopback URL given at start)
            self.callback_url, data=body, headers=headers
        )
        try:
            urllib.request.urlopen(request, timeout=5).close()  # noqa: S310  # nosec B310
        except OSError:
            return  # like a real gateway: a failed callback is not retried here


def _event(session: dict[str, Any], event_type: str) -> dict[str, Any]:
    return {
        "event_type": event_type,
        "data": {
            "session_id": session["session_id"],
            "client_reference_id": session["client_reference_id"],
            "payment_status": session["payment_status"],
            "total_amount": session["total_amount"],
            "currency": session["currency"],
            "invoice": session.get("invoice"),
        },
    }


def _now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def _today() -> datetime.date:
    """The settlement day: Muscat's date (the gateway settles by the local business day)."""
    return datetime.datetime.now(MUSCAT).date()


def _public(session: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in session.items() if k not in {"success_url", "cancel_url"}}


PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>بوابة الدفع التجريبية / Stub payment gateway</title></head><body>
<h1>بوابة الدفع التجريبية / Stub payment gateway</h1>
<p>المبلغ / Amount: {amount} OMR ({baisas} baisas)</p><p>{reference}</p>
<form method="post" action="/pay/{sid}/pay"><button>ادفع / Pay</button></form>
<form method="post" action="/pay/{sid}/cancel"><button>إلغاء / Cancel</button></form>
<form method="post" action="/pay/{sid}/fail"><button>رفض البطاقة / Card refused</button></form>
</body></html>"""


def _make_handler(gateway: StubGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, payload: bytes, content_type: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def _json(self, status: int, body: Any) -> None:
            self._send(status, json.dumps(body).encode(), "application/json")

        def _ok(self, data: Any, description: str = "OK") -> None:
            self._json(
                200, {"success": True, "code": 2000, "description": description, "data": data}
            )

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _authorised(self) -> bool:
            if self.headers.get("thawani-api-key") == gateway.secret_key:
                return True
            self._json(401, {"success": False, "code": 4010, "description": "Unauthorized"})
            return False

        def _fault(self, op: str) -> str | None:
            """Apply the delay and a 5xx; return "timeout_after_accept" when the caller must
            act and then answer too late."""
            if gateway.state.delay:
                time.sleep(gateway.state.delay)
            failure = gateway.state.next_failure(op)
            if failure is None:
                return None
            if failure["kind"] == "500":
                self._json(500, {"success": False, "code": 5000, "description": "Server error"})
                return "answered"
            return str(failure["kind"])

        def _late(self) -> None:
            time.sleep(gateway.timeout_sleep)  # the client gave up before this

        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            path = parsed.path
            if path == "/_charges":
                with gateway.state.lock:
                    self._json(200, list(gateway.state.charges))
                return
            if path == "/_refunds":
                with gateway.state.lock:
                    self._json(200, list(gateway.state.refunds.values()))
                return
            if path == "/_callbacks":
                with gateway.state.lock:
                    self._json(200, [c["event"] for c in gateway.state.callbacks])
                return
            if path.startswith("/pay/"):
                sid = path.removeprefix("/pay/").strip("/")
                session = gateway.state.sessions.get(sid)
                if session is None:
                    self._send(404, b"Not found", "text/plain")
                    return
                page = PAGE.format(
                    amount=f"{session['total_amount'] / 1000:.3f}",
                    baisas=session["total_amount"],
                    reference=html.escape(session["client_reference_id"]),
                    sid=html.escape(sid),
                )
                self._send(200, page.encode(), "text/html; charset=utf-8")
                return
            if not path.startswith(API):
                self._json(404, {"success": False, "code": 4004, "description": "Not found"})
                return
            if not self._authorised():
                return
            rest = path.removeprefix(API)
            if rest.startswith("/settlements/") and rest.endswith(".csv"):
                day = rest.removeprefix("/settlements/").removesuffix(".csv")
                self._send(200, gateway.settlement_csv(day).encode(), "text/csv")
                return
            fault = self._fault("fetch")
            if fault == "answered":
                return
            session = None
            if rest.startswith("/checkout/session/"):
                session = gateway.state.sessions.get(rest.removeprefix("/checkout/session/"))
            elif rest.startswith("/checkout/reference/"):
                known = gateway.state.by_reference.get(rest.removeprefix("/checkout/reference/"))
                session = gateway.state.sessions.get(known or "")
            if fault == "timeout_after_accept":
                self._late()
            if session is None:
                self._json(404, {"success": False, "code": 4004, "description": "Not found"})
                return
            self._ok(_public(session))

        def do_POST(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            path = parsed.path
            raw = self._body()
            if path == "/_control":
                config = json.loads(raw or b"{}")
                with gateway.state.lock:
                    gateway.state.failures.extend(config.get("fail", []))
                    gateway.state.delay = float(config.get("delay", gateway.state.delay))
                    gateway.state.callback_mode = str(
                        config.get("callbacks", gateway.state.callback_mode)
                    )
                self._json(200, {"ok": True})
                return
            if path == "/_reset":
                with gateway.state.lock:
                    gateway.state = StubState()
                self._json(200, {"ok": True})
                return
            if path.startswith("/pay/"):
                sid, _sep, action = path.removeprefix("/pay/").partition("/")
                outcome = {"pay": "paid", "cancel": "cancelled", "fail": "failed"}.get(action)
                session = gateway.pay(sid, outcome) if outcome else None
                if session is None:
                    self._send(404, b"Not found", "text/plain")
                    return
                target = session["success_url"] if outcome == "paid" else session["cancel_url"]
                if gateway.echo:
                    print(  # noqa: T201
                        f"[stub gateway] {session['client_reference_id']}: {outcome}", flush=True
                    )
                self._send(303, b"", "text/plain", Location=target or "/")
                return
            if not path.startswith(API):
                self._json(404, {"success": False, "code": 4004, "description": "Not found"})
                return
            if not self._authorised():
                return
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._json(400, {"success": False, "code": 4000, "description": "Bad JSON"})
                return
            rest = path.removeprefix(API)
            if rest == "/checkout/session":
                fault = self._fault("create")
                if fault == "answered":
                    return
                products = body.get("products") or []
                if not products or not all(
                    isinstance(p.get("unit_amount"), int) and p["unit_amount"] > 0 for p in products
                ):
                    self._json(400, {"success": False, "code": 4000, "description": "Bad amount"})
                    return
                session = gateway.session_create(body)
                if fault == "timeout_after_accept":
                    self._late()
                self._ok(_public(session), "Session generated successfully")
                return
            if rest == "/refunds":
                fault = self._fault("refund")
                if fault == "answered":
                    return
                status, refund = gateway.refund(body)
                if fault == "timeout_after_accept":
                    self._late()
                if status != 200:
                    self._json(status, refund)
                    return
                self._ok(refund, "Refund created")
                return
            self._json(404, {"success": False, "code": 4004, "description": "Not found"})

    return Handler
