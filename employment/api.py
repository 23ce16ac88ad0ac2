"""G2G API of the employment lifecycle: the passport and residence directorate reports a foreign
worker's departure, which ends their contract and their permit."""

from __future__ import annotations

from typing import Any, cast

from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_keys import G2GAPIView
from accounts.models import ApiClient
from employment.services.cases import CaseError
from employment.services.departures import departure_record
from omanization.api import ErrorSerializer


class DepartureSerializer(serializers.Serializer):
    nationality = serializers.RegexField(r"^[A-Za-z]{3}$", help_text="ISO 3166 alpha-3")
    passport_number = serializers.RegexField(r"^[A-Za-z0-9]{5,20}$")
    departed_on = serializers.DateField()
    reference = serializers.CharField(
        max_length=60, help_text="The directorate's own reference of the departure record"
    )


class DepartureResultSerializer(serializers.Serializer):
    permits_ended = serializers.ListField(child=serializers.CharField())
    contracts_ended = serializers.IntegerField()
    already_recorded = serializers.BooleanField(
        help_text="True when this departure had already ended everything: nothing changed."
    )


class DepartureView(G2GAPIView):
    """A foreign worker left Oman: end their contract and their work permit."""

    required_scopes = ("departures:write",)

    @extend_schema(
        operation_id="g2g_departure_record",
        summary="Record a worker's departure (passport and residence directorate)",
        request=DepartureSerializer,
        responses={
            200: DepartureResultSerializer,
            400: OpenApiResponse(description="Invalid body; nothing recorded"),
            401: OpenApiResponse(ErrorSerializer, description="Missing or invalid API key"),
            403: OpenApiResponse(ErrorSerializer, description="Key lacks departures:write"),
            404: OpenApiResponse(ErrorSerializer, description="No worker with this passport"),
            409: OpenApiResponse(ErrorSerializer, description="Refused (a future date)"),
        },
    )
    def post(self, request: Request, **kwargs: Any) -> Response:
        body = DepartureSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        client = cast(ApiClient, request.auth)
        with translation.override("en"):
            try:
                result = departure_record(
                    reported_by=client.user,
                    **body.validated_data,
                )
            except CaseError as error:
                code = (
                    status.HTTP_404_NOT_FOUND
                    if "No worker" in error.message
                    else status.HTTP_409_CONFLICT
                )
                return Response({"detail": error.message}, status=code)
        return Response(
            {
                "permits_ended": result.permits_ended,
                "contracts_ended": result.contracts_ended,
                "already_recorded": result.already_recorded,
            }
        )
