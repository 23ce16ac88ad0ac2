"""Sign-in, sign-out, the staff second factor, the role home page and "my activity"."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import dashboards
from accounts.forms import OneTimeCodeForm, SignInForm
from accounts.http import SignedInRequest
from accounts.middleware import start_session_clock
from accounts.models import User
from accounts.proofs import AUTH_METHOD_KEY, session_is_strong
from accounts.selectors import has_confirmed_authenticator
from accounts.services import (
    SecondFactorError,
    login_failed,
    session_ended,
    session_started,
    totp_device_confirm,
    totp_device_for_enrolment,
    totp_verify,
)
from core.client_ip import client_ip
from core.forms import attempt
from core.selectors import audit_events_concerning


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session[AUTH_METHOD_KEY] = "password"
        start_session_clock(self.request)
        session_started(user=form.get_user())
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        login_failed(username=form.data.get("username", ""), address=client_ip(self.request))
        return super().form_invalid(form)


sign_in_view = SignInView.as_view()


@require_POST
def sign_out_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        session_ended(user=request.user, reason="logout")
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


def lockout_view(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins for this username from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:home")


@login_required
def two_factor_setup_view(request: SignedInRequest) -> HttpResponse:
    """First sign-in of a staff member: scan a QR code, then confirm with a first code."""
    user: User = request.user
    if not may_use_second_factor(user):
        return redirect("accounts:home")
    if has_confirmed_authenticator(user=user):
        return redirect(f"{reverse('accounts:two-factor')}?next={_safe_next(request)}")

    device = totp_device_for_enrolment(user=user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]),
            form=form,
            error_field="token",
            refused=(SecondFactorError,),
        )
        if done.ok and done.value is not None:
            device = done.value
            otp_login(request, device)
            request.session[AUTH_METHOD_KEY] = "password+totp"
            messages.success(request, _("Your authenticator app is set up."))
            return HttpResponseRedirect(_safe_next(request))

    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
        "secret": _group(_base32(device.bin_key)),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_view(request: SignedInRequest) -> HttpResponse:
    """Every staff sign-in: enter the current code from the enrolled authenticator."""
    user: User = request.user
    if not may_use_second_factor(user) or (
        user.is_verified() and session_is_strong(request)  # type: ignore[attr-defined]
    ):
        return HttpResponseRedirect(_safe_next(request))
    if not has_confirmed_authenticator(user=user):
        return redirect(f"{reverse('accounts:two-factor-setup')}?next={_safe_next(request)}")

    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: totp_verify(user=user, token=form.cleaned_data["token"]),
            form=form,
            error_field="token",
            refused=(SecondFactorError,),
        )
        if done.ok and done.value is not None:
            otp_login(request, done.value)
            request.session[AUTH_METHOD_KEY] = "password+totp"
            return HttpResponseRedirect(_safe_next(request))
    return render(request, "accounts/two_factor.html", {"form": form, "next": _safe_next(request)})


@login_required
def home_view(request: SignedInRequest) -> HttpResponse:
    """The signed-in person's home: what their role can do today."""
    user: User = request.user
    dashboard = dashboards.for_user(user)
    return render(request, dashboard.template, dashboard.context)


@login_required
def activity_view(request: SignedInRequest) -> HttpResponse:
    """The audit events that concern the signed-in person."""
    events = audit_events_concerning(person=request.user)
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/activity.html", {"page": page})


def may_use_second_factor(user: User) -> bool:
    """Staff must; employers' representatives and Sanad clerks may (a password sign-in is
    completed by an authenticator code before they act for others)."""
    from accounts.capacities import is_clerk, is_representative

    return (
        user.needs_second_factor
        or user.role in (User.Role.EMPLOYER, User.Role.SANAD_CLERK)
        or is_representative(user)
        or is_clerk(user)
    )


def _base32(key: bytes) -> str:
    from base64 import b32encode

    return b32encode(key).decode("ascii").rstrip("=")


def _group(text: str) -> str:
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def privacy_notice_view(request: HttpRequest, audience: str) -> HttpResponse:
    """The privacy notice for one audience (people, employers, Sanad), open to everyone."""
    from django.http import Http404

    from accounts.privacy import CONTROLLER, NOTICES, RIGHTS

    notice = NOTICES.get(audience)
    if notice is None:
        raise Http404
    context = {
        "notice": notice,
        "controller": CONTROLLER,
        "rights": RIGHTS,
        "audiences": list(NOTICES),
        "audience": audience,
    }
    return render(request, "accounts/privacy_notice.html", context)
