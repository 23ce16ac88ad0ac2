"""Which consented service (scope) each page of a person's portal needs.

The rule works on URL names, so a new citizen- or employer-facing page is covered the day it is
added: every `*:employer-*` page needs the employer scope (work permits: the permits scope) and
the consent's establishment; every `jobseekers:my-*` page the jobseeker scope; every
`employment:my-*` page the employment scope. Any other page (public, sign-in, staff, the clerk's
own Sanad pages, the person's own Sanad and activity pages) is never reached *as the person*:
`required_scope` answers None and the clerk stays themselves there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sanad.models import Scope

# Who acts for an establishment is decided by its administrator in person (employers
# .representatives): appointing, suspending or removing a representative is never delegated.
_NOT_DELEGABLE = frozenset(
    {
        "employers:employer-member-appoint",
        "employers:employer-member-suspend",
        "employers:employer-member-resume",
        "employers:employer-member-remove",
    }
)
# Reached with any active consent: the person's home (what their role can do).
ANY = "any"
_JOBSEEKER_PUBLIC = frozenset({"vacancies", "vacancy", "apply"})
_ACCOUNT = frozenset({"accounts:preferences", "notifications:my-messages"})
ESTABLISHMENT_SCOPES = frozenset({Scope.EMPLOYER, Scope.PERMITS})
# The proof before a binding act (accounts.proofs), with any active consent: the code goes to
# the person's civil registry mobile and the person, present, reads it to the clerk.
_PROOF = frozenset({"accounts:prove", "accounts:prove-code"})


def required_scope(view_name: str) -> str | None:
    """The scope a delegated request to `view_name` needs, ANY, or None (not delegable)."""
    namespace, _sep, name = view_name.rpartition(":")
    if namespace == "sanad":
        return None
    if view_name in _NOT_DELEGABLE:
        return None
    if name.startswith("employer-"):
        return Scope.PERMITS if namespace == "permits" else Scope.EMPLOYER
    if namespace == "jobseekers" and (name.startswith("my-") or name in _JOBSEEKER_PUBLIC):
        return Scope.JOBSEEKER
    if namespace == "employment" and name.startswith("my-"):
        return Scope.EMPLOYMENT
    if view_name in _ACCOUNT:
        return Scope.ACCOUNT
    if view_name == "accounts:home" or view_name in _PROOF:
        return ANY
    return None


def consent_covers(
    *, scopes: list[str], establishment_id: int | None, scope: str, kwargs: Mapping[str, Any]
) -> bool:
    """Whether a consent with `scopes` (and `establishment_id`) allows a page needing `scope`
    called with URL `kwargs`. An establishment page must name the consent's establishment."""
    if scope == ANY:
        return bool(scopes)
    if scope not in scopes:
        return False
    if scope in ESTABLISHMENT_SCOPES and "establishment_id" in kwargs:
        return establishment_id is not None and int(kwargs["establishment_id"]) == establishment_id
    return True
