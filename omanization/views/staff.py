"""Ministry pages of Omanization: staff see the national recompute (the rule-set pages are in
omanization.views.rules). Cross-establishment by design."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.forms import attempt
from omanization.models import ComplianceRun
from omanization.selectors import (
    compliance_run_latest,
    compliance_run_list,
    compliance_summary_by_activity_all_establishments,
)
from omanization.services import (
    RuleSetError,
    compliance_recompute,
)


@staff_required("omanization.view_compliance")
def compliance_overview_view(request: SignedInRequest) -> HttpResponse:
    context = {
        "latest": compliance_run_latest(),
        "runs": compliance_run_list()[:20],
        "by_activity": compliance_summary_by_activity_all_establishments(),
        "can_recompute": request.user.has_perm("omanization.edit_rule_sets"),
    }
    return render(request, "omanization/staff/compliance.html", context)


@staff_required("omanization.edit_rule_sets")
@require_POST
def compliance_recompute_view(request: SignedInRequest) -> HttpResponse:
    done = attempt(
        request,
        lambda: compliance_recompute(trigger=ComplianceRun.Trigger.STAFF),
        refused=(RuleSetError,),
    )
    if done.ok and done.value is not None:
        run = done.value
        messages.success(
            request,
            _("Recomputed %(n)s establishments: %(changed)s changed status.")
            % {"n": run.total, "changed": run.changed},
        )
    return redirect("omanization:staff-compliance")
