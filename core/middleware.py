"""Request-wide middleware: request id and the JSON request log, language, cache headers, and
the rate limit of visitors who are not signed in."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.urls import get_urlconf, is_valid_path
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path

from core.client_ip import client_ip
from core.ratelimit import minute_add, seconds_left_in_minute
from core.request_context import ip_address_var, request_id_var

logger = structlog.get_logger("portal.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

GetResponse = Callable[[HttpRequest], HttpResponse]


class RequestLogMiddleware:
    """Give each request an id (or keep a sane incoming `X-Request-ID`) and log one JSON line.

    The id is bound into structlog's context, set on `request.request_id`, returned in the
    `X-Request-ID` header, and written into every audit event of the request. The line carries no
    query string and no body: those can hold personal data.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        address = client_ip(request)
        rid_token = request_id_var.set(request_id)
        ip_token = ip_address_var.set(address)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            log = logger.error if status >= 500 else logger.info
            log(
                "request",
                method=request.method,
                path=request.path,
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
                user_id=user_id,
                client_ip=address,
            )
            structlog.contextvars.clear_contextvars()
            request_id_var.reset(rid_token)
            ip_address_var.reset(ip_token)


class PortalLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware with Arabic as the default instead of the browser's language.

    The language comes from the URL prefix; on an unprefixed URL from the person's earlier choice
    (the language cookie); otherwise Arabic. A browser that asks for English still lands in Arabic
    at `/` and switches with one click, which is what a ministry portal of Oman is expected to do.
    """

    def process_request(self, request: HttpRequest) -> None:
        supported = {code for code, _name in settings.LANGUAGES}
        language = get_language_from_path(request.path_info)
        if language is None:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            language = cookie if cookie in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


_PREFIX = re.compile(r"^/(?P<prefix>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)/(?P<rest>.*)$")


class WrongLanguagePrefixMiddleware:
    """Redirect `/fr/...`, `/AR/...` or `/en-gb/...` to the same page under a supported prefix.

    Only a page that exists under the corrected prefix is redirected to; anything else stays 404.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        match = _PREFIX.match(request.path_info)
        if match is None:
            return response
        supported = {code for code, _name in settings.LANGUAGES}
        prefix = match["prefix"]
        if prefix in supported:
            return response
        base = prefix.replace("_", "-").split("-")[0].lower()
        language = base if base in supported else translation.get_language() or "ar"
        target = f"/{language}/{match['rest']}"
        if not is_valid_path(target, get_urlconf()):
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(f"{target}?{query}" if query else target)


class NoStoreForAuthenticatedMiddleware:
    """Pages seen by a signed-in person are never stored by a browser or proxy (ASVS 8.2.1)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class AnonymousRateLimitMiddleware:
    """At most PUBLIC_RATE_LIMIT_PER_MINUTE requests a minute from one address for visitors who
    are not signed in: the public pages and the sign-in and registration forms (a signed-in
    person has their own limits; the G2G API is throttled per client by DRF). Over the
    limit: 429 with Retry-After, and nothing behind it runs. The count lives in the cache; when
    the cache is down the request is let through (a limit must not become an outage)."""

    # the SMS provider's and the payment gateway's signed callbacks come from one address each
    _EXEMPT_PREFIXES = ("/static/", "/health/", "/metrics", "/sms/", "/payments/gateway/", "/api/")

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.PUBLIC_RATE_LIMIT_PER_MINUTE
        user = getattr(request, "user", None)
        if (
            limit <= 0
            or (user is not None and user.is_authenticated)
            or request.path.startswith(self._EXEMPT_PREFIXES)
        ):
            return self.get_response(request)
        count = minute_add("anon-rate", client_ip(request) or "unknown")
        if count is None:  # the cache is down: let the request through
            logger.warning("rate_limit_unavailable")
            return self.get_response(request)
        if count > limit:
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(seconds_left_in_minute())
            return response
        return self.get_response(request)
