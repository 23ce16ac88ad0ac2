"""Placeholder: replaced by the real views."""

from django.http import HttpRequest, HttpResponse


def bulk_renewal_create_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def bulk_renewal_detail_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def bulk_renewal_progress_view(
    request: HttpRequest, *args: object, **kwargs: object
) -> HttpResponse:
    raise NotImplementedError


def permit_apply_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def permit_cancel_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def permit_certificate_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def permit_detail_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def permit_document_add_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def permit_document_download_view(
    request: HttpRequest, *args: object, **kwargs: object
) -> HttpResponse:
    raise NotImplementedError


def permit_list_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def permit_renew_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def permit_withdraw_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def renewal_worklist_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def transfer_list_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def transfer_request_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
