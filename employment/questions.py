"""What employment asks of the apps above it (ADR 0018), answered from their AppConfig.ready().

- `contract_initial_for_hire` (jobseekers): what the contract registration form starts with for
  an applicant the establishment hired through a vacancy (empty for anything else).
"""

from __future__ import annotations

from typing import Protocol

from core.questions import Question
from employers.models import Establishment


class ContractInitialForHire(Protocol):
    def __call__(self, *, establishment: Establishment, application_id: str) -> dict: ...


contract_initial_for_hire = Question[ContractInitialForHire](
    "employment: the contract form's first values for a hired applicant"
)
