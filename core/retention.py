"""Retention of personal data as dated rules (Personal Data Protection Law): each class of data
is kept for the days the retention rule set in force gives it (core.retention_models, a rule
family drafted and published by policy staff like every other), then deleted or anonymised by
the nightly sweep, in batches, audited by counts.

Each app registers the classes it keeps from its `AppConfig.ready()`:

    retention.register(DataClass("sms_codes", _("One-time SMS codes"), purge_codes, DELETED))

`purge(cutoff, batch)` handles at most `batch` rows older than `cutoff` in one transaction and
returns how many it handled; rows it has handled no longer match (they are gone or
anonymised), so the sweep calls it until it returns less than a batch. A purge leaves alone
what a legal hold keeps (an open case, a complaint about a session). A class without a period
in the rule set in force is kept: nothing is deleted without a published rule. The append-only
audit trail is not a class here: it is kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from core.dated import in_force_on
from core.services import audit_record

DELETED = "deleted"
ANONYMISED = "anonymised"


@dataclass(frozen=True)
class DataClass:
    code: str
    label: str | Promise
    purge: Callable[[datetime.datetime, int], int]
    outcome: str = DELETED  # what happens to a row past its period
    hold: str | Promise = ""  # what keeps a row past its period, said on the staff pages


_CLASSES: dict[str, DataClass] = {}


def register(data_class: DataClass) -> None:
    _CLASSES[data_class.code] = data_class


def data_classes() -> list[DataClass]:
    return sorted(_CLASSES.values(), key=lambda c: c.code)


def data_class_choices() -> list[tuple[str, Any]]:
    return [(c.code, c.label) for c in data_classes()]


def retention_sweep(*, now: datetime.datetime | None = None, batch: int = 1000) -> dict[str, int]:
    """Delete or anonymise, class by class, what is past the period of the rule set in force
    today; one audit event with the counts. Returns the counts by class."""
    from core.retention_models import RetentionRuleSet

    now = now or timezone.now()
    rule_set = in_force_on(RetentionRuleSet.objects.all(), on=timezone.localdate(now))
    if rule_set is None:
        return {}
    counts: dict[str, int] = {}
    for period in rule_set.periods.order_by("data_class"):
        data_class = _CLASSES.get(period.data_class)
        if data_class is None:
            continue
        cutoff = now - datetime.timedelta(days=period.days)
        handled = 0
        while True:
            with transaction.atomic():
                done = data_class.purge(cutoff, batch)
            handled += done
            if done < batch:
                break
        counts[data_class.code] = handled
    audit_record(
        actor=None,
        actor_label="retention",
        action="core.retention_swept",
        obj=rule_set,
        after={"rule_set": rule_set.name, "version": rule_set.version, "counts": counts},
    )
    return counts


def audit_pseudonymise(*, person_id: int) -> int:
    """Pseudonymise the personal fields of every audit event about, by or for a person, by the
    database procedure the append-only trigger allows (core migration 0005); returns how many
    events changed. The pseudonym is stable for the person and reveals nothing of them."""
    from django.db import connection
    from django.utils.crypto import salted_hmac

    token = "pseudonymised:" + salted_hmac("core.audit", str(person_id)).hexdigest()[:12]
    with connection.cursor() as cursor:
        cursor.execute("SELECT core_audit_pseudonymise(%s, %s)", [person_id, token])
        return int(cursor.fetchone()[0])
