"""Mobile numbers: parse what people type (Arabic-Indic digits too) into E.164."""

from __future__ import annotations

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _

from core.digits import ascii_digits
from core.exceptions import ApplicationError


class InvalidPhoneNumberError(ApplicationError):
    """The text is not a mobile number we can send to."""


def normalise_mobile(raw: str) -> str:
    """'٩١٢٣٤٥٦٧', '9123 4567' or '+968 9123 4567' -> '+96891234567'.

    Raises InvalidPhoneNumberError with a message a person can act on.
    """
    text = ascii_digits((raw or "").strip())
    if not text:
        raise InvalidPhoneNumberError(_("Enter a mobile number."))
    try:
        number = phonenumbers.parse(text, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumberError(
            _("Enter a mobile number like 9123 4567 or +968 9123 4567.")
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumberError(_("Enter a mobile number like 9123 4567 or +968 9123 4567."))
    kind = phonenumbers.number_type(number)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhoneNumberError(
            _("This is not a mobile number: text messages cannot reach it.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
