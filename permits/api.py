"""G2G API of work permits for the passport and residence directorate: clearance of a permit by
its number (with the worker's passport details, which the directorate owns), and the visas it
issues against a permit."""

from __future__ import annotations

from typing import Any, cast

from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_keys import G2GAPIView
from accounts.models import ApiClient
from omanization.api import ErrorSerializer  # one shared "Error" component in the schema
from permits.models import Permit, PermitVisa
from permits.selectors import permit_get_by_number_all_establishments, today
from permits.services import PermitError, permit_visa_record
from permits.verification import clearance, valid_on

NOT_FOUND = "No work permit with this number."
ENTRY_STATUSES = ["issued", "entered", "cancelled"]


class WorkerSerializer(serializers.Serializer):
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    nationality = serializers.CharField(help_text="ISO 3166 alpha-3")
    passport_number = serializers.CharField()
    date_of_birth = serializers.DateField()


class EstablishmentSerializer(serializers.Serializer):
    cr_number = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    status = serializers.CharField(help_text="active, suspended or closed")
    permits_barred = serializers.BooleanField()


class ReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=[
            "permit_status",
            "permit_expired",
            "establishment_status",
            "establishment_barred",
        ]
    )
    detail = serializers.CharField()


class ClearanceSerializer(serializers.Serializer):
    cleared = serializers.BooleanField(
        help_text="The permit is approved or valid and its establishment is active and not "
        "barred from permits: a visa may be issued and the worker let in."
    )
    reasons = ReasonSerializer(many=True, help_text="Why not cleared; empty when cleared.")


class VisaSerializer(serializers.Serializer):
    permit_number = serializers.CharField()
    visa_number = serializers.CharField()
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    entry_status = serializers.ChoiceField(choices=ENTRY_STATUSES)
    entered_on = serializers.DateField(allow_null=True)


class PermitClearanceSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=Permit.Status.values)
    valid = serializers.BooleanField(help_text="Issued, not ended, and today within its dates.")
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    kind = serializers.ChoiceField(choices=Permit.Kind.values)
    worker = WorkerSerializer()
    occupation_code = serializers.CharField(help_text="ISCO-08 unit group")
    establishment = EstablishmentSerializer()
    clearance = ClearanceSerializer()
    visas = VisaSerializer(many=True)


class VisaInputSerializer(serializers.Serializer):
    visa_number = serializers.CharField(max_length=30)
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    entry_status = serializers.ChoiceField(choices=ENTRY_STATUSES)
    entered_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_visa_number(self, value: str) -> str:
        value = value.strip().upper()
        if not value:
            raise serializers.ValidationError("Enter the visa number.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        if attrs["expires_on"] < attrs["issued_on"]:
            errors["expires_on"] = "The visa's expiry date is before its issue date."
        entered_on = attrs.get("entered_on")
        if attrs["entry_status"] == "entered" and entered_on is None:
            errors["entered_on"] = "Give the date of entry when entry_status is entered."
        if entered_on is not None and entered_on < attrs["issued_on"]:
            errors["entered_on"] = "The date of entry is before the visa was issued."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _visa_data(visa: PermitVisa, permit_number: str) -> dict[str, Any]:
    return {
        "permit_number": permit_number,
        "visa_number": visa.visa_number,
        "issued_on": visa.issued_on,
        "expires_on": visa.expires_on,
        "entry_status": visa.entry_status,
        "entered_on": visa.entered_on,
    }


def _not_found() -> Response:
    return Response({"detail": NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)


def _permit(number: str) -> Permit | None:
    return permit_get_by_number_all_establishments(number=number.strip().upper()[:20])


class PermitClearanceView(G2GAPIView):
    """A permit by its number: its validity, the worker's passport details, the employer and
    whether the directorate may act on it."""

    required_scopes = ("permits:read",)

    @extend_schema(
        operation_id="g2g_permit_clearance",
        summary="Work permit clearance (passport and residence directorate)",
        responses={
            200: PermitClearanceSerializer,
            401: OpenApiResponse(ErrorSerializer, description="Missing or invalid API key"),
            403: OpenApiResponse(ErrorSerializer, description="Key lacks permits:read"),
            404: OpenApiResponse(ErrorSerializer, description="No permit with this number"),
        },
    )
    def get(self, request: Request, number: str, **kwargs: Any) -> Response:
        permit = _permit(number)
        if permit is None:
            return _not_found()
        on = today()
        establishment = permit.establishment
        result = clearance(permit, on)
        data = {
            "number": permit.number,
            "status": permit.status,
            "valid": valid_on(permit, on),
            "valid_from": permit.valid_from,
            "valid_until": permit.valid_until,
            "kind": permit.kind,
            "worker": {
                "name_en": permit.worker_name_en,
                "name_ar": permit.worker_name_ar,
                "nationality": permit.nationality,
                "passport_number": permit.passport_number,
                "date_of_birth": permit.date_of_birth,
            },
            "occupation_code": permit.occupation_code,
            "establishment": {
                "cr_number": establishment.cr_number,
                "name_en": establishment.name_en,
                "name_ar": establishment.name_ar,
                "status": establishment.status,
                "permits_barred": establishment.permits_barred,
            },
            "clearance": {
                "cleared": result.cleared,
                "reasons": [{"code": r.code, "detail": r.detail} for r in result.reasons],
            },
            "visas": [_visa_data(visa, permit.number) for visa in permit.visas.all()],
        }
        return Response(PermitClearanceSerializer(data).data)


class PermitVisaView(G2GAPIView):
    """Record a visa issued against a permit. Idempotent: the same visa sent again answers 200
    with the same body and writes nothing."""

    required_scopes = ("permits:visa-write",)

    @extend_schema(
        operation_id="g2g_permit_visa_record",
        summary="Record a visa against a work permit (passport and residence directorate)",
        request=VisaInputSerializer,
        responses={
            201: OpenApiResponse(VisaSerializer, description="Visa recorded"),
            200: OpenApiResponse(VisaSerializer, description="Visa already recorded (or updated)"),
            400: OpenApiResponse(description="Invalid body: errors by field; nothing saved"),
            401: OpenApiResponse(ErrorSerializer, description="Missing or invalid API key"),
            403: OpenApiResponse(ErrorSerializer, description="Key lacks permits:visa-write"),
            404: OpenApiResponse(ErrorSerializer, description="No permit with this number"),
            409: OpenApiResponse(
                ErrorSerializer,
                description="The permit cannot take a visa (e.g. rejected, withdrawn, ended), "
                "or the visa number is recorded against another permit",
            ),
        },
    )
    def post(self, request: Request, number: str, **kwargs: Any) -> Response:
        permit = _permit(number)
        if permit is None:
            return _not_found()
        body = VisaInputSerializer(data=request.data)
        if not body.is_valid():
            return Response(body.errors, status=status.HTTP_400_BAD_REQUEST)
        client = cast(ApiClient, request.auth)  # HasScope lets only API clients in
        try:
            with translation.override("en"):  # the reader is another system
                recorded = permit_visa_record(
                    permit=permit, recorded_by=client.user, **body.validated_data
                )
        except PermitError as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        return Response(
            VisaSerializer(_visa_data(recorded.visa, permit.number)).data,
            status=status.HTTP_201_CREATED if recorded.created else status.HTTP_200_OK,
        )
