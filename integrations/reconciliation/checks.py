"""One SQL query per kind of disagreement, set-based: each is a join or an anti-join over whole
tables, never a loop over rows, so a run costs a few scans of the register at national scale.

Every query returns the same columns (CHECK_COLUMNS): the case's subject, the keys it is about,
the values of each side as JSON, and `basis`, the text the fingerprint is taken from: the
disagreeing values only (not, say, the month a value was seen), so a disagreement that persists
month after month stays one case, while a new value opens a new one.

Names are compared normalised (NAME_EN, NAME_AR): lower-case Latin letters only; Arabic letters
only, alef forms, alef maqsura, ta marbuta and hamza seats folded, diacritics and tatweel gone.
"""

# The queries are this module's own text (no input is ever formatted into them): S608 is moot.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass

from integrations.entities import Entity
from integrations.models import DataQualityCase

Kind = DataQualityCase.Kind

CHECK_COLUMNS = (
    "subject_key",
    "cr_number",
    "civil_id",
    "other_civil_id",
    "nationality",
    "passport_number",
    "establishment_id",
    "employee_id",
    "other_employee_id",
    "permit_id",
    "source_values",
    "portal_values",
    "basis",
)

VALID_PERMIT = "('active', 'expiring')"  # permits.models.Permit.VALID


def name_en(expression: str) -> str:
    """SQL: the Latin letters of a name, lower-case (spaces, dots, hyphens and case ignored)."""
    return f"regexp_replace(lower({expression}), '[^a-z]', '', 'g')"


def name_ar(expression: str) -> str:
    """SQL: the Arabic letters of a name with the usual spelling variants folded."""
    folded = f"translate({expression}, 'أإآٱىةؤئـ', 'اااايهوي')"
    return f"regexp_replace(replace({folded}, ' ', ''), '[^ء-ي]', '', 'g')"


@dataclass(frozen=True)
class Check:
    kind: str
    entity: str
    sql: str
    # the plain anti-join (or join) count of the same condition, for the benchmark's baseline
    description: str = ""


_INSURED_MONTH = "(SELECT max(month) FROM integrations_insuredemployment)"
_WAGE_MONTH = "(SELECT max(month) FROM integrations_salaryfileline)"

INSURED_NOT_ON_REGISTER = Check(
    kind=Kind.INSURED_NOT_ON_REGISTER,
    entity=Entity.SOCIAL_INSURANCE,
    description="insured in the latest month at a portal establishment, not on its register",
    sql=f"""
        SELECT ie.civil_id || '@' || ie.cr_number AS subject_key, ie.cr_number,
               ie.civil_id, '' AS other_civil_id, '' AS nationality, '' AS passport_number,
               e.id AS establishment_id, NULL::bigint AS employee_id,
               NULL::bigint AS other_employee_id, NULL::bigint AS permit_id,
               jsonb_build_object('month', to_char(ie.month, 'YYYY-MM'), 'salary', ie.salary,
                                  'name', ie.insured_name) AS source_values,
               jsonb_build_object('on_register', false) AS portal_values,
               '' AS basis
        FROM integrations_insuredemployment ie
        JOIN employers_establishment e ON e.cr_number = ie.cr_number
        WHERE ie.month = {_INSURED_MONTH}
          AND NOT EXISTS (
              SELECT 1 FROM employers_employee emp
              WHERE emp.establishment_id = e.id AND emp.civil_id = ie.civil_id
                AND (emp.contract_end IS NULL OR emp.contract_end >= ie.month))
    """,  # nosec B608 # identifiers from code, values bound as parameters
)

REGISTER_NOT_INSURED = Check(
    kind=Kind.REGISTER_NOT_INSURED,
    entity=Entity.SOCIAL_INSURANCE,
    description=(
        "on the register of an establishment social insurance reports on, employed since before "
        "the last two months, not insured there in either"
    ),
    sql=f"""
        WITH m AS (SELECT {_INSURED_MONTH} AS month),
        covered AS (
            SELECT DISTINCT ie.cr_number FROM integrations_insuredemployment ie, m
            WHERE ie.month = m.month)
        SELECT emp.civil_id || '@' || e.cr_number, e.cr_number, emp.civil_id, '', emp.nationality,
               coalesce(emp.passport_number, ''), e.id, emp.id, NULL::bigint, NULL::bigint,
               jsonb_build_object('months_without_insurance',
                   jsonb_build_array(to_char(m.month - interval '1 month', 'YYYY-MM'),
                                     to_char(m.month, 'YYYY-MM'))),
               jsonb_build_object('name_en', emp.name_en, 'name_ar', emp.name_ar,
                                  'monthly_salary', emp.monthly_salary,
                                  'contract_start', emp.contract_start),
               ''
        FROM employers_employee emp
        JOIN employers_establishment e ON e.id = emp.establishment_id
        JOIN covered c ON c.cr_number = e.cr_number
        CROSS JOIN m
        WHERE emp.civil_id IS NOT NULL
          AND emp.contract_start < m.month - interval '1 month'
          AND (emp.contract_end IS NULL OR emp.contract_end >= m.month)
          AND NOT EXISTS (
              SELECT 1 FROM integrations_insuredemployment ie
              WHERE ie.civil_id = emp.civil_id AND ie.cr_number = e.cr_number
                AND ie.month >= m.month - interval '1 month')
    """,  # nosec B608 # identifiers from code, values bound as parameters
)

INSURED_SALARY_MISMATCH = Check(
    kind=Kind.INSURED_SALARY_MISMATCH,
    entity=Entity.SOCIAL_INSURANCE,
    description="insured salary of the latest month differs from the register's salary",
    sql=f"""
        SELECT ie.civil_id || '@' || ie.cr_number, ie.cr_number, ie.civil_id, '',
               emp.nationality, coalesce(emp.passport_number, ''), e.id, emp.id,
               NULL::bigint, NULL::bigint,
               jsonb_build_object('month', to_char(ie.month, 'YYYY-MM'), 'salary', ie.salary,
                                  'name', ie.insured_name),
               jsonb_build_object('monthly_salary', emp.monthly_salary, 'name_en', emp.name_en),
               ie.salary::text || '|' || emp.monthly_salary::text
        FROM integrations_insuredemployment ie
        JOIN employers_establishment e ON e.cr_number = ie.cr_number
        JOIN employers_employee emp ON emp.establishment_id = e.id AND emp.civil_id = ie.civil_id
        WHERE ie.month = {_INSURED_MONTH}
          AND ie.salary <> emp.monthly_salary
          AND (emp.contract_end IS NULL OR emp.contract_end >= ie.month)
    """,  # nosec B608 # identifiers from code, values bound as parameters
)

WAGE_SALARY_MISMATCH = Check(
    kind=Kind.WAGE_SALARY_MISMATCH,
    entity=Entity.WAGE_PROTECTION,
    description=(
        "salary due in the latest wage protection file differs from the register's salary or "
        "the contract in force"
    ),
    sql=f"""
        SELECT w.civil_id || '@' || w.cr_number, w.cr_number, w.civil_id, '',
               emp.nationality, coalesce(emp.passport_number, ''), e.id, emp.id,
               NULL::bigint, NULL::bigint,
               jsonb_build_object('month', to_char(w.month, 'YYYY-MM'),
                                  'salary_due', w.salary_due, 'salary_paid', w.salary_paid,
                                  'payment_status', w.payment_status,
                                  'file_reference', w.file_reference),
               jsonb_build_object('monthly_salary', emp.monthly_salary,
                                  'contract_salary', c.monthly_salary, 'name_en', emp.name_en),
               w.salary_due::text || '|' || emp.monthly_salary::text || '|'
                   || coalesce(c.monthly_salary::text, '')
        FROM integrations_salaryfileline w
        JOIN employers_establishment e ON e.cr_number = w.cr_number
        JOIN employers_employee emp ON emp.establishment_id = e.id AND emp.civil_id = w.civil_id
        LEFT JOIN employment_contract c
               ON c.employee_id = emp.id AND c.status = 'active'
        WHERE w.month = {_WAGE_MONTH}
          AND (w.salary_due <> emp.monthly_salary OR w.salary_due <> c.monthly_salary)
    """,  # nosec B608 # identifiers from code, values bound as parameters
)

CLOSED_WITH_PERMITS = Check(
    kind=Kind.CLOSED_WITH_PERMITS,
    entity=Entity.COMMERCE_REGISTRY,
    description="closed at the commerce registry, with permits in force",
    sql=f"""
        SELECT r.cr_number, r.cr_number, '', '', '', '', e.id, NULL::bigint, NULL::bigint,
               NULL::bigint,
               jsonb_build_object('status', r.status,
                                  'since', to_char(r.status_changed_on, 'YYYY-MM-DD')),
               jsonb_build_object('establishment_status', e.status, 'valid_permits', p.n,
                                  'permit_numbers', to_jsonb(p.numbers)),
               ''
        FROM integrations_registryestablishment r
        JOIN employers_establishment e ON e.cr_number = r.cr_number
        JOIN (
            SELECT establishment_id, count(*) AS n,
                   (array_agg(number ORDER BY number))[1:20] AS numbers
            FROM permits_permit WHERE status IN {VALID_PERMIT}
            GROUP BY establishment_id
        ) p ON p.establishment_id = e.id
        WHERE r.status = 'closed'
    """,  # nosec B608 # identifiers from code, values bound as parameters
)

DEPARTED_WITH_PERMIT = Check(
    kind=Kind.DEPARTED_WITH_PERMIT,
    entity=Entity.PASSPORT_DIRECTORATE,
    description="the worker's last recorded movement is a departure, and a permit is in force",
    sql=f"""
        WITH last_move AS (
            SELECT DISTINCT ON (ev.nationality, ev.passport_number)
                   ev.nationality, ev.passport_number, ev.kind, ev.occurred_on, ev.reference,
                   ev.person_name
            FROM integrations_passportevent ev
            JOIN permits_permit p
              ON p.nationality = ev.nationality AND p.passport_number = ev.passport_number
             AND p.status IN {VALID_PERMIT}
            WHERE ev.kind IN ('arrival', 'departure')
            ORDER BY ev.nationality, ev.passport_number, ev.occurred_on DESC,
                     (ev.kind = 'departure') DESC)
        SELECT p.nationality || ':' || p.passport_number, e.cr_number, '', '', p.nationality,
               p.passport_number, p.establishment_id, p.employee_id, NULL::bigint, p.id,
               jsonb_build_object('departed_on', to_char(lm.occurred_on, 'YYYY-MM-DD'),
                                  'reference', lm.reference, 'name', lm.person_name),
               jsonb_build_object('permit', p.number, 'status', p.status,
                                  'valid_until', to_char(p.valid_until, 'YYYY-MM-DD'),
                                  'name_en', p.worker_name_en),
               lm.reference || '|' || p.number
        FROM last_move lm
        JOIN permits_permit p
          ON p.nationality = lm.nationality AND p.passport_number = lm.passport_number
         AND p.status IN {VALID_PERMIT}
        JOIN employers_establishment e ON e.id = p.establishment_id
        WHERE lm.kind = 'departure'
    """,  # nosec B608 # identifiers from code, values bound as parameters
)

_PERSON = """jsonb_build_object('civil_id', {a}.civil_id, 'name_en', {a}.name_en,
    'name_ar', {a}.name_ar, 'nationality', {a}.nationality,
    'passport_number', {a}.passport_number, 'cr_number', {e}.cr_number,
    'monthly_salary', {a}.monthly_salary, 'contract_start', {a}.contract_start)"""

DUPLICATE_PERSON = Check(
    kind=Kind.DUPLICATE_PERSON,
    entity="",
    description=(
        "two civil IDs for one person: on the register, the same passport (any establishment) "
        "or the same name in both languages and nationality (one establishment); against social "
        "insurance, the same name at one establishment in the latest month, each civil ID "
        "missing from the other side"
    ),
    sql=f"""
        WITH reg AS (
            SELECT emp.id, emp.establishment_id, emp.civil_id, emp.nationality,
                   emp.passport_number, emp.name_en, emp.name_ar, emp.monthly_salary,
                   emp.contract_start, {name_en("emp.name_en")} AS en,
                   {name_ar("emp.name_ar")} AS ar
            FROM employers_employee emp
            WHERE emp.civil_id IS NOT NULL
              AND (emp.contract_end IS NULL OR emp.contract_end >= CURRENT_DATE)),
        pairs AS (
            SELECT a.id AS a_id, b.id AS b_id FROM reg a JOIN reg b
              ON a.nationality = b.nationality AND a.passport_number = b.passport_number
             AND a.civil_id < b.civil_id
            UNION
            SELECT a.id, b.id FROM reg a JOIN reg b
              ON a.establishment_id = b.establishment_id AND a.nationality = b.nationality
             AND a.en = b.en AND a.ar = b.ar AND a.civil_id < b.civil_id
             AND a.en <> '' AND a.ar <> ''
            WHERE a.passport_number IS NULL OR b.passport_number IS NULL
               OR a.passport_number = b.passport_number),
        insured AS (
            SELECT ie.civil_id, ie.cr_number, ie.insured_name, ie.salary, ie.month,
                   {name_en("ie.insured_name")} AS en, {name_ar("ie.insured_name")} AS ar
            FROM integrations_insuredemployment ie
            WHERE ie.month = {_INSURED_MONTH})
        SELECT least(a.civil_id, b.civil_id) || '=' || greatest(a.civil_id, b.civil_id),
               ea.cr_number, a.civil_id, b.civil_id, a.nationality,
               coalesce(a.passport_number, ''), a.establishment_id, a.id, b.id, NULL::bigint,
               {_PERSON.format(a="b", e="eb")},
               {_PERSON.format(a="a", e="ea")},
               ''
        FROM pairs
        JOIN employers_employee a ON a.id = pairs.a_id
        JOIN employers_employee b ON b.id = pairs.b_id
        JOIN employers_establishment ea ON ea.id = a.establishment_id
        JOIN employers_establishment eb ON eb.id = b.establishment_id
        UNION ALL
        SELECT least(r.civil_id, i.civil_id) || '=' || greatest(r.civil_id, i.civil_id),
               e.cr_number, r.civil_id, i.civil_id, r.nationality,
               coalesce(r.passport_number, ''), e.id, r.id, NULL::bigint, NULL::bigint,
               jsonb_build_object('civil_id', i.civil_id, 'name', i.insured_name,
                                  'cr_number', i.cr_number, 'salary', i.salary,
                                  'month', to_char(i.month, 'YYYY-MM')),
               {_PERSON.format(a="r", e="e")},
               ''
        FROM reg r
        JOIN employers_establishment e ON e.id = r.establishment_id
        JOIN insured i ON i.cr_number = e.cr_number AND i.civil_id <> r.civil_id
         AND ((i.en <> '' AND i.en = r.en) OR (i.ar <> '' AND i.ar = r.ar))
        WHERE NOT EXISTS (
                SELECT 1 FROM employers_employee x
                WHERE x.establishment_id = e.id AND x.civil_id = i.civil_id)
          AND NOT EXISTS (
                SELECT 1 FROM integrations_insuredemployment y
                WHERE y.civil_id = r.civil_id AND y.cr_number = e.cr_number
                  AND y.month = i.month)
    """,  # nosec B608 # identifiers from code, values bound as parameters
)

CHECKS: tuple[Check, ...] = (
    INSURED_NOT_ON_REGISTER,
    REGISTER_NOT_INSURED,
    INSURED_SALARY_MISMATCH,
    WAGE_SALARY_MISMATCH,
    CLOSED_WITH_PERMITS,
    DEPARTED_WITH_PERMIT,
    DUPLICATE_PERSON,
)


def check_for(kind: str) -> Check:
    return next(c for c in CHECKS if c.kind == kind)
