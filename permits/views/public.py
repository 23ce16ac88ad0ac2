"""Placeholder: replaced by the real views."""

from django.http import HttpRequest, HttpResponse


def transfer_consent_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def verify_permit_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
