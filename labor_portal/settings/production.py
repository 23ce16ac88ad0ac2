"""Production settings: every secret from the environment, no defaults, HTTPS everywhere.

The process refuses to start without `DJANGO_SECRET_KEY` and `DATABASE_URL`.
"""

from django.core.exceptions import ImproperlyConfigured

from labor_portal.settings.base import *  # noqa: F403
from labor_portal.settings.base import env

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
if not env.str("REDIS_URL", default=""):
    raise ImproperlyConfigured("REDIS_URL must be set in production.")

if env.str("SMS_BACKEND", default="twilio") == "twilio" and not env.str(
    "TWILIO_ACCOUNT_SID", default=""
):
    raise ImproperlyConfigured("TWILIO_ACCOUNT_SID must be set in production (SMS_BACKEND=twilio).")
# The auth token is also the secret that signs the provider's webhooks (delivery receipts, STOP
# replies): whatever SMS_BACKEND says, a public default would let anyone forge them.
if env.str("TWILIO_AUTH_TOKEN", default="") in ("", "fake-provider-auth-token"):
    raise ImproperlyConfigured(
        "TWILIO_AUTH_TOKEN must be set in production to the SMS provider's secret: it signs the "
        "provider's webhooks (delivery receipts and STOP replies), whatever SMS_BACKEND is."
    )

# The payment gateway's keys and the secret that signs its callbacks (payments.webhooks): the
# stub's public defaults would let anyone mark an invoice paid.
for _name in ("PAYMENT_GATEWAY_SECRET_KEY", "PAYMENT_WEBHOOK_SECRET"):
    if env.str(_name, default="").startswith("stub-") or not env.str(_name, default=""):
        raise ImproperlyConfigured(f"{_name} must be set in production to the gateway's secret.")

# The national identity provider (accounts.oidc): the portal's own private keys (JSON Web
# Keys, EC P-256) sign its client assertions and decrypt ID tokens; never made on the fly here.
for _name in ("IDENTITY_CLIENT_PRIVATE_JWK", "IDENTITY_CLIENT_ENCRYPTION_JWK"):
    _value = env.str(_name, default="")
    if '"d"' not in _value:
        raise ImproperlyConfigured(
            f"{_name} must be set in production to the portal's private EC P-256 key as a JSON "
            "Web Key (see .env.example for how to make one)."
        )
if not env.str("IDENTITY_PROVIDER_ISSUER", default="").startswith("https://"):
    raise ImproperlyConfigured(
        "IDENTITY_PROVIDER_ISSUER must be set in production to the national identity provider's "
        "https issuer URL."
    )

# Behind the documented reverse proxy every visitor would otherwise be one address (the proxy's):
# one script could then spend the country's per-address SMS allowance and lock out any username.
# The number of proxies is a decision of the deployment, never a default (core/client_ip.py).
if env.str("PROXY_COUNT", default="").strip() == "":
    raise ImproperlyConfigured(
        "PROXY_COUNT must be set in production: the number of reverse proxies in front of the "
        "portal that append to X-Forwarded-For (1 behind one TLS proxy, 0 with none)."
    )
PROXY_COUNT = env.int("PROXY_COUNT")
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT must be 0 or more.")

DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# /health/ is probed over plain HTTP inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^health/(live/)?$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
