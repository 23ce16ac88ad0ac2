"""A person's copy of their data: ask for it, watch it being built, download it (JSON, PDF)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.exports import (
    EXPORTS_PER_DAY,
    DataExportError,
    data_export_downloaded,
    data_export_request,
)
from accounts.http import SignedInRequest
from accounts.models import DataExport
from core.forms import attempt
from core.private_files import private_file_path

CONTENT_TYPES = {"json": "application/json", "pdf": "application/pdf"}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_data_view(request: SignedInRequest) -> HttpResponse:
    """The person's copies of their data, and the button that asks for a new one."""
    if request.method == "POST":
        done = attempt(
            request,
            lambda: data_export_request(person=request.user),
            success=_("Your copy is being prepared. This page shows when it is ready."),
            refused=(DataExportError,),
        )
        if done.ok and done.value is not None:
            return redirect("accounts:my-data-export", done.value.pk)
        return redirect("accounts:my-data")
    exports = DataExport.objects.filter(person=request.user).order_by("-created_at", "-id")[:10]
    return render(
        request,
        "accounts/my_data.html",
        {"exports": exports, "per_day": EXPORTS_PER_DAY},
    )


def _own(request: SignedInRequest, export_id: int) -> DataExport:
    # another person's copy is not found, not forbidden: its existence is not told
    return get_object_or_404(DataExport, pk=export_id, person=request.user)


@login_required
def my_data_export_view(request: SignedInRequest, export_id: int) -> HttpResponse:
    export = _own(request, export_id)
    template = (
        "accounts/_data_export_progress.html"
        if request.headers.get("HX-Request")
        else "accounts/my_data_export.html"
    )
    return render(request, template, {"export": export})


@login_required
def my_data_download_view(request: SignedInRequest, export_id: int, kind: str) -> FileResponse:
    export = _own(request, export_id)
    relative = {"json": export.json_path, "pdf": export.pdf_path}.get(kind)
    if not export.succeeded or not relative:
        raise Http404
    try:
        handle = private_file_path(relative).open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    data_export_downloaded(export=export, actor=request.user, kind=kind)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"my-data-{export.created_at:%Y%m%d}.{kind}",
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
