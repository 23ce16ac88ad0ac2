"""The accommodation input of the inspection risk score (inspections.questions
`accommodation_risk`), read set-based in one statement for every establishment of a
governorate:

- `sites_over_capacity`: the sites where the establishment's workers are declared, or
  confirmed by the operator, and where more workers are declared, or confirmed, than the rooms
  have beds (the staff worklist's `sites_over_capacity_all_operators`, per establishment);
- `residents_unconfirmed`: its workers declared to a room whose operator has neither confirmed
  nor disputed them;
- `residents_mismatched`: its workers whose records disagree, by the same comparison as the
  residency component of the worker status code (`accommodation.residency`).

The answer is registered with the question in `AccommodationConfig.ready()`.
"""

from __future__ import annotations

from django.db import connection

from accommodation import residency
from inspections.questions import AccommodationRisk

_RISK_SQL = f"""
WITH workers AS (
    SELECT e.id, e.establishment_id
    FROM employers_employee e
    JOIN employers_establishment est ON est.id = e.establishment_id
    WHERE est.governorate = %(governorate)s
),
links AS (
    SELECT w.establishment_id, bl.site_id
    FROM workers w
    JOIN accommodation_declaration dc ON dc.employee_id = w.id
    JOIN accommodation_room rm ON rm.id = dc.room_id
    JOIN accommodation_block bl ON bl.id = rm.block_id
    UNION
    SELECT w.establishment_id, r.site_id
    FROM workers w
    JOIN accommodation_resident r ON r.employee_id = w.id AND r.status = 'confirmed'
),
linked_sites AS (SELECT DISTINCT site_id FROM links),
beds AS (
    SELECT bl.site_id, sum(rm.capacity) AS n
    FROM accommodation_room rm JOIN accommodation_block bl ON bl.id = rm.block_id
    WHERE bl.site_id IN (SELECT site_id FROM linked_sites)
    GROUP BY bl.site_id
),
declared AS (
    SELECT bl.site_id, count(*) AS n
    FROM accommodation_declaration dc
    JOIN accommodation_room rm ON rm.id = dc.room_id
    JOIN accommodation_block bl ON bl.id = rm.block_id
    WHERE bl.site_id IN (SELECT site_id FROM linked_sites)
    GROUP BY bl.site_id
),
confirmed AS (
    SELECT site_id, count(*) AS n FROM accommodation_resident
    WHERE status = 'confirmed' AND site_id IN (SELECT site_id FROM linked_sites)
    GROUP BY site_id
),
crowded AS (
    SELECT s.site_id FROM linked_sites s
    LEFT JOIN beds b ON b.site_id = s.site_id
    LEFT JOIN declared d ON d.site_id = s.site_id
    LEFT JOIN confirmed c ON c.site_id = s.site_id
    WHERE GREATEST(COALESCE(d.n, 0), COALESCE(c.n, 0)) > COALESCE(b.n, 0)
),
over_capacity AS (
    SELECT l.establishment_id, count(*) AS n
    FROM links l JOIN crowded c ON c.site_id = l.site_id
    GROUP BY l.establishment_id
),
records AS (
    SELECT w.establishment_id,
           count(*) FILTER (
               WHERE acc_d.employee_id IS NOT NULL AND acc_r.employee_id IS NULL
           ) AS unconfirmed,
           count(*) FILTER (
               WHERE cardinality(array_remove(ARRAY[{residency.CASES}], NULL)) > 0
           ) AS mismatched
    FROM workers w
    {residency.JOINS.format(employee="w.id")}
    WHERE acc_d.employee_id IS NOT NULL OR acc_r.employee_id IS NOT NULL
    GROUP BY w.establishment_id
)
SELECT COALESCE(o.establishment_id, r.establishment_id),
       COALESCE(o.n, 0), COALESCE(r.unconfirmed, 0), COALESCE(r.mismatched, 0)
FROM over_capacity o
FULL JOIN records r ON r.establishment_id = o.establishment_id
WHERE COALESCE(o.n, 0) + COALESCE(r.unconfirmed, 0) + COALESCE(r.mismatched, 0) > 0
ORDER BY 1
"""  # noqa: S608  # nosec B608 - fragments from code (accommodation.residency), no values


def accommodation_risk_for_governorate(*, governorate: str) -> list[AccommodationRisk]:
    """Every establishment of `governorate` with a site over capacity, or workers whose
    accommodation records are unconfirmed or disagree, with the three counts (one statement).
    Establishments with nothing to count are left out."""
    with connection.cursor() as cursor:
        cursor.execute(_RISK_SQL, {"governorate": governorate})
        return [AccommodationRisk(*row) for row in cursor.fetchall()]
