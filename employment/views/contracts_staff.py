"""Placeholder: replaced by the real views."""

from django.http import HttpRequest, HttpResponse


def contract_decide_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def contract_detail_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def contract_queue_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
