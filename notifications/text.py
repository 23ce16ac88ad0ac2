"""Text that others typed, made safe to put in an SMS the ministry sends.

An employer writes a vacancy title; the ministry's job alert carries it to thousands of phones
under the ministry's sender name. A title with a link or a phone number would turn the alert
into the employer's (or a fraudster's) advertisement, sent with the ministry's authority.
`sms_safe` removes both before the text reaches a template.
"""

from __future__ import annotations

import re

# scheme links, www. links and bare domains with a path or a well-known top-level domain
_LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|om|me|ly|io|co|app|link|xyz)(?:/\S*)?\b",
    re.IGNORECASE,
)
# seven or more digits (Latin, Arabic-Indic or Persian), possibly split by spaces, dots, dashes
# or brackets, possibly after a plus: a phone number in any of the ways people write one
_PHONE = re.compile(r"\+?[\d٠-٩۰-۹](?:[\s.()\-]*[\d٠-٩۰-۹]){6,}")
_EMAIL = re.compile(r"\S+@\S+")
_SPACES = re.compile(r"\s{2,}")


def sms_safe(text: str) -> str:
    """`text` without links, e-mail addresses and phone numbers, its spacing tidied."""
    cleaned = _EMAIL.sub(" ", str(text))
    cleaned = _LINK.sub(" ", cleaned)
    cleaned = _PHONE.sub(" ", cleaned)
    return _SPACES.sub(" ", cleaned).strip(" -–:،,")
