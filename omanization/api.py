"""G2G API of Omanization: the tender board checks an establishment's compliance by CR number."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_keys import G2GAPIView
from omanization.plan_selectors import plan_due_for, plan_for_year
from omanization.selectors import (
    compliance_for_establishment,
    establishment_get_by_cr_number_all_establishments,
    rule_set_in_force,
    today,
)


class ComplianceSerializer(serializers.Serializer):
    cr_number = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    establishment_status = serializers.CharField(help_text="active, suspended or closed")
    status = serializers.ChoiceField(choices=["compliant", "non_compliant", "not_assessed"])
    share = serializers.DecimalField(
        max_digits=7, decimal_places=4, allow_null=True, help_text="Weighted Omani share, 0-1"
    )
    target = serializers.DecimalField(
        max_digits=7, decimal_places=4, allow_null=True, help_text="Overall target, 0-1"
    )
    failing_job_levels = serializers.ListField(child=serializers.IntegerField())
    minimum_met = serializers.BooleanField(allow_null=True)
    rule_set_version = serializers.IntegerField(allow_null=True)
    rule_set_effective_from = serializers.DateField(allow_null=True)
    as_of = serializers.DateField()
    computed_at = serializers.DateTimeField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _errors(scope: str) -> dict[int, OpenApiResponse]:
    """The refusals every endpoint here documents: no key, a key without `scope`, no such CR."""
    return {
        401: OpenApiResponse(ErrorSerializer, description="Missing or invalid API key"),
        403: OpenApiResponse(ErrorSerializer, description=f"Key lacks {scope}"),
        404: OpenApiResponse(ErrorSerializer, description="No establishment with this CR"),
    }


def _not_found() -> Response:
    return Response(
        {"detail": "No establishment with this commercial registration number."},
        status=status.HTTP_404_NOT_FOUND,
    )


class OmanizationComplianceView(G2GAPIView):
    """Live Omanization compliance of one establishment, by commercial registration number."""

    required_scopes = ("omanization:read",)

    @extend_schema(
        operation_id="g2g_omanization_compliance",
        summary="Omanization compliance of an establishment (tender board)",
        responses={
            200: ComplianceSerializer,
            **_errors("omanization:read"),
        },
    )
    def get(self, request: Request, cr_number: str, **kwargs: Any) -> Response:
        establishment = establishment_get_by_cr_number_all_establishments(cr_number=cr_number)
        if establishment is None:
            return _not_found()
        as_of = today()
        rule_set = rule_set_in_force(on=as_of)
        result = compliance_for_establishment(
            establishment=establishment, as_of=as_of, rule_set=rule_set
        )
        data: dict[str, Any] = {
            "cr_number": establishment.cr_number,
            "name_en": establishment.name_en,
            "name_ar": establishment.name_ar,
            "establishment_status": establishment.status,
            "status": "not_assessed",
            "share": None,
            "target": None,
            "failing_job_levels": [],
            "minimum_met": None,
            "rule_set_version": rule_set.version if rule_set else None,
            "rule_set_effective_from": rule_set.effective_from if rule_set else None,
            "as_of": as_of,
            "computed_at": timezone.now(),
        }
        if result is not None:
            data["status"] = "compliant" if result.compliant else "non_compliant"
            data.update(
                share=result.share,
                target=result.target,
                failing_job_levels=[level.level for level in result.failing_levels],
                minimum_met=result.minimum_met,
            )
        return Response(ComplianceSerializer(data).data)


class PlanStatusSerializer(serializers.Serializer):
    cr_number = serializers.CharField()
    year = serializers.IntegerField()
    plan_required = serializers.BooleanField(
        help_text="The establishment's headcount is at or above the rule set's"
    )
    required_for_permits = serializers.BooleanField(
        help_text="New permits wait for an approved plan (rule set switch, when required)"
    )
    status = serializers.ChoiceField(
        choices=["approved", "submitted", "changes_requested", "not_filed"]
    )
    score = serializers.IntegerField(allow_null=True, help_text="% of the target reached, 0-100")
    target = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True)
    planned_share = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)


class OmanizationPlanView(G2GAPIView):
    """This year's annual Omanization plan of one establishment, by CR number: whether one is
    due, and its status (the tender board checks it before awarding)."""

    required_scopes = ("omanization-plan:read",)

    @extend_schema(
        operation_id="g2g_omanization_plan",
        summary="Annual Omanization plan of an establishment (tender board)",
        responses={
            200: PlanStatusSerializer,
            **_errors("omanization-plan:read"),
        },
    )
    def get(self, request: Request, cr_number: str, **kwargs: Any) -> Response:
        establishment = establishment_get_by_cr_number_all_establishments(cr_number=cr_number)
        if establishment is None:
            return _not_found()
        on = today()
        due = plan_due_for(establishment=establishment, on=on)
        plan = plan_for_year(establishment=establishment, year=on.year)
        data: dict[str, Any] = {
            "cr_number": establishment.cr_number,
            "year": on.year,
            "plan_required": due.required,
            "required_for_permits": due.gates_permits,
            "status": plan.status if plan else "not_filed",
            "score": plan.score if plan else None,
            "target": plan.target if plan else None,
            "planned_share": plan.planned_share if plan else None,
            "decided_at": plan.decided_at if plan else None,
        }
        return Response(PlanStatusSerializer(data).data)
