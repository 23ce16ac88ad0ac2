"""Builders for the ministry's permit pages: cases waiting in the queue, issued permits, stored
documents, and staff clients of a given role."""

from __future__ import annotations

from typing import Any

from django.test import Client

from accounts.models import User
from employers.models import Establishment
from permits.documents import document_check
from permits.models import Permit, PermitDocument
from permits.services import permit_document_add
from tests.conftest import sign_in_staff
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import apply, representative

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def barred_establishment(**fields: Any) -> Establishment:
    """An establishment whose permits fail the `not_barred` check (so they wait in the queue)."""
    values: dict[str, Any] = {"permits_barred": True, "bar_reason": "Unpaid wages"}
    values.update(fields)
    return EstablishmentFactory.create(**values)


def queued_case(establishment: Establishment | None = None, **overrides: Any) -> Permit:
    """A SUBMITTED application with a failed check, filed by a representative with a mobile."""
    establishment = establishment or barred_establishment()
    applicant = representative(establishment)
    permit = apply(establishment, applicant, **overrides)
    assert permit.status == Permit.Status.SUBMITTED, permit.checks
    return permit


def issued_permit() -> Permit:
    """An ACTIVE permit (every check passed, straight through)."""
    establishment = EstablishmentFactory.create()
    permit = apply(establishment, representative(establishment))
    assert permit.status == Permit.Status.ACTIVE, permit.checks
    return permit


def stored_document(permit: Permit, *, name: str = "passport.pdf") -> PermitDocument:
    uploader = permit.applied_by or UserFactory.create(role=User.Role.EMPLOYER)
    checked = document_check(kind="passport", original_filename=name, content=PDF)
    return permit_document_add(permit=permit, document=checked, uploaded_by=uploader)


def staff(role: str, **fields: Any) -> User:
    return UserFactory.create(role=role, **fields)


def signed_in(user: User) -> Client:
    """A fresh client of `user`, past the second factor (several staff act in one test)."""
    client = Client()
    sign_in_staff(client, user)
    return client
