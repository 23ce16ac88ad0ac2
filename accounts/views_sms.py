"""Citizens sign in with their civil ID and an SMS code; new jobseekers verify their mobile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.forms import AlertPreferencesForm, CivilIdForm, JobseekerRegistrationForm, SmsCodeForm
from accounts.middleware import start_session_clock
from accounts.models import SmsCode, User
from accounts.services import session_started, user_create
from accounts.sms_codes import SmsCodeError, sms_code_issue, sms_code_verify

LOGIN_CODE_KEY = "_sms_login_code"
REGISTRATION_KEY = "_jobseeker_registration"


def _start_session(request: HttpRequest, user: User) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    start_session_clock(request)


def _citizen_for(civil_id: str) -> User | None:
    """A person who may sign in by SMS: not staff (they use TOTP), with a verified mobile."""
    return (
        User.objects.filter(
            civil_id=civil_id, is_active=True, is_superuser=False, mobile_verified_at__isnull=False
        )
        .exclude(role__in=User.STAFF_ROLES)
        .first()
    )


def sms_login_view(request: HttpRequest) -> HttpResponse:
    form = CivilIdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _citizen_for(form.cleaned_data["civil_id"])
        code_id = None
        if user is not None:
            try:
                code_id = sms_code_issue(
                    phone=str(user.mobile), purpose=SmsCode.Purpose.LOGIN, user=user
                ).pk
            except SmsCodeError as exc:
                form.add_error(None, exc.message)
                return render(request, "accounts/sms_login.html", {"form": form}, status=429)
        # The same answer whether or not the civil ID is registered: no account enumeration.
        request.session[LOGIN_CODE_KEY] = code_id
        messages.info(
            request,
            _("If this civil ID is registered with a verified mobile, a code is on its way."),
        )
        return redirect("accounts:sms-login-verify")
    return render(request, "accounts/sms_login.html", {"form": form})


def sms_login_verify_view(request: HttpRequest) -> HttpResponse:
    if LOGIN_CODE_KEY not in request.session:
        return redirect("accounts:sms-login")
    form = SmsCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code_id = request.session.get(LOGIN_CODE_KEY)
        try:
            if code_id is None:
                raise SmsCodeError(_("That code is not right. Check the SMS and try again."))
            code = sms_code_verify(code_id=code_id, token=form.cleaned_data["token"])
        except SmsCodeError as exc:
            form.add_error("token", exc.message)
        else:
            user = code.user
            assert user is not None
            request.session.pop(LOGIN_CODE_KEY, None)
            _start_session(request, user)
            session_started(user=user)
            return redirect("accounts:home")
    return render(request, "accounts/sms_login_verify.html", {"form": form})


def register_view(request: HttpRequest) -> HttpResponse:
    form = JobseekerRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            code = sms_code_issue(phone=data["mobile"], purpose=SmsCode.Purpose.VERIFY_MOBILE)
        except SmsCodeError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[REGISTRATION_KEY] = {**data, "code_id": code.pk}
            return redirect("accounts:register-verify")
    return render(request, "accounts/register.html", {"form": form})


def register_verify_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(REGISTRATION_KEY)
    if not pending:
        return redirect("accounts:register")
    form = SmsCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                sms_code_verify(code_id=pending["code_id"], token=form.cleaned_data["token"])
                user = user_create(
                    username=pending["civil_id"],
                    password=None,
                    role=User.Role.JOBSEEKER,
                    civil_id=pending["civil_id"],
                    full_name_ar=pending["full_name_ar"],
                    full_name_en=pending["full_name_en"],
                    mobile=pending["mobile"],
                    mobile_verified_at=timezone.now(),
                    preferred_language=pending["preferred_language"],
                )
        except SmsCodeError as exc:
            form.add_error("token", exc.message)
        else:
            request.session.pop(REGISTRATION_KEY, None)
            _start_session(request, user)
            session_started(user=user)
            messages.success(
                request, _("Your mobile number is verified and your account is ready.")
            )
            return redirect("accounts:home")
    return render(
        request, "accounts/register_verify.html", {"form": form, "mobile": pending["mobile"]}
    )


@login_required
def preferences_view(request: HttpRequest) -> HttpResponse:
    """Alerts on or off, and the language of messages."""
    from accounts.services import preferred_language_set
    from notifications.services import sms_alerts_set

    user: User = request.user  # type: ignore[assignment]
    initial = {"alerts": not user.sms_alerts_opt_out, "preferred_language": user.preferred_language}
    form = AlertPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sms_alerts_set(
            person=user, opted_out=not form.cleaned_data["alerts"], actor=user, via="profile"
        )
        preferred_language_set(person=user, language=form.cleaned_data["preferred_language"])
        messages.success(request, _("Your preferences are saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})
