"""G2G API of payments: revenue for the finance ministry (scope `revenue:read`).

Totals in baisas of the invoices issued between two dates, grouped by fee, governorate,
economic activity, nationality or month: collected, outstanding, written off and refunded.
"""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_keys import G2GAPIView
from omanization.api import ErrorSerializer
from payments.revenue import GROUPINGS, revenue_totals_all_establishments, totals_of

SCOPE = "revenue:read"


class RevenueRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    invoices = serializers.IntegerField()
    collected_baisas = serializers.IntegerField()
    outstanding_baisas = serializers.IntegerField()
    written_off_baisas = serializers.IntegerField()
    refunded_baisas = serializers.IntegerField()


class RevenueSerializer(serializers.Serializer):
    by = serializers.CharField()
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    currency = serializers.CharField()
    rows = RevenueRowSerializer(many=True)
    totals = serializers.DictField(child=serializers.IntegerField())


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    return datetime.date.fromisoformat(value)


class RevenueView(G2GAPIView):
    """Revenue of the portal's fees and fines, for the finance ministry."""

    required_scopes = (SCOPE,)

    @extend_schema(
        operation_id="g2g_revenue",
        summary="Revenue totals of fees and fines",
        parameters=[
            OpenApiParameter("by", str, enum=list(GROUPINGS), required=False),
            OpenApiParameter("from", datetime.date, required=False),
            OpenApiParameter("to", datetime.date, required=False),
        ],
        responses={
            200: RevenueSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Bad grouping or date"),
            401: OpenApiResponse(ErrorSerializer, description="Missing or invalid API key"),
            403: OpenApiResponse(ErrorSerializer, description=f"Key lacks {SCOPE}"),
            429: OpenApiResponse(ErrorSerializer, description="Rate limit; see Retry-After"),
        },
    )
    def get(self, request: Request, **kwargs: Any) -> Response:
        by = request.query_params.get("by") or "fee_type"
        try:
            date_from = _date(request.query_params.get("from"))
            date_to = _date(request.query_params.get("to"))
        except ValueError:
            return Response({"detail": "Dates are YYYY-MM-DD."}, status=status.HTTP_400_BAD_REQUEST)
        if by not in GROUPINGS:
            return Response(
                {"detail": f"by is one of {', '.join(GROUPINGS)}."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        rows = revenue_totals_all_establishments(by=by, date_from=date_from, date_to=date_to)
        body = {
            "by": by,
            "date_from": date_from,
            "date_to": date_to,
            "currency": "OMR",
            "rows": [
                {
                    "key": row.key,
                    "invoices": row.invoices,
                    "collected_baisas": row.collected_baisas,
                    "outstanding_baisas": row.outstanding_baisas,
                    "written_off_baisas": row.written_off_baisas,
                    "refunded_baisas": row.refunded_baisas,
                }
                for row in rows
            ],
            "totals": totals_of(rows),
        }
        return Response(RevenueSerializer(body).data)
