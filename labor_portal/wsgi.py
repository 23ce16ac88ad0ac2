"""WSGI entry point (gunicorn): the portal, with the gateway's signed callbacks on a short
middleware chain (labor_portal.handlers)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labor_portal.settings.production")

from labor_portal.handlers import application_for

application = application_for(get_wsgi_application())
