"""Proof that the person acting on a worker's page is the worker (DOMAIN.md section 7).

A contract answer, an objection and its withdrawal are made on pages reached by a link, often
without an account. Each needs a fresh proof of the worker's civil or resident number: the code
sent to the worker's verified number, or a national identity sign-in in this browser session
(accounts.proofs.fresh_proof). The service refuses a proof of another number and records the
method on the act's receipt.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from accounts.models import ProofMethod
from accounts.proofs import fresh_proof


@dataclass(frozen=True)
class WorkerProof:
    """`civil_id` was proven just now, by `method` (a ProofMethod value)."""

    method: str
    civil_id: str

    def proves(self, civil_id: str) -> bool:
        return bool(civil_id) and self.civil_id == civil_id and self.method in ProofMethod.values


def session_proof(request: HttpRequest, *, civil_id: str) -> WorkerProof | None:
    """The browser session's fresh proof of `civil_id`, or None (also without a number)."""
    if not civil_id:
        return None
    method = fresh_proof(request, civil_id=civil_id)
    return WorkerProof(method=method, civil_id=civil_id) if method else None


def method_for_source(source: str) -> str:
    """The proof a code gives, by where it went (accounts.contact.VerifiedNumber.source)."""
    return ProofMethod.REGISTRY_SMS if source == "registry" else ProofMethod.ACCOUNT_SMS
