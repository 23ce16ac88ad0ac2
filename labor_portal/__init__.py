"""The labor services portal project package: settings, URLs, WSGI/ASGI and the Celery app."""

from labor_portal.celery import app as celery_app

__all__ = ["celery_app"]
