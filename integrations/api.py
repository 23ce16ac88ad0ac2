"""G2G API of the integrations: what other entities need of the portal's workforce register
and of the data quality across entities, by CR number (scope `establishments:read`).

`IntegrationsG2GView` adds to the accounts' G2G base one audit event for every refused call
that carries no valid key (401): the base audits only calls made with a valid key (including
its 403s), so a missing or wrong key would otherwise leave no trace.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_keys import G2GAPIView
from omanization.api import ErrorSerializer  # one schema component for every G2G error

SCOPE = "establishments:read"
SCOPE_DESCRIPTION = "Workforce and data-quality figures of an establishment (other entities)"


class IntegrationsG2GView(G2GAPIView):
    """G2G base of the integrations' endpoints (auditing, refused calls included, is in
    `accounts.api_keys.G2GAPIView`, shared by every G2G endpoint)."""


class RegisterSerializer(serializers.Serializer):
    employees = serializers.IntegerField(help_text="On the workforce register")
    omani = serializers.IntegerField()
    foreign = serializers.IntegerField()


class InsuranceSerializer(serializers.Serializer):
    month = serializers.DateField(allow_null=True, help_text="Latest month synchronised")
    insured = serializers.IntegerField()
    insured_salaries = serializers.DecimalField(max_digits=14, decimal_places=3)


class WageProtectionSerializer(serializers.Serializer):
    month = serializers.DateField(allow_null=True, help_text="Latest salary file month")
    lines = serializers.IntegerField()
    paid = serializers.IntegerField()
    late = serializers.IntegerField()
    unpaid = serializers.IntegerField()


class RegistrySerializer(serializers.Serializer):
    status = serializers.CharField(help_text="active, suspended or closed")
    status_changed_on = serializers.DateField()


class WorkforceSummarySerializer(serializers.Serializer):
    cr_number = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    establishment_status = serializers.CharField(help_text="active, suspended or closed")
    permits_barred = serializers.BooleanField()
    commerce_registry = RegistrySerializer(allow_null=True)
    register = RegisterSerializer()
    social_insurance = InsuranceSerializer()
    wage_protection = WageProtectionSerializer()
    open_data_quality_cases = serializers.IntegerField()
    computed_at = serializers.DateTimeField()


class KindCountsSerializer(serializers.Serializer):
    kind = serializers.CharField()
    open = serializers.IntegerField()
    resolved = serializers.IntegerField()
    dismissed = serializers.IntegerField()


class DataQualitySerializer(serializers.Serializer):
    cr_number = serializers.CharField()
    open = serializers.IntegerField()
    kinds = KindCountsSerializer(many=True)
    computed_at = serializers.DateTimeField()


def _not_found() -> Response:
    return Response(
        {"detail": "No establishment with this commercial registration number."},
        status=status.HTTP_404_NOT_FOUND,
    )


_ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Missing or invalid API key"),
    403: OpenApiResponse(ErrorSerializer, description=f"Key lacks {SCOPE}"),
    404: OpenApiResponse(ErrorSerializer, description="No establishment with this CR"),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit; see Retry-After"),
}


class WorkforceSummaryView(IntegrationsG2GView):
    """The establishment's workforce as the portal's register, social insurance and the wage
    protection files have it, and how many data-quality cases about it are open."""

    required_scopes = (SCOPE,)

    @extend_schema(
        operation_id="g2g_establishment_workforce_summary",
        summary="Workforce summary of an establishment across entities",
        responses={200: WorkforceSummarySerializer, **_ERRORS},
    )
    def get(self, request: Request, cr_number: str, **kwargs: Any) -> Response:
        from employers.selectors import headcount_for_establishment
        from integrations.reconciliation.selectors import case_counts_for_establishment
        from integrations.selectors import (
            insurance_summary_for_establishment,
            registry_record_for,
            wage_protection_summary_for_establishment,
        )
        from omanization.selectors import establishment_get_by_cr_number_all_establishments

        establishment = establishment_get_by_cr_number_all_establishments(cr_number=cr_number)
        if establishment is None:
            return _not_found()
        headcount = headcount_for_establishment(establishment=establishment)
        registry = registry_record_for(cr_number=cr_number)
        counts = case_counts_for_establishment(cr_number=cr_number)
        data = {
            "cr_number": establishment.cr_number,
            "name_en": establishment.name_en,
            "name_ar": establishment.name_ar,
            "establishment_status": establishment.status,
            "permits_barred": establishment.permits_barred,
            "commerce_registry": (
                {"status": registry.status, "status_changed_on": registry.status_changed_on}
                if registry is not None
                else None
            ),
            "register": {
                "employees": headcount.total,
                "omani": headcount.omani,
                "foreign": headcount.foreign,
            },
            "social_insurance": vars(insurance_summary_for_establishment(cr_number=cr_number)),
            "wage_protection": vars(wage_protection_summary_for_establishment(cr_number=cr_number)),
            "open_data_quality_cases": sum(c.get("open", 0) for c in counts.values()),
            "computed_at": timezone.now(),
        }
        return Response(WorkforceSummarySerializer(data).data)


class DataQualityCountsView(IntegrationsG2GView):
    """Data-quality cases about the establishment, per kind and status."""

    required_scopes = (SCOPE,)

    @extend_schema(
        operation_id="g2g_establishment_data_quality",
        summary="Data-quality case counts of an establishment",
        responses={200: DataQualitySerializer, **_ERRORS},
    )
    def get(self, request: Request, cr_number: str, **kwargs: Any) -> Response:
        from integrations.models import DataQualityCase
        from integrations.reconciliation.selectors import case_counts_for_establishment
        from omanization.selectors import establishment_get_by_cr_number_all_establishments

        if establishment_get_by_cr_number_all_establishments(cr_number=cr_number) is None:
            return _not_found()
        counts = case_counts_for_establishment(cr_number=cr_number)
        kinds = [
            {
                "kind": kind,
                "open": counts.get(kind, {}).get("open", 0),
                "resolved": counts.get(kind, {}).get("resolved", 0),
                "dismissed": counts.get(kind, {}).get("dismissed", 0),
            }
            for kind in DataQualityCase.Kind.values
        ]
        data = {
            "cr_number": cr_number,
            "open": sum(counts.get(kind, {}).get("open", 0) for kind in counts),
            "kinds": kinds,
            "computed_at": timezone.now(),
        }
        return Response(DataQualitySerializer(data).data)
