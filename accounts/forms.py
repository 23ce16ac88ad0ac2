"""Sign-in and second-factor forms (validation only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.digits import ascii_digits


class SignInForm(AuthenticationForm):
    """Username (or civil ID) and password. Errors never say which of the two was wrong."""

    username = forms.CharField(
        label=_("Username or civil ID number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("The username or password is not right. Check them and try again."),
        "inactive": _("This account is disabled. Contact the ministry helpdesk."),
    }


class OneTimeCodeForm(forms.Form):
    """The 6-digit code from an authenticator app."""

    token = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the 6 digits your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class DigitsField(forms.RegexField):
    """A number typed in any digits (0-9, ٠-٩), cleaned to ASCII digits before `regex`."""

    def to_python(self, value: Any) -> str:
        return ascii_digits(str(super().to_python(value)).strip())


class CivilIdForm(forms.Form):
    civil_id = DigitsField(
        label=_("Civil ID number"),
        regex=r"^[0-9]{6,12}$",
        max_length=20,
        error_messages={"invalid": _("Enter your civil ID number: 6 to 12 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )


class SmsCodeForm(forms.Form):
    token = DigitsField(
        label=_("6-digit code from the SMS"),
        regex=r"^[0-9]{6}$",
        max_length=12,
        error_messages={"invalid": _("Enter the 6 digits from the SMS.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class JobseekerRegistrationForm(forms.Form):
    """The civil or resident number of the person registering; the code goes to the mobile the
    civil registry holds for it (never to a number typed here), and the names come from the
    registry."""

    civil_id = DigitsField(
        label=_("Civil or resident card number"),
        regex=r"^[0-9]{6,12}$",
        max_length=20,
        error_messages={"invalid": _("Enter your civil or resident card number: 6 to 12 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for messages"), choices=[("ar", "العربية"), ("en", "English")]
    )


class AlertPreferencesForm(forms.Form):
    alerts = forms.BooleanField(
        label=_("Send me SMS alerts, such as new vacancies that match my profile"), required=False
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for messages"), choices=[("ar", "العربية"), ("en", "English")]
    )
