"""What accommodation asks of the apps above it (ADR 0018), answered from their
AppConfig.ready().

- `worker_code` (workstatus): a worker's overall status code now (`green`, `red`, or "" when
  none is computed), for the movement rules that restrict workers with a given code.
"""

from __future__ import annotations

from typing import Protocol

from core.questions import Question


class WorkerCode(Protocol):
    def __call__(self, *, employee_id: int) -> str: ...


worker_code = Question[WorkerCode]("accommodation: a worker's overall status code")
