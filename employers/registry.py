"""Establishments from the commerce registry: create and update them, with their owners and
signatories, set-based (a page of 50,000 registrations is a handful of statements).

The commerce-registry sync (integrations.feeds) calls `establishments_sync` inside the
transaction of the page that changed the registry's records, so an establishment is created if
and only if its page committed; a replayed page writes nothing (every statement changes only
rows whose values differ). `seed_demo` builds its establishments through the same function.

What changes with a record:
- A new CR number becomes an establishment (its economic activity is created by its code when
  the portal does not know it yet); a known one takes the registry's name, activity,
  governorate, address and capital.
- Its owners and authorised signatories (civil or resident numbers) replace the ones kept. An
  owner the registry no longer lists loses the establishment's administration
  (`employers.representatives.administration_end_for_removed_owner`; the other administrators
  are told by SMS).
- Status: `registry_statuses_apply` suspends or closes, bars from new permits and, for a CR
  struck off, ends the memberships and open vacancies (`establishments_struck_off`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from core.services import audit_record, model_snapshot
from core.workflow import advance_bulk, may_move
from employers.locks import establishments_lock
from employers.models import (
    EconomicActivity,
    Establishment,
    EstablishmentOwner,
    Membership,
)
from employers.questions import open_vacancies_close

STAGE = "employers_registry_stage"
OWNER_STAGE = "employers_registry_owner_stage"
STAGE_COLUMNS = (
    "cr_number",
    "name_ar",
    "name_en",
    "activity_code",
    "governorate",
    "address",
    "capital",
    "registered_on",
    "owners",
)


def _audit_many(
    *, action: str, actor_label: str, changes: list[tuple[Establishment, dict, dict]]
) -> None:
    """One audit event per establishment changed (as `core.services.audit_record` writes them,
    the actor being the registry), inserted in one statement: a registry page that suspends
    hundreds of establishments would otherwise spend its time on single-row inserts."""
    from core.models import AuditEvent
    from core.services import json_safe

    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=None,
                actor_label=actor_label[:200],
                action=action,
                object_type=establishment._meta.label_lower,
                object_id=str(establishment.pk),
                object_repr=str(establishment)[:300],
                before=json_safe(before),
                after=json_safe(after),
            )
            for establishment, before, after in changes
        ],
        batch_size=1000,
    )


@dataclass(frozen=True)
class RegistryEntry:
    """One registration as the commerce registry records it. `owners` is the registry's list,
    "<civil or resident number>:<owner|signatory>" joined by commas ("" for nobody)."""

    cr_number: str
    name_ar: str
    name_en: str
    activity_code: str
    governorate: str
    address: str
    capital: str | None
    registered_on: datetime.date | str
    owners: str

    def copy_line(self) -> str:
        values = [
            self.cr_number,
            self.name_ar,
            self.name_en,
            self.activity_code,
            self.governorate,
            self.address,
            self.capital,
            str(self.registered_on),
            self.owners,
        ]
        return (
            "\t".join(
                "\\N" if v is None else str(v).replace("\\", "\\\\").replace("\t", " ")
                for v in values
            )
            + "\n"
        )


@dataclass
class RegistrySyncResult:
    created: int = 0
    updated: int = 0
    owners_added: int = 0
    owners_removed: int = 0
    removed: list[tuple[int, str]] = field(default_factory=list)


def parse_owners(owners: str) -> list[tuple[str, str]]:
    """[(civil or resident number, kind)] of the registry's owners field."""
    pairs = []
    for part in (owners or "").split(","):
        number, _sep, kind = part.partition(":")
        if number:
            pairs.append((number, kind or EstablishmentOwner.Kind.OWNER))
    return pairs


def _stage(entries: Iterable[RegistryEntry]) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as sql:
        sql.execute(f"DROP TABLE IF EXISTS {STAGE}")
        sql.execute(
            f"CREATE TEMP TABLE {STAGE} (cr_number varchar(10) NOT NULL, name_ar varchar(200), "
            "name_en varchar(200), activity_code varchar(8), governorate varchar(30), "
            "address varchar(200), capital numeric(14, 3), registered_on date, owners text)"
        )
        raw = sql.cursor
        columns = ", ".join(qn(c) for c in STAGE_COLUMNS)
        with raw.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
            batch: list[str] = []
            for entry in entries:
                batch.append(entry.copy_line())
                if len(batch) >= 5000:
                    copy.write("".join(batch))
                    batch = []
            if batch:
                copy.write("".join(batch))


def _merge(now: datetime.datetime) -> RegistrySyncResult:
    result = RegistrySyncResult()
    activity = EconomicActivity._meta.db_table
    establishment = Establishment._meta.db_table
    owner = EstablishmentOwner._meta.db_table
    with connection.cursor() as sql:
        # an activity code the portal does not know yet: named by its code until staff name it
        sql.execute(
            f"INSERT INTO {activity} (code, name_ar, name_en, created_at, updated_at) "  # noqa: S608
            f"SELECT DISTINCT s.activity_code, s.activity_code, s.activity_code, %s, %s "
            f"FROM {STAGE} s WHERE NOT EXISTS "
            f"(SELECT 1 FROM {activity} a WHERE a.code = s.activity_code) "
            "ON CONFLICT (code) DO NOTHING",  # nosec B608 # identifiers from code
            [now, now],
        )
        sql.execute(
            f"""
            WITH up AS (
                INSERT INTO {establishment} AS t (
                    cr_number, name_ar, name_en, activity_id, governorate, size_class, status,
                    permits_barred, bar_reason, bar_source, registered_on, address, capital,
                    chamber_status, created_at, updated_at)
                SELECT s.cr_number, s.name_ar, s.name_en, a.id, s.governorate, 'micro', 'active',
                       false, '', '', s.registered_on, coalesce(s.address, ''), s.capital, '',
                       %s, %s
                FROM {STAGE} s JOIN {activity} a ON a.code = s.activity_code
                ON CONFLICT (cr_number) DO UPDATE SET
                    name_ar = EXCLUDED.name_ar, name_en = EXCLUDED.name_en,
                    activity_id = EXCLUDED.activity_id, governorate = EXCLUDED.governorate,
                    address = EXCLUDED.address, capital = EXCLUDED.capital,
                    updated_at = EXCLUDED.updated_at
                WHERE ROW(t.name_ar, t.name_en, t.activity_id, t.governorate, t.address,
                          t.capital)
                      IS DISTINCT FROM ROW(EXCLUDED.name_ar, EXCLUDED.name_en,
                          EXCLUDED.activity_id, EXCLUDED.governorate, EXCLUDED.address,
                          EXCLUDED.capital)
                RETURNING (t.xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
            """,  # noqa: S608  # nosec B608 # identifiers from code, values bound
            [now, now],
        )
        created, updated = sql.fetchone()
        result.created, result.updated = int(created), int(updated)

        sql.execute(f"DROP TABLE IF EXISTS {OWNER_STAGE}")
        sql.execute(
            f"""
            CREATE TEMP TABLE {OWNER_STAGE} AS
            SELECT DISTINCT ON (e.id, split_part(o, ':', 1))
                   e.id AS establishment_id, split_part(o, ':', 1) AS civil_id,
                   coalesce(nullif(split_part(o, ':', 2), ''), 'owner') AS kind
            FROM {STAGE} s
            JOIN {establishment} e ON e.cr_number = s.cr_number
            CROSS JOIN LATERAL unnest(string_to_array(nullif(s.owners, ''), ',')) AS o
            ORDER BY e.id, split_part(o, ':', 1)
            """  # noqa: S608  # nosec B608 # identifiers from code
        )
        # owners the registry no longer lists (none on a first sync of a registration)
        sql.execute(
            f"""
            DELETE FROM {owner} t
            USING {STAGE} s JOIN {establishment} e ON e.cr_number = s.cr_number
            WHERE t.establishment_id = e.id
              AND NOT EXISTS (SELECT 1 FROM {OWNER_STAGE} n
                              WHERE n.establishment_id = t.establishment_id
                                AND n.civil_id = t.civil_id)
            RETURNING t.establishment_id, t.civil_id, t.kind
            """  # noqa: S608  # nosec B608 # identifiers from code
        )
        result.removed = [
            (int(establishment_id), str(civil_id))
            for establishment_id, civil_id, _kind in sql.fetchall()
        ]
        result.owners_removed = len(result.removed)
        sql.execute(
            f"""
            INSERT INTO {owner} AS t (establishment_id, civil_id, kind)
            SELECT establishment_id, civil_id, kind FROM {OWNER_STAGE}
            ON CONFLICT (establishment_id, civil_id) DO UPDATE SET kind = EXCLUDED.kind
            WHERE t.kind IS DISTINCT FROM EXCLUDED.kind
            """  # noqa: S608  # nosec B608 # identifiers from code
        )
        result.owners_added = sql.rowcount
        sql.execute(f"DROP TABLE {OWNER_STAGE}")
        sql.execute(f"DROP TABLE {STAGE}")
    return result


@transaction.atomic
def establishments_sync(
    *, entries: Sequence[RegistryEntry], actor_label: str = "commerce registry (sync)"
) -> RegistrySyncResult:
    """Create or update the establishments of `entries`, with their owners and signatories.

    One audit event records what the call created and changed (CR numbers included); an owner
    the registry dropped loses the administration, audited and told to the other owners.
    Idempotent: the same entries again write nothing.
    """
    from employers.representatives import administration_end_for_removed_owner

    if not entries:
        return RegistrySyncResult()
    now = timezone.now()
    _stage(entries)
    result = _merge(now)
    if result.created or result.updated or result.owners_added or result.owners_removed:
        audit_record(
            actor=None,
            actor_label=actor_label,
            action="employers.registry_applied",
            after={
                "records": len(entries),
                "created": result.created,
                "updated": result.updated,
                "owners_written": result.owners_added,
                "owners_removed": result.owners_removed,
                "cr_numbers": [e.cr_number for e in entries][:1000],
            },
        )
    for establishment_id, civil_id in result.removed:
        administration_end_for_removed_owner(
            establishment_id=establishment_id, civil_id=civil_id, actor_label=actor_label
        )
    return result


@transaction.atomic
def establishments_struck_off(
    *, reasons: dict[int, str], actor_label: str = "commerce registry (sync)"
) -> int:
    """Establishments struck off the commerce registry (id -> reason): every membership ends
    and their open vacancies close (jobseekers' service), audited per establishment.
    Idempotent. Returns the memberships ended."""
    if not reasons:
        return 0
    memberships: dict[int, list[int]] = {}
    for pk, establishment_id in (
        Membership.objects.filter(establishment_id__in=list(reasons))
        .exclude(status=Membership.Status.ENDED)
        .values_list("pk", "establishment_id")
    ):
        memberships.setdefault(establishment_id, []).append(pk)
    now = timezone.now()
    for establishment_id, ids in memberships.items():
        advance_bulk(
            Membership.objects.filter(pk__in=ids),
            Membership.Status.ENDED,
            also={
                "is_active": False,
                "ended_at": now,
                "end_reason": reasons[establishment_id][:300],
            },
        )
    closed = open_vacancies_close.ask(
        establishment_ids=sorted(reasons), note="struck off the commerce registry"
    )
    concerned = set(memberships) | {pk for pk, count in closed.items() if count}
    for establishment in Establishment.objects.filter(pk__in=concerned).order_by("pk"):
        audit_record(
            actor=None,
            actor_label=actor_label,
            action="employers.establishment_struck_off",
            obj=establishment,
            after={
                "memberships_ended": len(memberships.get(establishment.pk, [])),
                "membership_ids": memberships.get(establishment.pk, []),
                "vacancies_closed": closed.get(establishment.pk, 0),
                "note": reasons[establishment.pk][:300],
            },
        )
    return sum(len(ids) for ids in memberships.values())


def establishment_struck_off(
    *, establishment: Establishment, reason: str, actor_label: str = "commerce registry (sync)"
) -> int:
    """One establishment struck off (see `establishments_struck_off`)."""
    return establishments_struck_off(reasons={establishment.pk: reason}, actor_label=actor_label)


@transaction.atomic
def registry_statuses_apply(
    *,
    stopped: dict[str, tuple[str, datetime.date]],
    actor_label: str = "commerce registry (sync)",
) -> int:
    """Establishments the registry reports suspended or closed (CR number -> (status, since)):
    each takes that status (closed is terminal; the same status again writes nothing), is
    barred from new work permits, and one struck off loses its memberships and open vacancies.
    Set-based writes, one audit event per establishment and change (as
    `employers.services.establishment_status_set` and `establishment_bar` write them).
    Returns how many establishments were concerned."""
    from employers.services import BAR_FIELDS, STATUS_FIELDS

    if not stopped:
        return 0
    concerned = Establishment.objects.filter(cr_number__in=list(stopped))
    establishments_lock(establishment_ids=concerned.values_list("pk", flat=True))
    establishments = list(concerned.order_by("pk"))
    moves: dict[str, list[Establishment]] = {}
    for establishment in establishments:
        status = stopped[establishment.cr_number][0]
        if may_move(Establishment, establishment.status, status):
            moves.setdefault(status, []).append(establishment)
    changes: list[tuple[Establishment, dict, dict]] = []
    for status, rows in moves.items():
        advance_bulk(Establishment.objects.filter(pk__in=[e.pk for e in rows]), status)
        for establishment in rows:
            before = model_snapshot(establishment, STATUS_FIELDS)
            since = stopped[establishment.cr_number][1]
            after = {"status": status, "note": f"Commerce registry: {status} since {since}"}
            changes.append((establishment, before, after))
    _audit_many(
        action="employers.establishment_status_changed", actor_label=actor_label, changes=changes
    )
    to_bar = [e for e in establishments if not e.permits_barred]
    if to_bar:
        reasons = {}
        for establishment in to_bar:
            status, since = stopped[establishment.cr_number]
            reasons[establishment.pk] = f"Commerce registry: {status} since {since.isoformat()}"
        table = Establishment._meta.db_table
        with connection.cursor() as sql:
            sql.execute(
                f"""
                UPDATE {table} AS e SET permits_barred = true, bar_reason = v.reason,
                       bar_source = 'staff', updated_at = %s
                FROM unnest(%s::bigint[], %s::varchar[]) AS v(id, reason)
                WHERE e.id = v.id AND NOT e.permits_barred
                """,  # noqa: S608  # nosec B608 # identifiers from code, values bound
                [timezone.now(), list(reasons), list(reasons.values())],
            )
        barred = []
        for establishment in to_bar:
            before = model_snapshot(establishment, BAR_FIELDS)
            establishment.permits_barred = True
            establishment.bar_reason = reasons[establishment.pk]
            establishment.bar_source = "staff"
            barred.append((establishment, before, model_snapshot(establishment, BAR_FIELDS)))
        _audit_many(action="employers.establishment_barred", actor_label="", changes=barred)
    struck_off = {
        e.pk: f"Commerce registry: struck off since {stopped[e.cr_number][1].isoformat()}"
        for e in establishments
        if stopped[e.cr_number][0] == Establishment.Status.CLOSED
    }
    establishments_struck_off(reasons=struck_off, actor_label=actor_label)
    return len(establishments)


def chamber_memberships_apply(*, rows: Iterable[tuple[str, str, datetime.date]]) -> int:
    """The chamber of commerce's membership of each CR number (status "active" or "expired",
    valid until), set on the establishments the portal has; returns how many changed."""
    today = timezone.localdate()
    values = [
        (cr, "valid" if status == "active" and until >= today else "expired", until)
        for cr, status, until in rows
    ]
    if not values:
        return 0
    table = Establishment._meta.db_table
    with connection.cursor() as sql:
        sql.execute(
            f"""
            UPDATE {table} AS e SET chamber_status = v.status, chamber_valid_until = v.until,
                   updated_at = %s
            FROM unnest(%s::varchar[], %s::varchar[], %s::date[]) AS v(cr, status, until)
            WHERE e.cr_number = v.cr
              AND ROW(e.chamber_status, e.chamber_valid_until) IS DISTINCT FROM
                  ROW(v.status, v.until)
            """,  # noqa: S608  # nosec B608 # identifiers from code, values bound
            [
                timezone.now(),
                [v[0] for v in values],
                [v[1] for v in values],
                [v[2] for v in values],
            ],
        )
        return int(sql.rowcount)
