"""Settings for the test suite: the embedded PostgreSQL (or DATABASE_URL), fast hashing."""

from labor_portal.settings.base import *  # noqa: F403
from labor_portal.settings.base import LOGGING, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105  # pragma: allowlist secret
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests choose Redis per test (tests/conftest.py); by default tasks run in process.
SANAD_CONSENT_ANSWER_FLOOR_MS = 0  # the floor is measured by bench/sanad_enumeration.py
IDENTITY_ANSWER_FLOOR_MS = 0  # measured by bench/identity_enumeration.py
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# SMS go through the twilio SDK; tests that send start the fake provider (tests/conftest.py).
# Anything else that tries to send meets a closed port and is retried, never lost.
SMS_BACKEND = "twilio"
TWILIO_API_BASE_URL = "http://127.0.0.1:1"
TWILIO_AUTH_TOKEN = "test-auth-token"  # noqa: S105  # pragma: allowlist secret
SMS_STATUS_CALLBACK_BASE_URL = "http://testserver"
SMS_PROVIDER_TIMEOUT = 2.0
LOGGING["root"] = {**LOGGING["root"], "level": env.str("LOG_LEVEL", default="WARNING")}  # type: ignore[dict-item]

STATIC_ROOT = None  # nothing is collected here; served by the finders

# Several people (or agents) running the suite on one machine each name their own test database.
if _test_database := env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": _test_database}

# The per-address limit of anonymous visitors is off: a test client is one address that walks
# hundreds of URLs; tests/test_public_limits.py switches it on.
PUBLIC_RATE_LIMIT_PER_MINUTE = 0

# A test database is thrown away: its commits need not wait for the disk (building it by
# migrations commits hundreds of times). Per connection, so a shared embedded server's other
# databases keep their durability.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
