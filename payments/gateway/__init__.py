"""The payment gateway the portal uses: Thawani Checkout's API, against Thawani or the stub
gateway on loopback (PAYMENT_GATEWAY_URL)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from payments.gateway.base import PaymentGateway


@lru_cache(maxsize=4)
def _gateway(
    base_url: str, secret_key: str, publishable_key: str, timeout: float
) -> PaymentGateway:
    from payments.gateway.thawani import ThawaniGateway

    return ThawaniGateway(
        base_url=base_url, secret_key=secret_key, publishable_key=publishable_key, timeout=timeout
    )


def get_gateway() -> PaymentGateway:
    """The configured gateway; one client per process so HTTP connections are reused."""
    return _gateway(
        settings.PAYMENT_GATEWAY_URL,
        settings.PAYMENT_GATEWAY_SECRET_KEY,
        settings.PAYMENT_GATEWAY_PUBLISHABLE_KEY,
        settings.PAYMENT_GATEWAY_TIMEOUT,
    )
