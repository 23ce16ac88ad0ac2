"""Forms of the platform core, and `attempt`: how a view calls a service and shows its answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError, PermissionDeniedError


def form_add_service_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto the form that submitted the data: each message on the
    field it names when the form has that field, otherwise above the form (the error summary).
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class AuditTrailFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=100)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    actor = forms.CharField(label=_("Actor username"), required=False, max_length=150)
    request_id = forms.CharField(label=_("Request id"), required=False, max_length=64)


T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `attempt` got from a service: `ok` and its return value, or the refusal shown."""

    ok: bool
    value: T | None = None


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    success: str = "",
    error_field: str | None = None,
    refused: tuple[type[Exception], ...] = (ValidationError, ApplicationError),
) -> Outcome[T]:
    """Call a service and show its answer: the one "form, call service, catch error, add message"
    of the portal's views.

    A refusal (ApplicationError or ValidationError) goes onto `form` when there is one (a
    ValidationError's messages onto the fields they name, an ApplicationError onto
    `error_field`, else above the form, or onto the field its `extra["column"]` names), or else
    into an error message; the service wrote nothing, so the view simply answers again. On
    success `success` (translated by the caller) becomes a success message.

    `refused` names the refusals shown (a view that caught only `PermitError` passes it, and
    any other error goes on as before). A PermissionDeniedError is never shown as a message: it
    goes on to the 403 page, unless `refused` names it.

        done = attempt(request, lambda: permit_withdraw(permit=permit, actor=request.user),
                       success=_("The application is withdrawn."))
        if done.ok:
            return redirect(...)
    """
    try:
        value = call()
    except PermissionDeniedError as error:
        if PermissionDeniedError not in refused:
            raise
        return _refuse(request, form, error_field, error)
    except refused as error:
        return _refuse(request, form, error_field, error)
    if success:
        messages.success(request, success)
    return Outcome(ok=True, value=value)


def _refuse(
    request: HttpRequest,
    form: forms.BaseForm | None,
    error_field: str | None,
    error: Exception,
) -> Outcome[Any]:
    if isinstance(error, ValidationError):
        if form is not None:
            form_add_service_errors(form, error)
        else:
            for message in error.messages:
                messages.error(request, message)
        return Outcome(ok=False)
    text = getattr(error, "message", str(error))
    if form is not None:
        extra = getattr(error, "extra", {}) or {}
        field = error_field or extra.get("field") or extra.get("column")
        form.add_error(field if isinstance(field, str) and field in form.fields else None, text)
    else:
        messages.error(request, text)
    return Outcome(ok=False)
