"""ASGI entry point (optional; production uses WSGI under gunicorn)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labor_portal.settings.production")

application = get_asgi_application()
