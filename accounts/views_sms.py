"""Citizens and residents sign in, or register, with a code sent to the mobile that the civil
registry holds for their civil or resident number (for people who do not use the national
digital identity). A number typed here is only an identifier: the code goes to the registry's
number, never to one the visitor chooses, so nobody can register or sign in as somebody else.

Both pages answer the same words, the same redirect and no sooner than IDENTITY_ANSWER_FLOOR_MS
whether or not the number belongs to anybody, has an account, is locked or has asked too often.
"""

from __future__ import annotations

import logging
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import AlertPreferencesForm, CivilIdForm, JobseekerRegistrationForm, SmsCodeForm
from accounts.http import SignedInRequest
from accounts.identity import bind_proven_identity
from accounts.models import ProofMethod, SmsCode, User
from accounts.proofs import proof_record
from accounts.registry import RegistryUnavailableError, registry_person
from accounts.sms_codes import SmsCodeError, sms_code_issue, sms_code_verify
from accounts.views_identity import start_portal_session
from core.forms import attempt
from core.timing import answer_no_sooner_than
from notifications.phone import InvalidPhoneNumberError

logger = logging.getLogger(__name__)

LOGIN_CODE_KEY = "_sms_login_code"
REGISTRATION_KEY = "_jobseeker_registration"


def _holder(civil_id: str) -> User | None:
    return User.objects.filter(civil_id=civil_id, is_active=True).first()


def _send_identity_code(civil_id: str) -> int | None:
    """Send a code to the registry's mobile of `civil_id`; the code's id, or None when nothing
    was sent (unknown number, no mobile, staff, a locked account, too many codes). Raises
    RegistryUnavailableError (the same for every number: the registry is asked for each)."""
    person = registry_person(civil_id=civil_id, fresh=True)
    if person is None or not person.mobile:
        return None
    holder = _holder(civil_id)
    if holder is not None and (holder.is_ministry_staff or holder.is_superuser):
        return None  # staff sign in with password and authenticator
    if holder is not None and holder.sms_code_locked_at is not None:
        return None  # lifted by a sign-in through the national identity provider
    try:
        code = sms_code_issue(
            phone=person.mobile,
            purpose=SmsCode.Purpose.PROVE_IDENTITY,
            user=holder,
            civil_id=civil_id,
        )
    except SmsCodeError as error:
        logger.info("identity code not sent: %s", error.message)
        return None
    except InvalidPhoneNumberError:
        logger.warning("the civil registry's mobile for a number cannot take SMS")
        return None
    return code.pk


def _ask_for_code(
    request: HttpRequest, form: forms.Form, *, key: str, extra: dict[str, str]
) -> bool:
    """Send the code (or not) and remember it in the session; False with a form error when the
    registry is down. Always takes at least the answer floor."""
    started = time.monotonic()
    civil_id = form.cleaned_data["civil_id"]
    try:
        code_id = _send_identity_code(civil_id)
    except RegistryUnavailableError as error:
        answer_no_sooner_than(started, floor_ms=settings.IDENTITY_ANSWER_FLOOR_MS)
        form.add_error(None, error.message)
        return False
    request.session[key] = {"code_id": code_id, "civil_id": civil_id, **extra}
    answer_no_sooner_than(started, floor_ms=settings.IDENTITY_ANSWER_FLOOR_MS)
    messages.info(
        request,
        _(
            "If this number is in the civil registry with a mobile, a code is on its way to that "
            "mobile. No code after a few minutes? Wait 15 minutes and ask again, or sign in with "
            "the national digital identity."
        ),
    )
    return True


def _finish(request: HttpRequest, *, key: str, token: str, language: str = "") -> User:
    """Check the code and sign in the proven owner of the number (made, or reclaimed)."""
    pending = request.session.get(key) or {}
    code_id = pending.get("code_id")
    if code_id is None:
        # No code was sent (an unknown number, a locked account...): answer as a real code
        # would, including its lock after SMS_CODE_MAX_FAILURES wrong tries.
        tries = int(pending.get("tries", 0)) + 1
        request.session[key] = {**pending, "tries": tries}
        if tries >= settings.SMS_CODE_MAX_FAILURES:
            raise SmsCodeError(_("Too many wrong codes. Ask for a new code."))
        raise SmsCodeError(_("That code is not right. Check the SMS and try again."))
    code = sms_code_verify(
        code_id=code_id,
        token=token,
        purpose=SmsCode.Purpose.PROVE_IDENTITY,
        civil_id=pending["civil_id"],
    )
    person = registry_person(civil_id=code.civil_id, fresh=False)
    binding = bind_proven_identity(
        civil_id=code.civil_id,
        method=ProofMethod.REGISTRY_SMS,
        registry_mobile=code.phone,
        name_ar=person.name_ar if person else "",
        name_en=person.name_en if person else "",
        preferred_language=language,
    )
    request.session.pop(key, None)
    start_portal_session(request, binding.user, method=ProofMethod.REGISTRY_SMS)
    proof_record(request, method=ProofMethod.REGISTRY_SMS, civil_id=code.civil_id)
    if binding.reclaimed_from is not None:
        messages.warning(
            request,
            _(
                "Your civil or resident number was registered by another account without proof. "
                "It is now yours alone; that account was told and its sessions ended."
            ),
        )
    return binding.user


def sms_login_view(request: HttpRequest) -> HttpResponse:
    form = CivilIdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _ask_for_code(request, form, key=LOGIN_CODE_KEY, extra={}):
            return redirect("accounts:sms-login-verify")
        return render(request, "accounts/sms_login.html", {"form": form}, status=503)
    return render(request, "accounts/sms_login.html", {"form": form})


def sms_login_verify_view(request: HttpRequest) -> HttpResponse:
    if LOGIN_CODE_KEY not in request.session:
        return redirect("accounts:sms-login")
    form = SmsCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: _finish(request, key=LOGIN_CODE_KEY, token=form.cleaned_data["token"]),
            form=form,
            error_field="token",
            refused=(SmsCodeError, RegistryUnavailableError),
        )
        if done.ok:
            return redirect("accounts:home")
    return render(request, "accounts/sms_login_verify.html", {"form": form})


def register_view(request: HttpRequest) -> HttpResponse:
    form = JobseekerRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        extra = {"preferred_language": form.cleaned_data["preferred_language"]}
        if _ask_for_code(request, form, key=REGISTRATION_KEY, extra=extra):
            return redirect("accounts:register-verify")
        return render(request, "accounts/register.html", {"form": form}, status=503)
    return render(request, "accounts/register.html", {"form": form})


def register_verify_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(REGISTRATION_KEY)
    if not pending:
        return redirect("accounts:register")
    form = SmsCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: _finish(
                request,
                key=REGISTRATION_KEY,
                token=form.cleaned_data["token"],
                language=pending.get("preferred_language", ""),
            ),
            form=form,
            success=_("Your civil registry mobile is confirmed and your account is ready."),
            error_field="token",
            refused=(SmsCodeError, RegistryUnavailableError),
        )
        if done.ok:
            return redirect("accounts:home")
    return render(request, "accounts/register_verify.html", {"form": form})


@login_required
def preferences_view(request: SignedInRequest) -> HttpResponse:
    """Alerts on or off, and the language of messages."""
    from accounts.services import preferred_language_set
    from notifications.services import sms_alerts_set

    user: User = request.user
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
