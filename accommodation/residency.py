"""The three-way comparison of where a worker lives, as SQL fragments the residency component
of the worker status code includes (workstatus.compute, both the full and the incremental
statement) and the staff worklist reads, so the two say the same.

`JOINS` joins the employer's declaration (`acc_d`), the operator's record (`acc_r`) and the
last check-in (`acc_c`) to the employee id expression `{employee}`; `CASES` yields one reason
per pair that disagrees (NULL otherwise), in this order:

- residency.declared_vs_operator: the operator disputes the worker, or records another room;
- residency.declared_vs_checkin: the worker last checked in to another room than declared;
- residency.operator_vs_checkin: the worker last checked in to another room than the operator
  records, or to the site whose operator disputes them.

A record that is missing compares with nothing (a declaration the operator has not answered is
on the worklist as unconfirmed, not red).
"""

from __future__ import annotations

DECLARED_VS_OPERATOR = "residency.declared_vs_operator"
DECLARED_VS_CHECKIN = "residency.declared_vs_checkin"
OPERATOR_VS_CHECKIN = "residency.operator_vs_checkin"
MISMATCHES = (DECLARED_VS_OPERATOR, DECLARED_VS_CHECKIN, OPERATOR_VS_CHECKIN)

JOINS = """
LEFT JOIN accommodation_declaration acc_d ON acc_d.employee_id = {employee}
LEFT JOIN accommodation_resident acc_r ON acc_r.employee_id = {employee}
LEFT JOIN accommodation_lastcheckin acc_c ON acc_c.employee_id = {employee}
"""

CASES = f"""
CASE WHEN acc_d.room_id IS NOT NULL AND acc_r.employee_id IS NOT NULL
      AND acc_r.room_id IS DISTINCT FROM acc_d.room_id THEN '{DECLARED_VS_OPERATOR}' END,
CASE WHEN acc_c.room_id <> acc_d.room_id THEN '{DECLARED_VS_CHECKIN}' END,
CASE WHEN (acc_r.status = 'confirmed' AND acc_c.room_id <> acc_r.room_id)
       OR (acc_r.status = 'disputed' AND acc_c.site_id = acc_r.site_id)
     THEN '{OPERATOR_VS_CHECKIN}' END
"""

# true when the worker has a declared room (it stands for the declared address)
HAS_ROOM = "acc_d.room_id IS NOT NULL"
