"""The operator's pages: its sites (register one), a site's blocks, rooms and residents (add a
block of rooms; confirm or dispute each resident), and the printable QR sheet of a block. Every
object is read through a selector naming `request.operator`: another operator's is 404."""

from __future__ import annotations

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accommodation import selectors, services, tokens
from accommodation.access import OperatorRequest, operator_required
from accommodation.forms import BlockForm, ResidentForm, SiteForm
from accommodation.models import Block, Site
from core.forms import attempt
from core.pdf import render_pdf
from employers.models import Employee


@operator_required
def sites_view(request: OperatorRequest) -> HttpResponse:
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.site_register(
                operator=request.operator, by=request.user, **form.cleaned_data
            ),
            form=form,
            error_field="licence_number",
            success=_("The site is registered. Add its blocks of rooms."),
        )
        if done.ok and done.value is not None:
            return redirect("accommodation:operator-site", site_id=done.value.pk)
    sites = selectors.sites_for_operator(operator=request.operator)
    return render(
        request,
        "accommodation/operator_sites.html",
        {"operator": request.operator, "sites": sites, "form": form},
    )


def _site(request: OperatorRequest, site_id: int) -> Site:
    try:
        return selectors.site_for_operator(operator=request.operator, site_id=site_id)
    except Site.DoesNotExist as missing:
        raise Http404 from missing


@operator_required
def site_view(request: OperatorRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.block_add(site=site, by=request.user, **form.cleaned_data),
            form=form,
            success=_("The block and its rooms are added."),
        )
        if done.ok:
            return redirect("accommodation:operator-site", site_id=site.pk)
    blocks = site.blocks.prefetch_related("rooms").order_by("name")
    context = {
        "site": site,
        "blocks": blocks,
        "form": form,
        "residents": selectors.residents_of_site(site=site),
        "rooms": selectors.rooms_of_site(site=site),
    }
    return render(request, "accommodation/operator_site.html", context)


@operator_required
def block_sheet_view(request: OperatorRequest, block_id: int) -> HttpResponse:
    """The printable sheet of a block: each room's QR code (the signed check-in link)."""
    try:
        block = selectors.block_for_operator(operator=request.operator, block_id=block_id)
    except Block.DoesNotExist as missing:
        raise Http404 from missing
    rooms = []
    for room in block.rooms.order_by("number"):
        token = tokens.room_token(room_id=room.pk, site_id=block.site_id)
        with translation.override("en"):
            path = reverse("accommodation:check-in", args=[token])
        url = request.build_absolute_uri(path)
        rooms.append(
            {"room": room, "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2)}
        )
    pdf = render_pdf(
        "accommodation/block_sheet.html", {"block": block, "site": block.site, "rooms": rooms}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{block.site.licence_number}-{block.name}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _resident(request: OperatorRequest, employee_id: int) -> Employee:
    try:
        return selectors.resident_employee_for_operator(
            operator=request.operator, employee_id=employee_id
        )
    except Employee.DoesNotExist as missing:
        raise Http404 from missing


@operator_required
@require_POST
def resident_confirm_view(request: OperatorRequest, site_id: int, employee_id: int) -> HttpResponse:
    site = _site(request, site_id)
    employee = _resident(request, employee_id)
    form = ResidentForm(request.POST, rooms=selectors.rooms_of_site(site=site))
    if form.is_valid() and form.cleaned_data["room"] is not None:
        attempt(
            request,
            lambda: services.resident_confirm(
                operator=request.operator,
                employee=employee,
                room=form.cleaned_data["room"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
            success=_("The resident is confirmed."),
        )
    else:
        from django.contrib import messages

        messages.error(request, _("Choose the room the worker lives in."))
    return redirect("accommodation:operator-site", site_id=site.pk)


@operator_required
@require_POST
def resident_dispute_view(request: OperatorRequest, site_id: int, employee_id: int) -> HttpResponse:
    site = _site(request, site_id)
    employee = _resident(request, employee_id)
    attempt(
        request,
        lambda: services.resident_dispute(
            operator=request.operator,
            employee=employee,
            site=site,
            note=str(request.POST.get("note", ""))[:300],
            by=request.user,
        ),
        success=_("The declaration is disputed: the worker's employer is asked to correct it."),
    )
    return redirect("accommodation:operator-site", site_id=site.pk)
