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
    """Who the new jobseeker is, and the mobile number the code goes to."""

    civil_id = CivilIdForm.base_fields["civil_id"]
    full_name_ar = forms.CharField(label=_("Full name in Arabic"), max_length=200)
    full_name_en = forms.CharField(label=_("Full name in English"), max_length=200)
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("An Omani mobile number, for example 9123 4567."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for messages"), choices=[("ar", "العربية"), ("en", "English")]
    )

    def clean_civil_id(self) -> str:
        from accounts.models import User

        civil_id = self.cleaned_data["civil_id"]
        if User.objects.filter(civil_id=civil_id).exists():
            raise forms.ValidationError(
                _("This civil ID number is already registered. Sign in with an SMS code instead.")
            )
        return civil_id

    def clean_mobile(self) -> str:
        from notifications.phone import InvalidPhoneNumberError, normalise_mobile

        try:
            return normalise_mobile(self.cleaned_data["mobile"])
        except InvalidPhoneNumberError as exc:
            raise forms.ValidationError(exc.message) from None


class AlertPreferencesForm(forms.Form):
    alerts = forms.BooleanField(
        label=_("Send me SMS alerts, such as new vacancies that match my profile"), required=False
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for messages"), choices=[("ar", "العربية"), ("en", "English")]
    )
