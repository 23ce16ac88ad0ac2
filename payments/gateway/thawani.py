"""A thin typed client for Thawani Checkout's REST API (the paths and the `thawani-api-key`
header of its public API and of the community SDK `thawani` 1.1.5, which we read but do not
install: it is not in the offline package index this project builds from, it has no notion of
an idempotent retry, and its errors do not say whether a request may have acted).

The base URL is configurable, so the stub gateway (payments.gateway_stub) answers exactly the
calls production makes. Amounts are baisas, as Thawani's API takes them.
"""

from __future__ import annotations

import datetime
from typing import Any

import requests

from payments.gateway.base import (
    GatewayAmbiguousError,
    GatewayRefund,
    GatewayRejectedError,
    GatewayRetryableError,
    GatewaySession,
    SessionLine,
)

API = "/api/v1"


class ThawaniGateway:
    def __init__(
        self, *, base_url: str, secret_key: str, publishable_key: str, timeout: float
    ) -> None:
        self._base = base_url.rstrip("/")
        self._publishable_key = publishable_key
        self._timeout = timeout
        self._http = requests.Session()
        self._http.headers.update(
            {"thawani-api-key": secret_key, "User-Agent": "labor-portal-payments/1"}
        )

    # -- requests --------------------------------------------------------------------------------

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self._base}{API}{path}"
        try:
            response = self._http.request(method, url, timeout=self._timeout, **kwargs)
        except requests.exceptions.ConnectTimeout as exc:
            raise GatewayRetryableError("connection timed out before sending") from exc
        except requests.exceptions.Timeout as exc:
            raise GatewayAmbiguousError("no answer after the request was sent") from exc
        except requests.exceptions.ConnectionError as exc:
            text = repr(exc.args[0] if exc.args else exc)
            if any(m in text for m in ("NewConnectionError", "Connection refused")):
                raise GatewayRetryableError("gateway unreachable") from exc
            raise GatewayAmbiguousError("connection lost after the request was sent") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise GatewayRetryableError(f"gateway answered {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise GatewayRetryableError("gateway answered something that is not JSON") from exc
        if response.status_code >= 400 or body.get("success") is False:
            raise GatewayRejectedError(str(body.get("description") or response.status_code))
        return body.get("data", body)

    @staticmethod
    def _session(data: dict[str, Any]) -> GatewaySession:
        return GatewaySession(
            session_id=str(data["session_id"]),
            client_reference=str(data.get("client_reference_id", "")),
            payment_status=str(data.get("payment_status", "unpaid")),
            amount_baisas=int(data.get("total_amount", 0)),
            currency=str(data.get("currency", "OMR")),
            payment_id=str(data.get("invoice") or ""),
        )

    # -- the interface ---------------------------------------------------------------------------

    def create_session(
        self,
        *,
        client_reference: str,
        lines: list[SessionLine],
        success_url: str,
        cancel_url: str,
        metadata: dict[str, str],
    ) -> GatewaySession:
        payload = {
            "client_reference_id": client_reference,
            "mode": "payment",
            "products": [
                {
                    "name": line.name[:40],
                    "quantity": line.quantity,
                    "unit_amount": line.unit_amount_baisas,
                }
                for line in lines
            ],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "metadata": metadata,
        }
        return self._session(self._call("POST", "/checkout/session", json=payload))

    def fetch_session(self, *, session_id: str) -> GatewaySession:
        return self._session(self._call("GET", f"/checkout/session/{session_id}"))

    def fetch_by_reference(self, *, client_reference: str) -> GatewaySession | None:
        try:
            data = self._call("GET", f"/checkout/reference/{client_reference}")
        except GatewayRejectedError:
            return None
        return self._session(data)

    def pay_url(self, *, session_id: str) -> str:
        return f"{self._base}/pay/{session_id}?key={self._publishable_key}"

    def refund(
        self, *, payment_id: str, amount_baisas: int, reference: str, reason: str
    ) -> GatewayRefund:
        data = self._call(
            "POST",
            "/refunds",
            json={
                "payment_id": payment_id,
                "amount": amount_baisas,
                "reason": reason[:200],
                "metadata": {"reference": reference},
            },
        )
        return GatewayRefund(
            refund_id=str(data["refund_id"]),
            payment_id=str(data.get("payment_id", payment_id)),
            amount_baisas=int(data.get("amount", amount_baisas)),
            status=str(data.get("status", "refunded")),
            reference=reference,
        )

    def settlement_file(self, *, on: datetime.date) -> str:
        url = f"{self._base}{API}/settlements/{on.isoformat()}.csv"
        try:
            response = self._http.get(url, timeout=max(self._timeout, 60.0))
        except requests.exceptions.RequestException as exc:
            raise GatewayRetryableError("could not fetch the settlement file") from exc
        if response.status_code != 200:
            raise GatewayRetryableError(f"settlement file: gateway answered {response.status_code}")
        return response.text
