"""The worker status rule family (core.rulesets, ADR 0021): which inputs turn a component red,
the validity windows, and the lead agencies' allow and deny lists, drafted, previewed ("this
change turns 12,430 workers red, by sector and governorate") and published by policy staff
through the same pages as every other family; a same-day change needs a second approver."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.rulesets import EFFECTIVE_FROM_HELP, Lines, RuleFamily, RuleSetError, today
from workstatus.compute import statement
from workstatus.models import AccessLine, StatusRuleSet

STATUS_FIELDS = (
    "name",
    "name_ar",
    "decree",
    "effective_from",
    "barred_is_red",
    "absconding_filed_is_red",
    "allow_by_default",
    "fitness_required",
    "fitness_valid_days",
    "isolation_is_red",
    "sick_leave_is_red",
    "test_due_is_red",
    "test_due_grace_days",
    "address_required",
)


class StatusRuleSetError(RuleSetError):
    """A worker status rule set change was refused."""


class StatusRuleSetForm(forms.ModelForm):
    class Meta:
        model = StatusRuleSet
        fields = STATUS_FIELDS
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"effective_from": EFFECTIVE_FROM_HELP}


class AccessLineForm(forms.ModelForm):
    """One line of the lists; a line for a scope and value already in the set replaces it."""

    class Meta:
        model = AccessLine
        fields = ("scope", "value", "decision", "note")

    def clean_value(self) -> str:
        return str(self.cleaned_data["value"]).strip().upper()

    def validate_unique(self) -> None:
        """The scope and value may repeat: saving replaces the line (the service decides)."""


def impact(draft: StatusRuleSet) -> dict[str, Any]:
    """How many workers the draft turns red and green against the codes in force now, in all
    and by sector and governorate (one statement over the whole workforce)."""
    sql = f"""
        WITH n AS ({statement(incremental=False)})
        SELECT a.code, a.name_en, a.name_ar, est.governorate,
               GROUPING(a.code, a.name_en, a.name_ar) AS no_sector,
               GROUPING(est.governorate) AS no_governorate,
               count(*) FILTER (WHERE n.overall = 'red'
                                  AND COALESCE(o.overall, 'green') = 'green') AS to_red,
               count(*) FILTER (WHERE n.overall = 'green' AND o.overall = 'red') AS to_green,
               count(*) FILTER (WHERE n.overall = 'red') AS red,
               count(*) AS workers
        FROM n
        LEFT JOIN workstatus_workerstatus o ON o.employee_id = n.employee_id
        JOIN employers_establishment est ON est.id = n.establishment_id
        JOIN employers_economicactivity a ON a.id = est.activity_id
        GROUP BY GROUPING SETS ((a.code, a.name_en, a.name_ar), (est.governorate), ())
        ORDER BY to_red DESC, a.code, est.governorate
    """  # noqa: S608  # nosec B608 # the statement is code; values are bound
    as_of = max(draft.effective_from, today())
    params: dict[str, Any] = {"rule_set_id": draft.pk, "as_of": as_of, "now": timezone.now()}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total: dict[str, int] = {"to_red": 0, "to_green": 0, "red": 0, "workers": 0}
    sectors, governorates = [], []
    for code, name_en, name_ar, governorate, no_sector, no_gov, to_red, to_green, red, n in rows:
        figures = {"to_red": to_red, "to_green": to_green, "red": red, "workers": n}
        if no_sector and no_gov:
            total = figures
        elif not no_sector:
            sectors.append({"code": code, "name_en": name_en, "name_ar": name_ar, **figures})
        else:
            governorates.append({"governorate": governorate, **figures})
    return {"total": total, "sectors": sectors[:20], "governorates": governorates}


def _impact_context(draft: StatusRuleSet) -> dict[str, Any]:
    return {"impact": impact(draft)}


def _checks(rule_set: StatusRuleSet) -> None:
    """Nothing beyond the form's ranges: an empty list is a valid policy."""


def _after_publish(rule_set: StatusRuleSet) -> None:
    """A set that takes effect today is applied at once: a full recompute. `publish` calls this
    inside its transaction and again after commit; only the second call starts the run."""
    if rule_set.effective_from <= today() and not connection.in_atomic_block:
        from workstatus.tasks import recompute_all_task

        recompute_all_task.delay("rules")


STATUS_RULES = RuleFamily[StatusRuleSet](
    slug="workstatus",
    model=StatusRuleSet,
    namespace="workstatus",
    title=_("Worker status rule sets"),
    description=_(
        "Each rule set says which inputs turn a worker's work, health or residency code red, "
        "how long a fitness result is valid, and which activities, establishments and worksites "
        "the lead agencies allow or deny. Published rule sets never change; a change for today "
        "needs a second approver and is applied at once."
    ),
    view_permission="workstatus.view_rule_sets",
    edit_permission="workstatus.edit_rule_sets",
    fields=STATUS_FIELDS,
    form=StatusRuleSetForm,
    figures_template="workstatus/staff/_rule_figures.html",
    lines=Lines(
        model=AccessLine,
        related_name="lines",
        key=("scope", "value"),
        fields=("scope", "value", "decision", "note"),
        audit_name="access_line",
        form=AccessLineForm,
        template="workstatus/staff/_rule_lines.html",
        heading=_("Allow and deny lists"),
        add_heading=_("Add or change a line"),
    ),
    impact=_impact_context,
    impact_template="workstatus/staff/_rule_impact.html",
    impact_link=_("See how many workers this draft turns red, by sector and governorate"),
    checks=_checks,
    error=StatusRuleSetError,
    after_publish=_after_publish,
)
