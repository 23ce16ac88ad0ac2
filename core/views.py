"""Platform views: health, bilingual error pages."""

from __future__ import annotations

import time
import uuid
from typing import Any

import structlog
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.access import staff_required
from core.forms import AuditTrailFilterForm
from core.paging import page_with_query
from core.selectors import audit_events_all

logger = structlog.get_logger("portal.health")


def _check(name: str, probe: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = probe()
    except Exception as exc:  # a health check reports every failure instead of raising
        logger.warning("health_check_failed", component=name, error=type(exc).__name__)
        return {"status": "down", "error": type(exc).__name__}
    result = {"status": "ok", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}
    if detail:
        result.update(detail)
    return result


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> dict[str, str]:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache read-back failed")
    cache.delete(key)
    backend = str(settings.CACHES["default"]["BACKEND"])
    return {"backend": backend.rsplit(".", 1)[-1]}


def _broker() -> dict[str, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"mode": "in-process"}
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"mode": "redis"}


@never_cache
@require_GET
def liveness_view(request: HttpRequest) -> JsonResponse:
    """The process answers: no database, cache or broker is asked (a restart decision must not
    depend on them). Readiness is /health/."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def health_view(request: HttpRequest) -> JsonResponse:
    """Readiness: JSON state of database, cache and broker: 200 when all are up, 503 otherwise."""
    checks = {"database": _check("database", _database), "cache": _check("cache", _cache)}
    checks["broker"] = _check("broker", _broker)
    healthy = all(check["status"] == "ok" for check in checks.values())
    body = {"status": "ok" if healthy else "down", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for a scraper on this machine or one with the bearer token (404 for
    anyone else, so the page's existence is not told)."""
    import hmac
    import ipaddress

    from django_prometheus.exports import ExportToDjangoView

    token = settings.METRICS_BEARER_TOKEN
    offered = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return ExportToDjangoView(request)
    # the socket itself, not core.client_ip: a request through the reverse proxy arrives from
    # the proxy's (often loopback) address and carries X-Forwarded-For
    try:
        local = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        local = False
    if local and "HTTP_X_FORWARDED_FOR" not in request.META:
        return ExportToDjangoView(request)
    raise Http404


def page_not_found_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied_view(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "403.html", status=403)


def bad_request_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def server_error_view(request: HttpRequest) -> HttpResponse:
    """Bilingual 500 page with the request id and nothing else: no trace, no settings.

    Rendered without context processors: the database or session may be what failed.
    """
    request_id = getattr(request, "request_id", "")
    try:
        body = loader.get_template("500.html").render({"request_id": request_id})
    except Exception:  # the last resort must not fail in turn
        body = (
            '<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8">'
            "<title>خطأ في الخادم / Server error</title>"
            "<h1>حدث خطأ غير متوقع</h1><p>An unexpected error occurred.</p>"
            f"<p>{request_id}</p></html>"
        )
    return HttpResponse(body, status=500)


@staff_required("core.review_audit_trail")
def audit_trail_view(request: HttpRequest) -> HttpResponse:
    """Ministry staff review the trail of any object, person or request."""
    form = AuditTrailFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events_all(
        action=filters.get("action", "").strip(),
        object_type=filters.get("object_type", "").strip(),
        object_id=filters.get("object_id", "").strip(),
        actor_username=filters.get("actor", "").strip(),
        request_id=filters.get("request_id", "").strip(),
    )
    page, query = page_with_query(request, events, 50)
    return render(request, "core/audit_trail.html", {"form": form, "page": page, "query": query})


def public_home_view(request: HttpRequest) -> HttpResponse:
    """The portal's front door: what it offers, and the way in for each kind of user."""
    return render(request, "core/public_home.html")


def public_about_view(request: HttpRequest) -> HttpResponse:
    """About the portal: the classifications and data it reuses, credited as their owners ask."""
    return render(request, "core/public_about.html")
