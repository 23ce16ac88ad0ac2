"""Monthly inspection plans: a supervisor asks for a month's plan of a governorate, a background
run (ADR 0023) scores every establishment of the governorate in one INSERT ... SELECT and keeps
the riskiest, and a supervisor approves it.

The score reads other apps' tables in one statement (wage protection results, violations,
disputed salary lines and absconding reports of `employment`, Omanization compliance of
`omanization`), as the labour-market rollups do: a plan of 30,000 establishments is one query,
not 30,000 calls to their selectors. It only reads them. Accommodation sits above this app: its
counts come from the `accommodation_risk` question (one set-based read of the governorate),
passed into the same statement as arrays.

The monthly schedule (`plans_schedule_next_month`, the beat on the 20th) asks for next month's
plan of every governorate with no person behind it; running it again builds nothing more.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.dated import in_force_on
from core.exceptions import PermissionDeniedError
from core.runs import run_fail, run_progress, run_start, run_succeed
from core.services import audit_record
from employers.models import Establishment, Governorate
from employment.models import AbscondingReport, Violation
from employment.wage_models import SalaryLineDispute, WageProtectionLine, WageProtectionResult
from inspections.errors import refuse
from inspections.models import InspectionPlan, PlanEntry, RiskRuleSet
from inspections.questions import accommodation_risk
from omanization.models import ComplianceStatus, EstablishmentCompliance

logger = logging.getLogger(__name__)

PLANNERS = frozenset({User.Role.APPROVER})


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def risk_rule_set_in_force(*, on: datetime.date) -> RiskRuleSet | None:
    """The published risk weights in force on `on`, or None."""
    return in_force_on(RiskRuleSet.objects.all(), on=on)


@transaction.atomic
def plan_request(*, month: datetime.date, governorate: str, requested_by: User) -> InspectionPlan:
    """Queue the computation of `month`'s plan for `governorate` with the risk weights in force
    on the first of the month, audited; the task starts once this transaction commits.

    Raises:
        PermissionDeniedError: `requested_by` is not a supervisor (approver).
        InspectionError: an unknown governorate, a month already past, no weights in force, or
            a plan of that month and governorate already approved. Nothing is saved.
    """
    if requested_by.role not in PLANNERS:
        raise PermissionDeniedError(_("Only a supervisor may plan inspections."))
    if governorate not in Governorate.values:
        raise refuse(_("Choose a governorate of the Sultanate."), "governorate")
    month = first_of_month(month)
    if month < first_of_month(timezone.localdate()):
        raise refuse(_("Plan this month or a later one."), "month")
    rule_set = risk_rule_set_in_force(on=month)
    if rule_set is None:
        raise refuse(_("No inspection risk weights are in force for that month."), "month")
    if InspectionPlan.objects.filter(
        month=month, governorate=governorate, approved_at__isnull=False
    ).exists():
        raise refuse(
            _("That month's plan for this governorate is already approved."), "governorate"
        )
    plan = InspectionPlan.objects.create(
        month=month, governorate=governorate, rule_set=rule_set, requested_by=requested_by
    )
    audit_record(
        actor=requested_by,
        action="inspections.plan_requested",
        obj=plan,
        after={"month": month.isoformat(), "governorate": governorate, "rules": rule_set.pk},
    )
    from inspections.tasks import plan_compute_task

    transaction.on_commit(lambda: plan_compute_task.delay(plan.pk))
    return plan


_SCORE_SQL = """
WITH scope AS (
    SELECT e.id FROM {establishment} e
    WHERE e.governorate = %(governorate)s AND e.status <> 'closed'
),
wage AS (
    SELECT DISTINCT ON (r.establishment_id) r.establishment_id, r.compliance_rate
    FROM {result} r JOIN scope s ON s.id = r.establishment_id
    WHERE r.month < %(month)s AND r.compliance_rate IS NOT NULL
    ORDER BY r.establishment_id, r.month DESC
),
violations AS (
    SELECT v.establishment_id, count(*) AS n
    FROM {violation} v JOIN scope s ON s.id = v.establishment_id
    WHERE v.observed_on >= %(since)s AND v.observed_on < %(month)s AND v.status <> 'cancelled'
    GROUP BY v.establishment_id
),
complaints AS (
    SELECT l.establishment_id, count(*) AS n
    FROM {dispute} d JOIN {line} l ON l.id = d.line_id JOIN scope s ON s.id = l.establishment_id
    WHERE d.created_at >= %(since)s AND d.created_at < %(month)s AND d.status <> 'rejected'
    GROUP BY l.establishment_id
),
accommodation AS (
    SELECT * FROM unnest(%(acc_ids)s::bigint[], %(acc_over)s::integer[],
                         %(acc_unconfirmed)s::integer[], %(acc_mismatched)s::integer[])
        AS t(establishment_id, sites_over_capacity, residents_unconfirmed, residents_mismatched)
),
absconding AS (
    SELECT a.establishment_id, count(*) AS n
    FROM {absconding} a JOIN scope s ON s.id = a.establishment_id
    WHERE a.created_at >= %(since)s AND a.created_at < %(month)s AND a.status <> 'overturned'
    GROUP BY a.establishment_id
),
scored AS (
    SELECT s.id AS establishment_id,
           w.compliance_rate AS wage_rate,
           coalesce(v.n, 0) AS violations,
           coalesce(c.n, 0) AS complaints,
           coalesce(a.n, 0) AS absconding,
           coalesce(o.status = %(non_compliant)s, false) AS omanization_failed,
           coalesce(acc.sites_over_capacity, 0) AS sites_over_capacity,
           coalesce(acc.residents_unconfirmed, 0) AS residents_unconfirmed,
           coalesce(acc.residents_mismatched, 0) AS residents_mismatched,
           %(w_wage)s * (100 - coalesce(w.compliance_rate, 100)) / 100.0
         + %(w_viol)s * least(coalesce(v.n, 0), %(cap)s)::numeric / %(cap)s
         + %(w_comp)s * least(coalesce(c.n, 0), %(cap)s)::numeric / %(cap)s
         + %(w_absc)s * least(coalesce(a.n, 0), %(cap)s)::numeric / %(cap)s
         + %(w_oman)s * (CASE WHEN o.status = %(non_compliant)s THEN 1 ELSE 0 END)
         + %(w_acc)s * least(1, coalesce(acc.sites_over_capacity, 0)
               + (coalesce(acc.residents_unconfirmed, 0) + coalesce(acc.residents_mismatched, 0))
                 ::numeric / %(cap)s) AS score
    FROM scope s
    LEFT JOIN wage w ON w.establishment_id = s.id
    LEFT JOIN violations v ON v.establishment_id = s.id
    LEFT JOIN complaints c ON c.establishment_id = s.id
    LEFT JOIN absconding a ON a.establishment_id = s.id
    LEFT JOIN {compliance} o ON o.establishment_id = s.id
    LEFT JOIN accommodation acc ON acc.establishment_id = s.id
),
ranked AS (
    SELECT *, row_number() OVER (ORDER BY score DESC, establishment_id) AS rank FROM scored
)
INSERT INTO {entry} (plan_id, establishment_id, rank, score, wage_rate, violations, complaints,
                     absconding, omanization_failed, sites_over_capacity,
                     residents_unconfirmed, residents_mismatched)
SELECT %(plan)s, establishment_id, rank, round(score, 2), wage_rate, violations, complaints,
       absconding, omanization_failed, sites_over_capacity, residents_unconfirmed,
       residents_mismatched
FROM ranked WHERE rank <= %(size)s AND score > 0
"""


def _score_sql() -> str:
    tables = {
        "establishment": Establishment._meta.db_table,
        "result": WageProtectionResult._meta.db_table,
        "violation": Violation._meta.db_table,
        "dispute": SalaryLineDispute._meta.db_table,
        "line": WageProtectionLine._meta.db_table,
        "absconding": AbscondingReport._meta.db_table,
        "compliance": EstablishmentCompliance._meta.db_table,
        "entry": PlanEntry._meta.db_table,
    }
    return _SCORE_SQL.format(**{k: connection.ops.quote_name(v) for k, v in tables.items()})


def _accommodation_params(*, governorate: str) -> dict[str, list[int]]:
    """The accommodation counts of the governorate's establishments, as the statement's arrays."""
    rows = accommodation_risk.ask(governorate=governorate)
    return {
        "acc_ids": [row.establishment_id for row in rows],
        "acc_over": [row.sites_over_capacity for row in rows],
        "acc_unconfirmed": [row.residents_unconfirmed for row in rows],
        "acc_mismatched": [row.residents_mismatched for row in rows],
    }


def plan_compute(*, plan_id: int) -> InspectionPlan | None:
    """Score every establishment of the plan's governorate with its rule set and keep the
    `visits_per_plan` riskiest whose score is above zero, in one statement and one transaction
    (a restart finds the entries gone with the rolled-back transaction, or the run finished).
    A failure fails the run (`run_fail`). Returns None when the run was not waiting."""
    plan = run_start(InspectionPlan, plan_id)
    if plan is None:
        return None
    try:
        rules = plan.rule_set
        params: dict[str, Any] = {
            "plan": plan.pk,
            "governorate": plan.governorate,
            "month": plan.month,
            "since": plan.month - datetime.timedelta(days=rules.lookback_days),
            "non_compliant": ComplianceStatus.NON_COMPLIANT,
            "w_wage": rules.weight_wage_protection,
            "w_viol": rules.weight_violations,
            "w_comp": rules.weight_complaints,
            "w_absc": rules.weight_absconding,
            "w_oman": rules.weight_omanization,
            "w_acc": rules.weight_accommodation,
            "cap": rules.count_cap,
            "size": rules.visits_per_plan,
        }
        scored = Establishment.objects.filter(governorate=plan.governorate).exclude(
            status=Establishment.Status.CLOSED
        )
        with transaction.atomic():
            PlanEntry.objects.filter(plan=plan).delete()
            total = scored.count()
            run_progress(InspectionPlan, plan.pk, processed=0, total=total)
            params.update(_accommodation_params(governorate=plan.governorate))
            with connection.cursor() as cursor:
                cursor.execute(_score_sql(), params)
        run_succeed(InspectionPlan, plan.pk, processed=total)
        return InspectionPlan.objects.get(pk=plan.pk)
    except Exception as error:
        logger.exception("inspection plan %s failed", plan_id)
        run_fail(InspectionPlan, plan_id, str(error))
        return None


@transaction.atomic
def plan_approve(*, plan: InspectionPlan, approved_by: User) -> InspectionPlan:
    """A supervisor approves a computed plan: visits may then be assigned from it. Audited.

    Raises:
        PermissionDeniedError: `approved_by` is not a supervisor (approver).
        InspectionError: the plan has not finished computing, is approved already, or another
            plan of the month and governorate was approved. Nothing is saved.
    """
    if approved_by.role not in PLANNERS:
        raise PermissionDeniedError(_("Only a supervisor may approve an inspection plan."))
    locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.succeeded:
        raise refuse(_("A plan can be approved once it has been computed."))
    if locked.is_approved:
        raise refuse(_("This plan is already approved."))
    if (
        InspectionPlan.objects.filter(
            month=locked.month, governorate=locked.governorate, approved_at__isnull=False
        )
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise refuse(_("Another plan of this month and governorate is already approved."))
    locked.approved_by = approved_by
    locked.approved_at = timezone.now()
    locked.save(update_fields=["approved_by", "approved_at", "updated_at"])
    audit_record(
        actor=approved_by,
        action="inspections.plan_approved",
        obj=locked,
        after={"entries": locked.entries.count()},
    )
    return locked


def next_month(day: datetime.date) -> datetime.date:
    return (first_of_month(day) + datetime.timedelta(days=32)).replace(day=1)


def plans_schedule_next_month(*, today: datetime.date | None = None) -> list[InspectionPlan]:
    """The monthly beat: queue next month's plan of every governorate, with the risk weights in
    force on its first day and no person behind it (audited as the portal); each is computed in
    the background once its row commits, and a supervisor approves it as any other.

    Idempotent: a governorate whose plan of that month was already asked for (scheduled or by a
    supervisor) and has not failed is left alone, and the partial unique constraint keeps two
    beats running at once to one scheduled plan per month and governorate. A failed plan is
    built again by the next run. Returns the plans queued now (none when no weights are in
    force for the month)."""
    month = next_month(today or timezone.localdate())
    rule_set = risk_rule_set_in_force(on=month)
    if rule_set is None:
        logger.warning("no inspection risk weights in force on %s: no plan scheduled", month)
        return []
    from inspections.tasks import plan_compute_task

    queued: list[InspectionPlan] = []
    for governorate in Governorate.values:
        with transaction.atomic():
            asked = InspectionPlan.objects.filter(month=month, governorate=governorate).exclude(
                status=InspectionPlan.Status.FAILED
            )
            if asked.exists():
                continue
            try:
                with transaction.atomic():
                    plan = InspectionPlan.objects.create(
                        month=month, governorate=governorate, rule_set=rule_set
                    )
            except IntegrityError:
                continue  # another beat queued it a moment ago
            audit_record(
                actor=None,
                actor_label="portal",
                action="inspections.plan_scheduled",
                obj=plan,
                after={
                    "month": month.isoformat(),
                    "governorate": governorate,
                    "rules": rule_set.pk,
                },
            )
            transaction.on_commit(partial(plan_compute_task.delay, plan.pk))
            queued.append(plan)
    return queued
