"""Placeholder: replaced by the real views."""

from django.http import HttpRequest, HttpResponse


def contract_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
