"""Settings for a developer's machine and the README's run command (embedded default)."""

from labor_portal.settings.base import *  # noqa: F403
from labor_portal.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed, clearly non-production key for the embedded default only; production has no default.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-development-key-not-for-production-use")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # nothing is collected here; served by the finders
# The embedded default sends SMS through the twilio SDK to the fake provider that scripts/run
# starts on loopback, and asks it for delivery receipts at the dev server.
TWILIO_API_BASE_URL = env.str("TWILIO_API_BASE_URL", default="http://127.0.0.1:8025")
SMS_STATUS_CALLBACK_BASE_URL = env.str(
    "SMS_STATUS_CALLBACK_BASE_URL", default=f"http://127.0.0.1:{env.str('PORT', default='8000')}"
)
