"""Who reads the labour market information (django-rules; no permission rows)."""

from __future__ import annotations

import rules

from accounts.models import User
from accounts.rules import _has_role

# Dashboards: decision makers and analysts, policy staff, approvers and officers (an officer of
# a governorate's directorate is scoped to it: lmi.models.StaffScope).
can_view_dashboards = _has_role(
    User.Role.ANALYST, User.Role.POLICY, User.Role.APPROVER, User.Role.OFFICER
)
# Rebuilding the rollups and releasing the open data now, rather than at night.
can_run_rollups = _has_role(User.Role.ANALYST, User.Role.POLICY)
is_training_institution = _has_role(User.Role.TRAINING_INSTITUTION)
# Assigning and ending a staff member's governorate scope.
can_manage_scopes = _has_role(User.Role.POLICY, User.Role.APPROVER)

rules.add_perm("lmi.view_dashboards", can_view_dashboards)
rules.add_perm("lmi.run_rollups", can_run_rollups)
rules.add_perm("lmi.view_skills_demand", is_training_institution)
rules.add_perm("lmi.manage_scopes", can_manage_scopes)
