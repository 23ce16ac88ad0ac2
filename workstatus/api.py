"""G2G: a foreign worker's status code by permit number (scope `worker-status:read`), for the
agencies that check workers (police, the health ministry, the lead agencies). It answers the
codes and reasons, not the person's details beyond what the permit number already names."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_keys import G2GAPIView
from omanization.api import ErrorSerializer  # one schema component for every G2G error
from workstatus import selectors

SCOPE = "worker-status:read"


class WorkerStatusSerializer(serializers.Serializer):
    permit_number = serializers.CharField()
    overall = serializers.CharField(help_text="green or red")
    work = serializers.CharField()
    health = serializers.CharField()
    residency = serializers.CharField()
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="Machine-readable reason codes, e.g. work.denied_cr",
    )
    establishment_cr_number = serializers.CharField()
    computed_at = serializers.DateTimeField()


class WorkerStatusView(G2GAPIView):
    """The status code of the worker a permit number names."""

    required_scopes = (SCOPE,)

    @extend_schema(
        operation_id="g2g_worker_status",
        summary="A foreign worker's status code (green or red) with its reasons",
        responses={
            200: WorkerStatusSerializer,
            401: OpenApiResponse(ErrorSerializer, description="Missing or invalid API key"),
            403: OpenApiResponse(ErrorSerializer, description=f"Key lacks {SCOPE}"),
            404: OpenApiResponse(ErrorSerializer, description="No worker with this permit"),
            429: OpenApiResponse(ErrorSerializer, description="Rate limit; see Retry-After"),
        },
    )
    def get(self, request: Request, number: str, **kwargs: Any) -> Response:
        employee = selectors.employee_for_permit_number(number=number[:20])
        code = selectors.status_for_employee(employee_id=employee.pk) if employee else None
        if employee is None or code is None:
            return Response(
                {"detail": "No worker with a status code for this permit number."},
                status=status.HTTP_404_NOT_FOUND,
            )
        data = {
            "permit_number": number.strip().upper(),
            "overall": code.overall,
            "work": code.work,
            "health": code.health,
            "residency": code.residency,
            "reasons": list(code.reasons),
            "establishment_cr_number": employee.establishment.cr_number,
            "computed_at": code.computed_at,
        }
        return Response(WorkerStatusSerializer(data).data)
