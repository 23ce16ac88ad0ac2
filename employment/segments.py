"""The workers a broadcast can reach (the answer to notifications.questions.broadcast_population).

One row per foreign worker on a register (not Omani, contract not ended, establishment not
closed), with the verified mobile a broadcast goes to and the worker's language:

- mobile: the worker's own proven account's verified mobile, else the mobile the civil registry
  holds for the worker's civil or resident number (accounts.contact: the verified numbers; a
  number an employer typed is never used); NULL when neither is known;
- language: the account's chosen language, else the language of the worker's latest contract,
  else Arabic;
- opted_out: the account switched alerts off (a worker without an account cannot have).

Set-based SQL (hash joins over the register, the accounts, the registry's kept answers and the
latest contract of each worker), so a segment of a million workers is one statement.
"""

from __future__ import annotations

from typing import Any

from accounts.models import RegistryRecord, User
from employers.models import Employee, Establishment
from employment.models import Contract

E164 = r"^\+[1-9][0-9]{6,14}$"


def broadcast_population() -> tuple[str, list[Any]]:
    """SQL of notifications.segments.POPULATION_COLUMNS for every reachable foreign worker."""
    sql = f"""
        SELECT e.id AS employee_id, e.establishment_id, e.nationality,
               acc.id AS user_id,
               CASE WHEN acc.mobile ~ %s THEN acc.mobile
                    WHEN reg.mobile ~ %s THEN reg.mobile END AS mobile,
               COALESCE(NULLIF(acc.preferred_language, ''), NULLIF(c.worker_language, ''), 'ar')
                   AS language,
               COALESCE(acc.sms_alerts_opt_out, false) AS opted_out
        FROM {Employee._meta.db_table} e
        JOIN {Establishment._meta.db_table} est ON est.id = e.establishment_id
        LEFT JOIN {User._meta.db_table} acc
            ON acc.civil_id = e.civil_id AND acc.is_active
           AND acc.identity_proven_at IS NOT NULL AND acc.mobile_verified_at IS NOT NULL
           AND acc.mobile <> ''
        LEFT JOIN {RegistryRecord._meta.db_table} reg ON reg.civil_id = e.civil_id
        LEFT JOIN (
            SELECT DISTINCT ON (employee_id) employee_id, worker_language
            FROM {Contract._meta.db_table}
            WHERE employee_id IS NOT NULL
            ORDER BY employee_id, id DESC
        ) c ON c.employee_id = e.id
        WHERE e.nationality <> %s AND est.status <> %s
          AND (e.contract_end IS NULL OR e.contract_end >= CURRENT_DATE)
    """  # noqa: S608  # nosec B608 # table names from the models, values as parameters
    return sql, [E164, E164, Employee.OMANI, Establishment.Status.CLOSED]
