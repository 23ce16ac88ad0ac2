"""The one computation of the worker status codes, as SQL, shared by the full recompute (every
foreign worker, then a swap of the whole table) and the incremental one (the workers an event
touched), so that the two cannot disagree.

Parameters: `rule_set_id`, `as_of` (the date the rules and validities are read for), `now` (the
time written as computed_at), and, for the incremental statement, `ids` (employee ids).

A worker is every employee on a register who is not Omani and whose contract has not ended on
`as_of`. Reasons are listed in a fixed order (work, health, residency); a component is red when
it has a reason, the overall code when any component is.
"""

from __future__ import annotations

from accommodation import residency as accommodation

COLUMNS = (
    "employee_id, establishment_id, work, health, residency, overall, reasons, rule_set_id, "
    "computed_at"
)

_WORKERS = """
SELECT e.id AS employee_id, e.establishment_id, e.nationality,
       COALESCE(e.passport_number, '') AS passport_number,
       est.status AS est_status, est.permits_barred, est.cr_number, a.code AS activity_code,
       COALESCE(d.address, '') AS address, COALESCE(d.worksite, '') AS worksite
FROM employers_employee e
JOIN employers_establishment est ON est.id = e.establishment_id
JOIN employers_economicactivity a ON a.id = est.activity_id
LEFT JOIN workstatus_declaration d ON d.employee_id = e.id
WHERE e.nationality <> 'OMN'
  AND (e.contract_end IS NULL OR e.contract_end >= %(as_of)s)
  {filter}
"""

_REASONS = """
SELECT w.employee_id, w.establishment_id,
  array_remove(ARRAY[
    CASE WHEN vp.employee_id IS NULL THEN 'work.no_valid_permit' END,
    CASE WHEN w.est_status = 'suspended' THEN 'work.establishment_suspended' END,
    CASE WHEN w.est_status = 'closed' THEN 'work.establishment_closed' END,
    CASE WHEN rs.barred_is_red AND w.permits_barred THEN 'work.establishment_barred' END,
    CASE
      WHEN lw.decision = 'deny' THEN 'work.denied_worksite'
      WHEN lw.decision IS NULL AND lc.decision = 'deny' THEN 'work.denied_cr'
      WHEN lw.decision IS NULL AND lc.decision IS NULL AND la.decision = 'deny'
        THEN 'work.denied_activity'
      WHEN COALESCE(lw.decision, lc.decision, la.decision) IS NULL AND NOT rs.allow_by_default
        THEN 'work.not_allowed'
    END,
    CASE WHEN ab.upheld OR (rs.absconding_filed_is_red AND ab.filed) THEN 'work.absconding' END
  ], NULL) AS work_r,
  array_remove(ARRAY[
    CASE
      WHEN f.result IS NULL AND rs.fitness_required THEN 'health.no_fitness'
      WHEN f.result = 'unfit' THEN 'health.unfit'
      WHEN f.result IS NOT NULL AND f.examined_on < %(as_of)s - rs.fitness_valid_days
        THEN 'health.fitness_expired'
    END,
    CASE WHEN rs.isolation_is_red AND ho.isolation THEN 'health.isolation' END,
    CASE WHEN rs.sick_leave_is_red AND ho.sick_leave THEN 'health.sick_leave' END,
    CASE WHEN rs.test_due_is_red AND ho.test_due THEN 'health.test_due' END
  ], NULL) AS health_r,
  array_remove(ARRAY[
    CASE WHEN rs.address_required AND btrim(w.address) = '' AND NOT ({acc_has_room})
      THEN 'residency.no_address' END,
    -- accommodation (issue 21): employer, operator and last check-in, pair by pair
    {acc_cases}
  ], NULL) AS residency_r
FROM ({workers}) w
CROSS JOIN (SELECT * FROM workstatus_statusruleset WHERE id = %(rule_set_id)s) rs
LEFT JOIN workstatus_accessline lw
  ON lw.rule_set_id = rs.id AND lw.scope = 'worksite' AND lw.value = w.worksite
LEFT JOIN workstatus_accessline lc
  ON lc.rule_set_id = rs.id AND lc.scope = 'cr' AND lc.value = w.cr_number
LEFT JOIN workstatus_accessline la
  ON la.rule_set_id = rs.id AND la.scope = 'activity' AND la.value = w.activity_code
-- accommodation (issue 21): one row per worker from each record, by primary or unique key
{acc_joins}
-- the inputs, each read once and joined (hash joins over the whole workforce; the incremental
-- statement restricts each to the touched workers)
LEFT JOIN (
  SELECT DISTINCT p.employee_id, p.establishment_id FROM permits_permit p
  WHERE p.status IN ('active', 'expiring')
    AND (p.valid_until IS NULL OR p.valid_until >= %(as_of)s)
    AND (p.valid_from IS NULL OR p.valid_from <= %(as_of)s)
    {permit_filter}
) vp ON vp.employee_id = w.employee_id AND vp.establishment_id = w.establishment_id
LEFT JOIN (
  SELECT r.employee_id, bool_or(r.status = 'upheld') AS upheld,
         bool_or(r.status IN ('filed', 'objected')) AS filed
  FROM employment_abscondingreport r
  WHERE r.status IN ('upheld', 'filed', 'objected') {absconding_filter}
  GROUP BY r.employee_id
) ab ON ab.employee_id = w.employee_id
LEFT JOIN (
  SELECT o.nationality, o.passport_number,
         bool_or(o.kind = 'isolation' AND o.valid_from <= %(as_of)s) AS isolation,
         bool_or(o.kind = 'sick_leave' AND o.valid_from <= %(as_of)s) AS sick_leave,
         bool_or(o.kind = 'test_due' AND o.valid_from + (
             SELECT test_due_grace_days FROM workstatus_statusruleset
             WHERE id = %(rule_set_id)s) <= %(as_of)s) AS test_due
  FROM integrations_healthorder o
  WHERE o.status = 'in_force' AND o.valid_until >= %(as_of)s {passport_filter_o}
  GROUP BY o.nationality, o.passport_number
) ho ON ho.nationality = w.nationality AND ho.passport_number = w.passport_number
LEFT JOIN (
  SELECT DISTINCT ON (m.nationality, m.passport_number)
         m.nationality, m.passport_number, m.result, m.examined_on
  FROM integrations_medicalfitnessresult m
  WHERE true {passport_filter_m}
  ORDER BY m.nationality, m.passport_number, m.examined_on DESC, m.id DESC
) f ON f.nationality = w.nationality AND f.passport_number = w.passport_number
"""

# The touched workers' passports, for the incremental statement's health inputs.
_TOUCHED_PASSPORTS = """
AND ({alias}.nationality, {alias}.passport_number) IN (
  SELECT e.nationality, e.passport_number FROM employers_employee e
  WHERE e.id = ANY(%(ids)s) AND e.passport_number IS NOT NULL)
"""

# The columns carry the types of workstatus_workerstatus, so that a table created from this
# statement (CREATE TABLE ... AS, which PostgreSQL runs with a parallel plan where an
# INSERT ... SELECT runs serially) is the table the model describes.
_CODES = """
SELECT employee_id::bigint AS employee_id, establishment_id::bigint AS establishment_id,
  (CASE WHEN cardinality(work_r) = 0 THEN 'green' ELSE 'red' END)::varchar(5) AS work,
  (CASE WHEN cardinality(health_r) = 0 THEN 'green' ELSE 'red' END)::varchar(5) AS health,
  (CASE WHEN cardinality(residency_r) = 0 THEN 'green' ELSE 'red' END)::varchar(5) AS residency,
  (CASE WHEN cardinality(work_r) + cardinality(health_r) + cardinality(residency_r) = 0
       THEN 'green' ELSE 'red' END)::varchar(5) AS overall,
  (work_r || health_r || residency_r)::varchar(40)[] AS reasons,
  %(rule_set_id)s::bigint AS rule_set_id,
  %(now)s::timestamptz AS computed_at
FROM ({reasons}{fence}) x
"""

# PostgreSQL pulls a plain subquery up into the query around it and writes each use of an
# output in place of its expression: the codes' five columns name each reason array three
# times (its component, the overall code, the reasons), so a statement writing every column
# builds each array three times per worker. `OFFSET 0` keeps the subquery a node of its own
# (no Limit node: PostgreSQL plans none for a constant zero), whose arrays are built once and
# read by the codes above it. The plain form stays for the readers of a column or two (the
# overall code of the impact preview and of the benchmark's floor), where the planner drops
# the columns nobody reads.
_ONCE = "\nOFFSET 0\n"


def statement(*, incremental: bool, arrays_once: bool = False) -> str:
    """The codes of every foreign worker (or of the employees `ids`), as rows of the columns
    of workstatus_workerstatus (COLUMNS). With `arrays_once`, each reason array is built once
    per worker (for the recomputes, which write every column); the rows are the same.

    Each input is one LEFT JOIN of `_REASONS` and one CASE of a component's array: an input
    added later (the accommodation records for residency) is a join and a CASE there, and both
    recomputes take it."""
    workers = _WORKERS.format(filter="AND e.id = ANY(%(ids)s)" if incremental else "")
    reasons = _REASONS.format(
        workers=workers,
        permit_filter="AND p.employee_id = ANY(%(ids)s)" if incremental else "",
        absconding_filter="AND r.employee_id = ANY(%(ids)s)" if incremental else "",
        passport_filter_o=_TOUCHED_PASSPORTS.format(alias="o") if incremental else "",
        passport_filter_m=_TOUCHED_PASSPORTS.format(alias="m") if incremental else "",
        # accommodation (issue 21)
        acc_has_room=accommodation.HAS_ROOM,
        acc_cases=accommodation.CASES,
        acc_joins=accommodation.JOINS.format(employee="w.employee_id"),
    )
    return _CODES.format(reasons=reasons, fence=_ONCE if arrays_once else "")
