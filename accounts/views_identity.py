"""Sign-in through the national identity provider, and the proof asked before a binding act.

/accounts/national-id/           the button (POST pushes the request and redirects)
/accounts/national-id/callback/  the provider sends the browser back here
/accounts/prove/                 prove who you are now: the provider again, or a code
/accounts/prove/code/            the code sent to the civil registry's mobile
/.well-known/jwks.json           the portal's public keys (the provider checks our
                                 client assertions with them and encrypts ID tokens to us)
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import oidc
from accounts.contact import consent_number_for, masked
from accounts.forms import SmsCodeForm
from accounts.http import SignedInRequest
from accounts.identity import IdentityMismatchError, bind_proven_identity, sign_in_by_provider
from accounts.middleware import start_session_clock
from accounts.models import ProofMethod, SmsCode, User
from accounts.proofs import ACTS, AUTH_METHOD_KEY, proof_record
from accounts.registry import RegistryUnavailableError
from accounts.services import session_started
from accounts.sms_codes import SmsCodeError, sms_code_issue, sms_code_verify
from core.forms import attempt
from core.services import audit_record

FLOW_KEY = "_oidc_flow"
STEP_UP_CODE_KEY = "_step_up_code"


def _safe_next(request: HttpRequest, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("accounts:home")


def start_portal_session(request: HttpRequest, user: User, *, method: str) -> None:
    """Sign `user` in and remember how (`idp`, `password`, `registry_sms`, ...)."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    start_session_clock(request)
    request.session[AUTH_METHOD_KEY] = method
    session_started(user=user)


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:national-id-callback"))


def _start_flow(
    request: HttpRequest, *, purpose: str, next_url: str, login_hint: str = "", force: bool = False
) -> HttpResponse:
    try:
        url, flow = oidc.begin(
            redirect_uri=_callback_uri(request),
            purpose=purpose,
            next_url=next_url,
            login_hint=login_hint,
            force_login=force,
        )
    except oidc.IdentityProviderError as error:
        audit_record(actor=None, action=f"accounts.idp_refused.{error.reason}"[:100])
        messages.error(request, error.message)
        return redirect(reverse("accounts:national-id") if purpose == "sign_in" else next_url)
    request.session[FLOW_KEY] = flow.as_session()
    return redirect(url)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def national_id_view(request: HttpRequest) -> HttpResponse:
    """The national digital identity sign-in: a button that goes to the provider."""
    next_url = _safe_next(request)
    if request.method == "POST":
        return _start_flow(request, purpose="sign_in", next_url=next_url)
    return render(request, "accounts/national_id.html", {"next": next_url})


@never_cache
@require_GET
def national_id_callback_view(request: HttpRequest) -> HttpResponse:
    flow = oidc.Flow.from_session(request.session.pop(FLOW_KEY, None))
    params = {k: request.GET.get(k, "") for k in ("code", "state", "iss", "error")}
    try:
        claims = oidc.complete(flow=flow, params=params)
    except oidc.IdentityProviderError as error:
        audit_record(actor=None, action=f"accounts.idp_refused.{error.reason}"[:100])
        messages.error(request, error.message)
        target = reverse("accounts:national-id")
        if flow is not None and flow.purpose == "step_up" and request.user.is_authenticated:
            target = f"{reverse('accounts:prove')}?next={flow.next_url}"
        return render(
            request,
            "accounts/national_id_refused.html",
            {"message": error.message, "retry": target},
            status=400 if error.reason != "provider_unavailable" else 503,
        )
    assert flow is not None
    if flow.purpose == "step_up" and request.user.is_authenticated:
        signed_in = request.user
        done = attempt(
            request,
            lambda: bind_proven_identity(
                civil_id=claims.civil_id,
                method=ProofMethod.IDP,
                subject=claims.subject,
                registry_mobile=claims.phone_number,
                signed_in=signed_in,
            ),
            refused=(IdentityMismatchError,),
        )
        if not done.ok:
            return redirect(f"{reverse('accounts:prove')}?next={flow.next_url}")
        proof_record(request, method=ProofMethod.IDP, civil_id=claims.civil_id)
        return redirect(flow.next_url or reverse("accounts:home"))
    binding = sign_in_by_provider(claims=claims)
    if not binding.user.is_active:
        messages.error(request, _("This account is disabled. Contact the ministry helpdesk."))
        return redirect("accounts:national-id")
    start_portal_session(request, binding.user, method="idp")
    # the sign-in itself is a fresh proof of this number
    proof_record(request, method=ProofMethod.IDP, civil_id=claims.civil_id)
    if binding.reclaimed_from is not None:
        messages.warning(
            request,
            _(
                "Your civil or resident number was registered by another account without proof. "
                "It is now yours alone; that account was told and its sessions ended."
            ),
        )
    next_url = flow.next_url
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("accounts:home")
    return redirect(next_url or "accounts:home")


def _act(request: HttpRequest) -> Any:
    """The act's name, lazily translated (the SMS says it in the recipient's language)."""
    return ACTS().get(request.GET.get("act") or request.POST.get("act") or "", "")


def _act_label(request: HttpRequest) -> str:
    return str(_act(request))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def prove_view(request: SignedInRequest) -> HttpResponse:
    """Prove who you are now, before an act that binds you: the identity provider again, or a
    code to the mobile the civil registry holds for your number."""
    user: User = request.user
    if not user.civil_id or user.is_ministry_staff:
        raise PermissionDenied
    next_url = _safe_next(request)
    act = request.GET.get("act") or request.POST.get("act") or ""
    error = ""
    number = None
    try:
        number = consent_number_for(civil_id=user.civil_id)
    except RegistryUnavailableError as exc:
        error = exc.message
    if number is not None and number.source == "account" and not user.identity_proven:
        number = None  # an unproven account's own mobile proves nothing
    delegated = getattr(request, "sanad_clerk", None) is not None
    if request.method == "POST":
        if request.POST.get("method") == "idp" and not delegated:
            return _start_flow(
                request,
                purpose="step_up",
                next_url=next_url,
                login_hint=user.civil_id,
                force=True,
            )
        if request.POST.get("method") == "sms" and number is not None:
            try:
                code = sms_code_issue(
                    phone=number.number,
                    purpose=SmsCode.Purpose.STEP_UP,
                    user=user,
                    civil_id=user.civil_id,
                    context={"act": _act(request) or ACTS()["identity"]},
                )
            except SmsCodeError as exc:
                error = exc.message
            else:
                request.session[STEP_UP_CODE_KEY] = {
                    "id": code.pk,
                    "source": number.source,
                    "next": next_url,
                }
                return redirect(f"{reverse('accounts:prove-code')}?act={act}")
    context = {
        "next": next_url,
        "act": act,
        "act_label": _act_label(request),
        "number": masked(number.number) if number else "",
        "can_sms": number is not None,
        "error": error,
        "proven": user.identity_proven,
        # at a Sanad counter the clerk's browser never signs in as the person: a code only
        "can_idp": not delegated,
    }
    return render(
        request, "accounts/prove.html", context, status=503 if error and not number else 200
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def prove_code_view(request: SignedInRequest) -> HttpResponse:
    user: User = request.user
    pending = request.session.get(STEP_UP_CODE_KEY)
    if not isinstance(pending, dict) or not user.civil_id:
        return redirect("accounts:prove")
    form = SmsCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: sms_code_verify(
                code_id=pending["id"],
                token=form.cleaned_data["token"],
                purpose=SmsCode.Purpose.STEP_UP,
                civil_id=user.civil_id,
            ),
            form=form,
            error_field="token",
            refused=(SmsCodeError,),
        )
        if done.ok:
            request.session.pop(STEP_UP_CODE_KEY, None)
            method = (
                ProofMethod.REGISTRY_SMS
                if pending.get("source") == "registry"
                else ProofMethod.ACCOUNT_SMS
            )
            if not user.identity_proven or method == ProofMethod.REGISTRY_SMS:
                bind_proven_identity(civil_id=user.civil_id, method=method, signed_in=user)
            proof_record(request, method=method, civil_id=user.civil_id)
            return redirect(pending.get("next") or "accounts:home")
    return render(
        request, "accounts/prove_code.html", {"form": form, "act_label": _act_label(request)}
    )


@require_GET
def jwks_view(request: HttpRequest) -> JsonResponse:
    """The portal's public keys (no private part), for the identity provider."""
    response = JsonResponse(oidc.client_public_jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response


def registry_code_answer_floor(started: float) -> None:
    from core.timing import answer_no_sooner_than

    answer_no_sooner_than(started, floor_ms=settings.IDENTITY_ANSWER_FLOOR_MS)


def now() -> float:
    return time.monotonic()
