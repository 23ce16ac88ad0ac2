"""The payment gateway (Thawani Checkout's API; the stub gateway on loopback by default).

PAYMENT_GATEWAY_URL: the gateway's base URL (https://checkout.thawani.om in production,
https://uatcheckout.thawani.om for its sandbox; the stub's loopback address otherwise).
PAYMENT_WEBHOOK_SECRET signs the gateway's callbacks, which it posts to
/payments/gateway/callback/ (the address is registered with the gateway, as Thawani's webhooks
are; the stub takes it as --callback-url).
"""

from labor_portal.env import env

PAYMENT_GATEWAY_URL = env.str("PAYMENT_GATEWAY_URL", default="http://127.0.0.1:8050")
PAYMENT_GATEWAY_SECRET_KEY = env.str("PAYMENT_GATEWAY_SECRET_KEY", default="stub-secret-key")
PAYMENT_GATEWAY_PUBLISHABLE_KEY = env.str(
    "PAYMENT_GATEWAY_PUBLISHABLE_KEY", default="stub-publishable-key"
)
PAYMENT_WEBHOOK_SECRET = env.str("PAYMENT_WEBHOOK_SECRET", default="stub-webhook-secret")
PAYMENT_GATEWAY_TIMEOUT = env.float("PAYMENT_GATEWAY_TIMEOUT", default=10.0)
