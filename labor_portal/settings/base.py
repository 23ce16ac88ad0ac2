"""Base settings shared by every environment. Environment switches live in env variables.

Topology:
- no `DATABASE_URL`: the embedded PostgreSQL of `labor_portal.embedded_postgres`;
- no `REDIS_URL`: Celery runs tasks in process (eager) and the cache is process-local.
With both set, this is the production topology of `docker-compose.yml`.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

from labor_portal.env import BASE_DIR, env

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # third party
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_prometheus",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "phonenumber_field",
    "django_countries",
    # project
    "core",
    "accounts",
    "taxonomy",
    "employers",
    "omanization",
    "permits",
    "employment",
    "jobseekers",
    "integrations",
    "notifications",
    "sanad",
    "workstatus",
    # labour market information: rollups over every app above (issue 22)
    "lmi",
    "payments",
    "inspections",
    "accommodation",
    # the project package, above every app: its commands (seed_demo, embedded_postgres)
    "labor_portal",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "core.middleware.WrongLanguagePrefixMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.AnonymousRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.StaffSecondFactorMiddleware",
    # a Sanad clerk with an active consent acts as the person (ADR 0015); after auth and OTP
    "sanad.middleware.SanadDelegationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.NoStoreForAuthenticatedMiddleware",
    # axes last: it turns a lockout signalled by the backend into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "labor_portal.urls"
WSGI_APPLICATION = "labor_portal.wsgi.application"
ASGI_APPLICATION = "labor_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from labor_portal.embedded_postgres import embedded_database_settings

    DATABASES = {
        "default": embedded_database_settings(
            Path(env.str("EMBEDDED_PG_DATA", default=str(BASE_DIR / ".data" / "postgres")))
        )
    }
# Persistent connections: 8x the throughput of reconnecting per request (PERFORMANCE.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A read replica for the labour market rollups' reads (lmi.routers): the dashboards and the open
# data read it when DATABASE_REPLICA_URL is set; the embedded default reads the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["lmi.routers.RollupReadRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Redis ----------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")


def _redis_database(url: str, number: int) -> str:
    """The same Redis server as `url` (credentials, TLS and options kept), database `number`."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env.str("CACHE_URL", default="") or _redis_database(REDIS_URL, 1),
            "OPTIONS": {
                # A hung Redis must not hang a page: short timeouts, and cache errors are misses.
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Sessions live in the database, so a Redis outage never logs anybody out (RELIABILITY AS-2).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(timedelta(hours=12).total_seconds())
CSRF_COOKIE_HTTPONLY = True
# Sessions of staff, employers' representatives and Sanad clerks end after 30 idle minutes, every
# session after 12 hours in all (accounts.middleware.SessionLifetimeMiddleware); a clerk's
# session cookie also ends when the browser closes.
STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("STAFF_SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=12))
# A person acting for themselves: 2 idle hours, 12 hours in all.
USER_SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("USER_SESSION_IDLE_MINUTES", default=120))

# --- Authentication ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:home"

# OWASP ASVS 4.0.3 level 2, V2.1: at least 12 characters, checked against common passwords.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: lock by username AND address together, never by address alone: a Sanad centre
# puts many honest people behind one address. 5 failures, then 10 minutes (login.gov).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=10))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_view"
# Requests a minute from one address by visitors who are not signed in (public pages, sign-in and
# registration; core.middleware.AnonymousRateLimitMiddleware). 0 switches the limit off.
PUBLIC_RATE_LIMIT_PER_MINUTE = env.int("PUBLIC_RATE_LIMIT_PER_MINUTE", default=120)
# The open data API (/api/v1/open/, lmi): requests a minute from one address, signed in or not
# (429 with Retry-After over it; X-RateLimit-Limit and -Remaining on every answer), and how long
# browsers and proxies may keep an answer (Cache-Control: public, max-age; ETag and
# Last-Modified for conditional requests). The data changes once a night.
OPEN_DATA_RATE_LIMIT_PER_MINUTE = env.int("OPEN_DATA_RATE_LIMIT_PER_MINUTE", default=60)
OPEN_DATA_CACHE_SECONDS = env.int("OPEN_DATA_CACHE_SECONDS", default=3600)
# Reverse proxies in front of the application (see core/client_ip.py); 0 = trust the socket only.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = _("Labor Services Portal")

# Sanad delegated sessions (ADR 0015): a consent runs this long after the person's code; the
# code itself is valid for SANAD_CODE_VALID_SECONDS and refused after SANAD_CODE_MAX_FAILURES
# wrong tries; requests per civil ID (15 minutes) and per clerk (an hour) are limited.
SANAD_CONSENT_MINUTES = env.int("SANAD_CONSENT_MINUTES", default=30)
SANAD_CODE_VALID_SECONDS = env.int("SANAD_CODE_VALID_SECONDS", default=600)
SANAD_CODE_MAX_FAILURES = env.int("SANAD_CODE_MAX_FAILURES", default=3)
SANAD_REQUESTS_PER_CIVIL_ID = env.int("SANAD_REQUESTS_PER_CIVIL_ID", default=3)
SANAD_REQUESTS_PER_CLERK = env.int("SANAD_REQUESTS_PER_CLERK", default=30)
# The clerk's answer to a consent request never comes sooner than this (ms), whether or not the
# civil ID belongs to anybody: sending the SMS must not reveal who is registered (bench/
# sanad_enumeration.py measures both paths; tests set 0).
SANAD_CONSENT_ANSWER_FLOOR_MS = env.int("SANAD_CONSENT_ANSWER_FLOOR_MS", default=600)

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "ar"
# The portal's languages: Arabic first, English beside it.
SITE_LANGUAGES = [("ar", "العربية"), ("en", "English")]
# The languages of the largest groups of foreign workers (DOMAIN.md section 10). Pages a worker
# uses (core.worker_languages.worker_page) and worker SMS are written in them too; any other page
# opened in one of them reads in English (labor_portal.compile_messages).
WORKER_LANGUAGES = [
    ("hi", "हिन्दी"),
    ("bn", "বাংলা"),
    ("ur", "اردو"),
    ("ml", "മലയാളം"),
    ("ta", "தமிழ்"),
    ("fil", "Filipino"),
]
LANGUAGES = SITE_LANGUAGES + WORKER_LANGUAGES
LANGUAGES_BIDI = ["ar", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["labor_portal.formats"]
USE_TZ = True
TIME_ZONE = "Asia/Muscat"
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT: Path | None = BASE_DIR / ".data" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
# Uploaded case files (workforce imports, permit documents): outside MEDIA_ROOT and the static
# roots, never served by URL; views stream them to whoever may see them.
PRIVATE_FILES_ROOT = Path(
    env.str("PRIVATE_FILES_ROOT", default=str(BASE_DIR / ".data" / "private"))
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security headers ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# --- REST API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"g2g": env.str("G2G_RATE", default="600/min")},
}
# Calls refused for a missing or wrong key, per address and minute, before that address gets 429.
G2G_REFUSED_PER_MINUTE = env.int("G2G_REFUSED_PER_MINUTE", default=30)
SPECTACULAR_SETTINGS = {
    "TITLE": "Labor Services Portal API",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs: for signed-in ministry staff and API clients with a key only.
    "SERVE_AUTHENTICATION": [
        "accounts.api_keys.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "SERVE_PERMISSIONS": ["accounts.api_keys.ReadsApiDocs"],
}

PHONENUMBER_DEFAULT_REGION = "OM"

# /metrics answers a scraper on this machine (a loopback socket with no X-Forwarded-For, so
# nothing that came through the reverse proxy) or one that sends this bearer token; anyone else
# gets 404. Empty: loopback only.
METRICS_BEARER_TOKEN = env.str("METRICS_BEARER_TOKEN", default="")

from labor_portal.settings.components.celery import *  # noqa: E402,F403
from labor_portal.settings.components.identity import *  # noqa: E402,F403
from labor_portal.settings.components.integrations import *  # noqa: E402,F403
from labor_portal.settings.components.logging import *  # noqa: E402,F403
from labor_portal.settings.components.payments import *  # noqa: E402,F403
from labor_portal.settings.components.sms import *  # noqa: E402,F403
