"""The incremental recompute: the workers an event touched get their code again when the event
commits, within the same minute.

The apps that own the events (permits, employment, integrations, employers, accommodation) sit
below this one and must not import it (ADR 0018), so this app listens instead: `connect()` (from
`AppConfig.ready()`) registers receivers of Django's model signals for permits, absconding
reports, establishments and the health ministry's records saved one by one; a receiver names
the employees and their recompute runs on commit (`touch`). The health ministry's feeds are
written in bulk by the syncs (no signal): `health_feed_catch_up` (beat, every minute) recomputes
the workers whose records were synchronised since it last looked. Other bulk updates (nightly
sweeps) are caught by the scheduled full recompute.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_save

logger = logging.getLogger(__name__)


def _run(ids: set[int]) -> None:
    from workstatus.services import recompute_workers

    try:
        recompute_workers(employee_ids=ids)
    except Exception:  # an event must never fail because of its side effect
        logger.exception("worker status: the incremental recompute of %s workers failed", len(ids))


def touch(employee_ids: Any) -> None:
    """Recompute these employees' codes when the current transaction commits (at once outside
    one); nothing happens if it rolls back."""
    ids = {int(i) for i in employee_ids if i is not None}
    if ids:
        transaction.on_commit(lambda: _run(ids))


def _employees_by_passport(pairs: list[tuple[str, str]]) -> list[int]:
    if not pairs:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id FROM employers_employee e "
            "JOIN unnest(%s::text[], %s::text[]) AS x(nationality, passport_number) "
            "ON e.nationality = x.nationality AND e.passport_number = x.passport_number",
            [[p[0] for p in pairs], [p[1] for p in pairs]],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids


def _permit_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.employee_id:
        touch([instance.employee_id])


def _absconding_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    touch([instance.employee_id])


def _establishment_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        return
    from employers.models import Employee

    touch(Employee.objects.filter(establishment_id=instance.pk).values_list("pk", flat=True))


def _health_record_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    touch(_employees_by_passport([(instance.nationality, instance.passport_number)]))


def _residents_changed(sender: Any, employee_ids: Any = (), **kwargs: Any) -> None:
    touch(employee_ids)


def connect() -> None:
    """Register the receivers (from `AppConfig.ready()`)."""
    from accommodation.signals import residents_changed
    from employers.models import Establishment
    from employment.models import AbscondingReport
    from integrations.models import HealthOrder, MedicalFitnessResult
    from permits.models import Permit

    post_save.connect(_permit_saved, sender=Permit, dispatch_uid="workstatus.permit")
    post_save.connect(
        _absconding_saved, sender=AbscondingReport, dispatch_uid="workstatus.absconding"
    )
    post_save.connect(
        _establishment_saved, sender=Establishment, dispatch_uid="workstatus.establishment"
    )
    post_save.connect(
        _health_record_saved, sender=MedicalFitnessResult, dispatch_uid="workstatus.fitness"
    )
    post_save.connect(_health_record_saved, sender=HealthOrder, dispatch_uid="workstatus.order")
    # accommodation (issue 21): declarations, operators' records, check-ins in another room
    residents_changed.connect(_residents_changed, dispatch_uid="workstatus.accommodation")


def health_feed_catch_up() -> int:
    """Recompute the workers whose fitness results or health orders were synchronised since the
    last call (a watermark row); returns how many workers were recomputed."""
    from django.utils import timezone

    from integrations.models import HealthOrder, MedicalFitnessResult
    from workstatus.models import Watermark
    from workstatus.services import recompute_workers

    now = timezone.now()
    with transaction.atomic():
        mark, _created = Watermark.objects.select_for_update().get_or_create(
            name="health_feeds", defaults={"value": now}
        )
        if _created:
            return 0
        since = mark.value
        pairs: list[tuple[str, str]] = []
        for model in (MedicalFitnessResult, HealthOrder):
            pairs += list(
                model.objects.filter(synced_at__gt=since, synced_at__lte=now).values_list(
                    "nationality", "passport_number"
                )
            )
        ids = _employees_by_passport(pairs)
        recompute_workers(employee_ids=ids)
        mark.value = now
        mark.save(update_fields=["value"])
    return len(ids)
