"""Delegated requests: a Sanad clerk working inside a consenting person's portal (ADR 0015).

For a signed-in clerk, every request to a page of a person's portal (sanad.scopes) needs the
session's consent to be active now, unexpired to the second, in scope for that page and (for
employer pages) for that establishment, with the centre and the clerk's membership active. It
is read from the database on every request, so a revocation, an expiry or a suspension counts
from the next request. Otherwise the answer is 403 before any view runs: nothing changes.

When it holds, the view sees the PERSON as `request.user`, so every existing ownership and
tenancy check limits the clerk to what the person can reach, and `core.services.audit_record`
records the clerk as actor and the person as on_behalf_of, with a receipt for the person.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import structlog
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve

from accounts.proofs import session_is_strong, strong_sign_in_url
from core.request_context import Delegation, delegation_var
from sanad.scopes import ANY, consent_covers, required_scope

GetResponse = Callable[[HttpRequest], HttpResponse]
SESSION_KEY = "_sanad_consent_id"
logger = structlog.get_logger("portal.sanad")


def _not_verified() -> bool:
    return False


def _on_event(event: Any, *, consent_id: int, person_id: int) -> None:
    from sanad.services import receipt_record

    receipt_record(consent_id=consent_id, person_id=person_id, event=event)


class SanadDelegationMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from accounts.models import User

        user = getattr(request, "user", None)
        request.sanad_consent = None  # type: ignore[attr-defined]
        if user is None or not user.is_authenticated or user.role != User.Role.SANAD_CLERK:
            return self.get_response(request)

        from sanad.selectors import consent_active_for_clerk

        consent = consent_active_for_clerk(clerk=user, consent_id=request.session.get(SESSION_KEY))
        request.sanad_consent = consent  # type: ignore[attr-defined]
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        scope = required_scope(match.view_name)
        if scope is None:
            return self.get_response(request)  # the clerk's own pages, public pages, sign-out
        if scope == ANY and consent is None:
            return self.get_response(request)  # the clerk's own home, as themselves

        if not session_is_strong(request):
            # the clerk signed in with a password alone: no one's portal until the second factor
            return HttpResponseRedirect(strong_sign_in_url(request))
        if consent is None or not consent_covers(
            scopes=consent.scopes,
            establishment_id=consent.establishment_id,
            scope=scope,
            kwargs=match.kwargs,
        ):
            logger.warning(
                "sanad_refused",
                clerk_id=user.pk,
                consent_id=request.session.get(SESSION_KEY),
                view=match.view_name,
                method=request.method,
            )
            raise PermissionDenied

        person = consent.person
        if person is None:  # an active consent always names its person
            raise PermissionDenied
        person.is_verified = _not_verified  # type: ignore[attr-defined]  # no OTP device here
        request.sanad_clerk = user  # type: ignore[attr-defined]
        request.user = person
        label = f"{user.get_username()} ({consent.centre.licence_number})"
        token = delegation_var.set(
            Delegation(
                clerk=user,
                person_id=person.pk,
                label=label,
                on_event=functools.partial(
                    _on_event,
                    consent_id=consent.pk,
                    person_id=person.pk,
                ),
            )
        )
        logger.info(
            "sanad_delegated", clerk_id=user.pk, consent_id=consent.pk, view=match.view_name
        )
        try:
            return self.get_response(request)
        finally:
            delegation_var.reset(token)
            request.user = user  # the request log names the clerk who was signed in
