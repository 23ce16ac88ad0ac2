"""Fresh proof before an act that binds a person (step-up), and how the act's receipt says it.

Resigning, accepting or declining a contract offer, agreeing to a permit transfer, objecting or
withdrawing an objection, and granting a Sanad consent each need a proof of who is acting that
is at most STEP_UP_MAX_AGE_SECONDS old: a sign-in through the national identity provider, or a
code sent to the mobile the civil registry holds for the person's number (or, for a proven
account, to its verified mobile). The proof is kept in the session with the number it proved;
it never carries over to another number.

A signed-in view uses `@step_up_required`; a page reached by a link without an account (a
contract offer, a transfer consent, an objection) proves by the code the service sent to the
worker's verified number, and records that method itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.models import ProofMethod

PROOF_KEY = "_portal_proof"
# How the session was signed in: "idp" (national digital identity), "password",
# "password+totp" (after the authenticator code), "registry_sms" (a code to the civil
# registry's mobile). Set by every sign-in path; a session without it is weak.
AUTH_METHOD_KEY = "_portal_auth_method"
STRONG_METHODS = frozenset({"idp", "password+totp"})


def session_is_strong(request: HttpRequest) -> bool:
    """Signed in through the national identity provider, or with a password and an
    authenticator code: what acting for an establishment or at a Sanad counter needs (an SMS
    code alone signs a citizen in to their own pages only)."""
    return request.session.get(AUTH_METHOD_KEY) in STRONG_METHODS


def strong_sign_in_url(request: HttpRequest) -> str:
    """Where a person with a weak session goes to make it strong: the authenticator code (set
    up first if they have none) or the national digital identity."""
    from accounts.selectors import has_confirmed_authenticator

    user = request.user
    name = (
        "accounts:two-factor"
        if has_confirmed_authenticator(user=user)  # type: ignore[arg-type]
        else "accounts:two-factor-setup"
    )
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


def proof_record(request: HttpRequest, *, method: str, civil_id: str) -> None:
    """Remember in the session that the person of `civil_id` proved who they are just now."""
    request.session[PROOF_KEY] = {
        "at": time.time(),
        "method": ProofMethod(method).value,
        "civil_id": civil_id,
    }


def proof_forget(request: HttpRequest) -> None:
    request.session.pop(PROOF_KEY, None)


def fresh_proof(request: HttpRequest, *, civil_id: str | None = None) -> str | None:
    """The method of a proof younger than STEP_UP_MAX_AGE_SECONDS for `civil_id` (by default
    the signed-in person's proven number), or None."""
    proof = request.session.get(PROOF_KEY)
    if not isinstance(proof, dict):
        return None
    if civil_id is None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.identity_proven:
            return None
        civil_id = user.civil_id
    if not civil_id or proof.get("civil_id") != civil_id:
        return None
    if time.time() - float(proof.get("at", 0)) > settings.STEP_UP_MAX_AGE_SECONDS:
        return None
    return str(proof.get("method")) or None


def step_up_url(next_url: str, *, act: str = "") -> str:
    query = {"next": next_url}
    if act:
        query["act"] = act
    return f"{reverse('accounts:prove')}?{urlencode(query)}"


ViewFunc = Callable[..., HttpResponse]


def step_up_required(act: str) -> Callable[[ViewFunc], ViewFunc]:
    """The view runs only with a fresh proof of the signed-in person; otherwise it sends them to
    prove (`accounts:prove`) and back. `request.proof_method` then holds the method, for the
    act's receipt. `act` names the act on the proof page (one of ACTS)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not getattr(user, "civil_id", None):
                raise PermissionDenied
            method = fresh_proof(request)
            if method is None:
                return HttpResponseRedirect(step_up_url(request.get_full_path(), act=act))
            request.proof_method = method  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.step_up_act = act  # type: ignore[attr-defined]
        return wrapper

    return decorator


def ACTS() -> dict[str, Any]:  # noqa: N802 - a table of lazily translated names
    """The acts that need a fresh proof, by code, as the proof page and the SMS name them. The
    names are lazy: the SMS writes them in the recipient's language, the page in the visitor's."""
    from django.utils.translation import gettext_lazy as _

    return {
        "resign": _("your resignation"),
        "contract": _("your answer to a contract offer"),
        "transfer": _("your agreement to a permit transfer"),
        "objection": _("your objection"),
        "sanad": _("a Sanad consent"),
        "identity": _("who you are"),
    }
