"""Where a person may be reached: only numbers that are verified (DOMAIN.md section 7).

A number an employer typed is a hint: it is kept and shown as unverified, never sent a consent
code, and never counts as the delivery of a legal notice. The verified numbers of a civil or
resident number are:
- the mobile the civil registry holds for it;
- the mobile of the person's own account, verified by a code, once the account's civil ID was
  proven (an account that only claims the number does not count).
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import RegistryRecord, User
from accounts.registry import RegistryUnavailableError, registry_mobile


@dataclass(frozen=True)
class VerifiedNumber:
    """A number a person may be reached at; `account` is their portal account when the number
    is that account's own mobile (messages then show under "My messages")."""

    number: str
    source: str  # "registry" or "account"
    account: User | None = None


def _proven_account(civil_id: str) -> User | None:
    return (
        User.objects.filter(
            civil_id=civil_id,
            is_active=True,
            identity_proven_at__isnull=False,
            mobile_verified_at__isnull=False,
        )
        .exclude(mobile="")
        .first()
    )


def consent_number_for(*, civil_id: str, strict: bool = False) -> VerifiedNumber | None:
    """The one number a consent code for `civil_id` may go to, or None when there is none.

    The registry's mobile (asked now) comes first; the person's own proven account's verified
    mobile is used when the registry holds none. Raises RegistryUnavailableError when the
    registry cannot answer and the person has no proven account: a consent code never goes to a
    number nobody has just vouched for. `strict=True` never falls back to the account during
    an outage: the answer is then the same whether or not the person has an account (what a
    clerk or an employer must not learn).
    """
    account = _proven_account(civil_id)
    try:
        mobile = registry_mobile(civil_id=civil_id, fresh=True)
    except RegistryUnavailableError:
        # The registry cannot vouch for a number now: the account's own verified mobile is
        # used only when nothing kept says the registry holds another one (a changed SIM).
        kept = RegistryRecord.objects.filter(civil_id=civil_id).first()
        if strict or account is None or (kept is not None and kept.mobile != str(account.mobile)):
            raise
        mobile = ""
    if mobile:
        same = account is not None and str(account.mobile) == mobile
        return VerifiedNumber(number=mobile, source="registry", account=account if same else None)
    if account is not None:
        return VerifiedNumber(number=str(account.mobile), source="account", account=account)
    return None


def verified_numbers_for(*, civil_id: str) -> list[VerifiedNumber]:
    """Every verified number of `civil_id`, for a legal notice (each gets it); [] when none.

    A registry outage does not lose the notice: a kept registry answer is used, and the
    account's number is still reached. Raises RegistryUnavailableError only when the registry
    is down, nothing of it is kept and the person has no proven account (the caller keeps the
    notice pending and tries again).
    """
    numbers: list[VerifiedNumber] = []
    account = _proven_account(civil_id)
    try:
        mobile = registry_mobile(civil_id=civil_id, fresh=False)
    except RegistryUnavailableError:
        if account is None:
            raise
        mobile = ""
    if mobile:
        same = account is not None and str(account.mobile) == mobile
        numbers.append(
            VerifiedNumber(number=mobile, source="registry", account=account if same else None)
        )
    if account is not None and str(account.mobile) != mobile:
        numbers.append(
            VerifiedNumber(number=str(account.mobile), source="account", account=account)
        )
    return numbers


def masked(number: str) -> str:
    """A number as shown to someone who must not read it whole: the last three digits."""
    return f"•••• {number[-3:]}" if number else ""
