"""What a person may act as, from what they are and what they hold, not from one role.

One person has one account. The same person may be a citizen or resident with their own
employment record and jobseeker profile, an employer's representative (an active membership of
an establishment), and a Sanad clerk (an active membership of a centre). `User.role` keeps
only what cannot come from elsewhere: ministry staff roles, API clients, the platform
administrator, and which home page to open first.

    PERSON          an account with a civil or resident number that is not staff or a system
    REPRESENTATIVE  an active membership of an establishment
    CLERK           an active membership of a Sanad centre

Memberships belong to the apps above accounts: employers and sanad answer the questions of
accounts.questions.
"""

from __future__ import annotations

from enum import StrEnum

from accounts.models import User
from accounts.questions import holds_centre_membership, holds_establishment_membership


class Capacity(StrEnum):
    PERSON = "person"
    REPRESENTATIVE = "representative"
    CLERK = "clerk"


def is_person(user: User) -> bool:
    """A citizen or resident acting for themselves (their own record, profile, consents)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.civil_id
        and not user.is_superuser
        and not user.is_ministry_staff
        and user.role != User.Role.API_CLIENT
    )


def is_representative(user: User) -> bool:
    """Acts for at least one establishment through an active membership."""
    if not (user.is_authenticated and user.is_active):
        return False
    return holds_establishment_membership.ask(user=user)


def is_clerk(user: User) -> bool:
    """Works at a Sanad centre through an active membership."""
    if not (user.is_authenticated and user.is_active):
        return False
    return holds_centre_membership.ask(user=user)


def capacities_of(user: User) -> frozenset[Capacity]:
    found = set()
    if is_person(user):
        found.add(Capacity.PERSON)
    if is_representative(user):
        found.add(Capacity.REPRESENTATIVE)
    if is_clerk(user):
        found.add(Capacity.CLERK)
    return frozenset(found)
