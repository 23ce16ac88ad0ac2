"""Writes of Omanization: the set-based recompute of every establishment's compliance, and
compliance certificates (the rule sets are written in omanization.rule_services)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.runs import run_fail, run_succeed
from core.services import audit_record
from employers.locks import establishment_lock
from employers.models import Establishment
from omanization.compliance import all_statement
from omanization.models import (
    ComplianceCertificate,
    ComplianceRun,
    EstablishmentCompliance,
)
from omanization.rule_services import (  # noqa: F401 - re-exported
    RULE_FIELDS,
    RuleSetError,
    rule_set_create_draft,
    rule_set_discard,
    rule_set_publish,
    rule_set_update_draft,
    target_delete,
    target_save,
    validate_publishable,
)
from omanization.selectors import compliance_for_establishment, rule_set_in_force, today

CERTIFICATE_VALID_DAYS = 90


class CertificateError(ApplicationError):
    """A certificate cannot be issued (the establishment does not comply, or no rules apply)."""


_COLUMNS = (
    "establishment_id, status, share, target, headcount, weighted_omanis, failing_levels, "
    "minimum_met, fee_multiplier, permits_allowed"
)


def compliance_recompute(
    *, trigger: str = ComplianceRun.Trigger.COMMAND, as_of: datetime.date | None = None
) -> ComplianceRun:
    """Recompute every establishment's compliance on `as_of` (today) under the rule set in force
    then, with one set-based statement, and replace the table of latest statuses.

    The new statuses go into a fresh table that replaces the old one by a rename at commit, so
    readers see either the previous run or this one, never a half-written table, and are never
    blocked while the statement runs. Establishments whose status changed get a
    ComplianceChange row. Raises RuleSetError when no rule set is in force on `as_of`.
    """
    as_of = as_of or today()
    rule_set = rule_set_in_force(on=as_of)
    if rule_set is None:
        raise RuleSetError(_("No Omanization rule set is in force on %(date)s.") % {"date": as_of})
    run = ComplianceRun.objects.create(
        as_of=as_of, rule_set=rule_set, trigger=trigger, started_at=timezone.now()
    )
    try:
        _recompute(run)
    except Exception as error:
        run_fail(ComplianceRun, run.pk, f"{type(error).__name__}: {error}")
        raise
    run.refresh_from_db()
    return run


def _recompute(run: ComplianceRun) -> None:
    """The set-based recompute of `run`, in one transaction that ends it SUCCEEDED."""
    table = EstablishmentCompliance._meta.db_table
    rule_set, as_of = run.rule_set, run.as_of
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Only one recompute at a time; a second one waits, then recomputes afresh.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('omanization.recompute'))")
            cursor.execute(
                f"CREATE TEMP TABLE compliance_new ON COMMIT DROP AS {all_statement()}",
                {"rule_set_id": rule_set.pk, "as_of": as_of},
            )
            cursor.execute(
                f"""
                INSERT INTO omanization_compliancechange
                    (establishment_id, run_id, from_status, to_status, share, target)
                SELECT n.establishment_id, %(run)s, COALESCE(o.status, ''), n.status, n.share,
                       n.target
                FROM compliance_new n
                LEFT JOIN {table} o USING (establishment_id)
                WHERE o.status IS DISTINCT FROM n.status
                """,  # nosec B608 # identifiers from code, values bound as parameters
                {"run": run.pk},
            )
            changed = cursor.rowcount
            cursor.execute(f"CREATE TABLE {table}_next (LIKE {table} INCLUDING ALL)")
            cursor.execute(
                f"""
                INSERT INTO {table}_next
                    ({_COLUMNS}, run_id, rule_set_id, as_of, computed_at)
                SELECT {_COLUMNS}, %(run)s, %(rule_set)s, %(as_of)s, %(now)s
                FROM compliance_new
                """,  # nosec B608 # identifiers from code, values bound as parameters
                {"run": run.pk, "rule_set": rule_set.pk, "as_of": as_of, "now": run.started_at},
            )
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE status = 'compliant') FROM compliance_new"
            )
            total, compliant = cursor.fetchone()
            cursor.execute(f"DROP TABLE {table}")
            cursor.execute(f"ALTER TABLE {table}_next RENAME TO {table}")
            _rename_indexes_after_swap(cursor, table)
            cursor.execute("DROP TABLE compliance_new")
        run_succeed(
            ComplianceRun,
            run.pk,
            total=total,
            processed=total,
            compliant=compliant,
            non_compliant=total - compliant,
            changed=changed,
        )


def _rename_indexes_after_swap(cursor: Any, table: str) -> None:
    """Give the new table's indexes the names Django's migrations know, so later migrations
    that alter them still find them."""
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
    current = dict(cursor.fetchall())
    wanted = {index.name: index.fields for index in EstablishmentCompliance._meta.indexes}
    for name, fields in wanted.items():
        column = EstablishmentCompliance._meta.get_field(fields[0]).column  # type: ignore[union-attr]
        for existing, definition in current.items():
            if existing != name and f"({column})" in definition and "pkey" not in existing:
                cursor.execute(f'ALTER INDEX "{existing}" RENAME TO "{name}"')
    pkey = f"{table}_pkey"
    for existing in current:
        if existing.endswith("_pkey") and existing != pkey:
            cursor.execute(f'ALTER INDEX "{existing}" RENAME TO "{pkey}"')


def _certificate_number() -> str:
    year = today().year
    count = ComplianceCertificate.objects.filter(number__startswith=f"OMZ-{year}-").count()
    return f"OMZ-{year}-{count + 1:06d}"


@transaction.atomic
def certificate_issue(*, establishment: Establishment, issued_by: User) -> ComplianceCertificate:
    """Issue a compliance certificate from the establishment's live status today.

    Raises CertificateError when it does not comply or no rule set is in force.
    """
    locked = establishment_lock(establishment_id=establishment.pk)
    result = compliance_for_establishment(establishment=locked)
    if result is None:
        raise CertificateError(_("No Omanization rules are in force today."))
    if not result.compliant:
        raise CertificateError(
            _("A certificate is issued only to a compliant establishment. See what it needs.")
        )
    rule_set = rule_set_in_force(on=result.as_of)
    assert rule_set is not None
    # serialise numbering per year
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('omanization.certificate'))")
    certificate = ComplianceCertificate(
        number=_certificate_number(),
        token=secrets.token_urlsafe(32),
        establishment=locked,
        rule_set=rule_set,
        issued_by=issued_by,
        as_of=result.as_of,
        share=result.share,
        target=result.target,
        valid_until=result.as_of + datetime.timedelta(days=CERTIFICATE_VALID_DAYS),
    )
    certificate.full_clean()
    certificate.save()
    audit_record(
        actor=issued_by,
        action="omanization.certificate_issued",
        obj=certificate,
        after={"establishment": locked.cr_number, "share": result.share, "target": result.target},
    )
    return certificate
