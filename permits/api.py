"""Placeholder: replaced by the G2G permit endpoints."""

from accounts.api_keys import G2GAPIView


class PermitClearanceView(G2GAPIView):
    required_scopes = ("permits:read",)


class PermitVisaView(G2GAPIView):
    required_scopes = ("permits:visa-write",)
