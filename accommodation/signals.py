"""The one signal of this app: the residency records of some workers changed (a declaration,
an operator's record, a check-in in another room). `workstatus` sits above and listens, to
recompute those workers' codes once the change commits; this app does not know it exists."""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

# sent with `employee_ids`: the workers whose records changed
residents_changed = Signal()


def residents_changed_send(employee_ids: Iterable[int]) -> None:
    residents_changed.send(sender=None, employee_ids=list(employee_ids))
