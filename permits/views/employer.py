"""The employer's work permit pages: the list, applying, one permit with its checks, documents
and history, withdrawal, cancellation and renewal. The renewal worklist and bulk renewals are in
`employer_renewals`, transfers in `employer_transfers`; shared helpers in `employer_common`.

Every view is wrapped by `employer_required` (the establishment comes from membership) and
fetches permits and documents through establishment-scoped selectors, so another
establishment's object answers 404 even under the representative's own establishment in the URL.
The views hold no business rule: they parse the forms, call one service, and turn its errors
into form errors or messages.
"""

from __future__ import annotations

import logging
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from permits.documents import CheckedDocument, DocumentError, document_check, document_read
from permits.forms.employer import (
    CancelForm,
    PermitApplicationForm,
    PermitDocumentForm,
    PermitFilterForm,
)
from permits.models import Permit, PermitDocument
from permits.presentation import check_reason, check_rows, failed_reasons
from permits.questions import medical_fitness
from permits.selectors import (
    fee_band_for_permit,
    permit_document_get,
    permit_events,
    permit_list_for_establishment,
    permit_rule_set_in_force,
)
from permits.services import (
    PermitError,
    WorkerAndJob,
    application_validate,
    permit_apply,
    permit_cancel,
    permit_document_add,
    permit_document_downloaded,
    permit_renew,
    permit_withdraw,
    renewal_window_opens,
)
from permits.views.employer_common import (
    PER_PAGE,
    _add_service_errors,
    _establishment,
    _job_level_label,
    _permit_or_404,
    _permit_post,
    _titles,
    _to_detail,
    _user,
)
from taxonomy.selectors import unit_group_list

# --- the list -------------------------------------------------------------------------------

logger = logging.getLogger(__name__)


@employer_required(service=Service.PERMITS)
def permit_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    form = PermitFilterForm(request.GET or None)
    status = search = ""
    if form.is_valid():
        status = form.cleaned_data["status"]
        search = form.cleaned_data["q"]
    permits = permit_list_for_establishment(
        establishment=establishment, status=status, search=search
    )
    page, query = page_with_query(request, permits, PER_PAGE)
    shown = list(page.object_list)
    titles = _titles(permit.occupation_code for permit in shown)
    context = {
        "establishment": establishment,
        "form": form,
        "page": page,
        "query": query,
        "rows": [(permit, titles.get(permit.occupation_code, "")) for permit in shown],
        "filtered": bool(status or search),
    }
    if getattr(request, "htmx", False):
        return render(request, "permits/employer/_permit_table.html", context)
    return render(request, "permits/employer/permit_list.html", context)


# --- applying -------------------------------------------------------------------------------


def _worker_and_job(form: PermitApplicationForm) -> WorkerAndJob:
    values = form.cleaned_data
    return WorkerAndJob(
        worker_name_ar=values.get("worker_name_ar", ""),
        worker_name_en=values.get("worker_name_en", ""),
        nationality=values.get("nationality", ""),
        passport_number=values.get("passport_number", ""),
        passport_expiry=values.get("passport_expiry"),
        date_of_birth=values.get("date_of_birth"),
        occupation_code=values.get("occupation_code", ""),
        job_level=values.get("job_level", ""),
        monthly_salary=values.get("monthly_salary", ""),
        requested_start=values.get("requested_start"),
        worker_mobile=values.get("worker_mobile", ""),
        worker_language=values.get("worker_language", "en"),
        worker_civil_id=values.get("worker_civil_id", ""),
    )


def _checked_documents(
    request: EmployerRequest, form: PermitApplicationForm
) -> list[CheckedDocument]:
    """Each upload checked by its content; a refused file is an error on its own field."""
    documents = []
    for name, kind, upload in form.uploads():
        check = partial(
            document_check, kind=kind, original_filename=upload.name or "", content=upload.read()
        )
        done = attempt(request, check, form=form, error_field=name, refused=(DocumentError,))
        if done.ok and done.value is not None:
            documents.append(done.value)
    return documents


def _apply(request: EmployerRequest, form: PermitApplicationForm) -> Permit | None:
    """File the application, or put every problem on the form and file nothing.

    The service's validation runs even when the form found problems, so the person sees every
    problem at once; `permit_apply` checks everything again and is the authority.
    """
    form.is_valid()
    data = _worker_and_job(form)
    try:
        application_validate(data, on=timezone.localdate())
    except ValidationError as error:
        _add_service_errors(form, error)
    documents = _checked_documents(request, form)
    if form.errors:
        return None
    done = attempt(
        request,
        lambda: permit_apply(
            establishment=_establishment(request),
            data=data,
            applied_by=_user(request),
            documents=documents,
        ),
        form=form,
        refused=(ValidationError, PermitError),
    )
    return done.value


def _applied_message(permit: Permit) -> str:
    values = {"number": permit.number, "fee": permit.fee_amount}
    if permit.status == Permit.Status.ACTIVE:
        return (
            _(
                "Work permit %(number)s is issued: every automatic check passed. "
                "The fee is RO %(fee)s."
            )
            % values
        )
    reasons = failed_reasons(permit)
    if reasons:
        return _(
            "Application %(number)s was sent to a ministry officer because an automatic check "
            "did not pass: %(reasons)s The fee is RO %(fee)s."
        ) % {**values, "reasons": reasons}
    return (
        _(
            "Application %(number)s was sent to a ministry officer for a decision. "
            "The fee is RO %(fee)s."
        )
        % values
    )


@employer_required(service=Service.PERMITS)
def permit_apply_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    if request.method == "POST":
        form = PermitApplicationForm(request.POST, request.FILES)
        permit = _apply(request, form)
        if permit is not None:
            messages.success(request, _applied_message(permit))
            return _to_detail(permit)
    else:
        form = PermitApplicationForm()
    context = {
        "establishment": establishment,
        "form": form,
        "unit_groups": unit_group_list(),
        "rule_set": permit_rule_set_in_force(on=timezone.localdate()),
    }
    return render(request, "permits/employer/permit_apply.html", context)


# --- one permit -----------------------------------------------------------------------------


def _detail_context(request: EmployerRequest, permit: Permit) -> dict[str, object]:
    today = timezone.localdate()
    document_requests = list(permit.document_requests.all())
    open_requests = [item for item in document_requests if item.answered_at is None]
    first_kind = open_requests[0].kind if open_requests else PermitDocument.Kind.OTHER
    opens = renewal_window_opens(permit) if permit.can_renew else None
    fee_band = fee_band_for_permit(permit=permit)
    previous = permit.previous_permit
    return {
        "establishment": _establishment(request),
        "permit": permit,
        "medical": medical_fitness.ask(
            nationality=permit.nationality, passport_number=permit.passport_number
        ),
        "occupation_title": _titles([permit.occupation_code]).get(permit.occupation_code, ""),
        "job_level_label": _job_level_label(permit.job_level),
        "checks": check_rows(permit),
        # paid, not issued: why (permits.services.permit_issue_paid)
        "issue_held_reasons": [check_reason(check) for check in permit.issue_held_checks],
        "fee_band": fee_band,
        "document_requests": document_requests,
        "open_requests": open_requests,
        "documents": list(permit.documents.all()),
        "document_form": PermitDocumentForm(initial={"kind": first_kind}),
        "can_add_documents": permit.status in Permit.EMPLOYER_WITHDRAWABLE,
        "events": permit_events(permit=permit).select_related("actor"),
        "visas": list(permit.visas.all()),
        "cancel_form": CancelForm(),
        "renewal_opens": opens,
        "can_renew_now": permit.can_renew and (opens is None or opens <= today),
        "has_certificate": permit.status in Permit.VALID,
        # a transfer's previous permit belongs to the old employer: its number only
        "previous_is_ours": previous is not None
        and previous.establishment_id == permit.establishment_id,
        "successors": list(
            permit.successors.filter(establishment_id=permit.establishment_id).order_by("-id")
        ),
    }


@employer_required(service=Service.PERMITS)
def permit_detail_view(request: EmployerRequest, permit_id: int) -> HttpResponse:
    permit = _permit_or_404(request, permit_id)
    return render(request, "permits/employer/permit_detail.html", _detail_context(request, permit))


@employer_required(service=Service.PERMITS)
@_permit_post
def permit_document_add_view(request: EmployerRequest, permit: Permit) -> HttpResponse:
    form = PermitDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return _to_detail(permit, "documents")
    upload = form.cleaned_data["file"]

    def add() -> CheckedDocument:
        document = document_check(
            kind=form.cleaned_data["kind"],
            original_filename=upload.name or "",
            content=upload.read(),
        )
        permit_document_add(permit=permit, document=document, uploaded_by=_user(request))
        return document

    done = attempt(request, add, refused=(DocumentError, PermitError))
    if done.ok and done.value is not None:
        messages.success(
            request,
            _("%(name)s is added to application %(number)s.")
            % {"name": done.value.original_filename, "number": permit.number},
        )
    return _to_detail(permit, "documents")


@employer_required(service=Service.PERMITS)
def permit_document_download_view(
    request: EmployerRequest, permit_id: int, document_id: int
) -> HttpResponse:
    permit = _permit_or_404(request, permit_id)
    document = permit_document_get(permit=permit, document_id=document_id)
    if document is None:
        raise Http404
    try:
        content = document_read(document.stored_path)
    except (OSError, ValueError):
        logger.exception("permit document %s: stored file cannot be read", document.pk)
        raise Http404 from None
    permit_document_downloaded(document=document, actor=_user(request))
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.original_filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@employer_required(service=Service.PERMITS)
@_permit_post
def permit_withdraw_view(request: EmployerRequest, permit: Permit) -> HttpResponse:
    attempt(
        request,
        lambda: permit_withdraw(permit=permit, withdrawn_by=_user(request)),
        success=_("Application %(number)s is withdrawn.") % {"number": permit.number},
        refused=(PermitError,),
    )
    return _to_detail(permit)


@employer_required(service=Service.PERMITS)
@_permit_post
def permit_cancel_view(request: EmployerRequest, permit: Permit) -> HttpResponse:
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the cancellation."))
        return _to_detail(permit, "cancel")
    attempt(
        request,
        lambda: permit_cancel(
            permit=permit, cancelled_by=_user(request), reason=form.cleaned_data["reason"]
        ),
        success=_("Work permit %(number)s is cancelled.") % {"number": permit.number},
        refused=(PermitError,),
    )
    return _to_detail(permit)


@employer_required(service=Service.PERMITS)
@_permit_post
def permit_renew_view(request: EmployerRequest, permit: Permit) -> HttpResponse:
    try:
        renewal = permit_renew(permit=permit, requested_by=_user(request))
    except PermitError as error:
        messages.error(request, error.message)
        return _to_detail(permit)
    except ValidationError as error:
        messages.error(
            request,
            _("Permit %(number)s cannot be renewed: %(problems)s")
            % {"number": permit.number, "problems": " ".join(error.messages)},
        )
        return _to_detail(permit)
    if renewal.status == Permit.Status.ACTIVE:
        messages.success(
            request,
            _(
                "Permit %(old)s is renewed: the new permit %(number)s is valid from %(start)s "
                "until %(end)s. The fee is RO %(fee)s."
            )
            % {
                "old": permit.number,
                "number": renewal.number,
                "start": renewal.valid_from,
                "end": renewal.valid_until,
                "fee": renewal.fee_amount,
            },
        )
    else:
        messages.info(
            request,
            _(
                "The renewal %(number)s of permit %(old)s was sent to a ministry officer. "
                "%(reasons)s"
            )
            % {"number": renewal.number, "old": permit.number, "reasons": failed_reasons(renewal)},
        )
    return _to_detail(renewal)


@employer_required(service=Service.PERMITS)
def permit_certificate_view(request: EmployerRequest, permit_id: int) -> HttpResponse:
    permit = _permit_or_404(request, permit_id)
    if permit.status not in Permit.VALID:
        raise Http404
    from permits.certificates import certificate_pdf_response  # written alongside

    return certificate_pdf_response(request, permit)


# --- renewals -------------------------------------------------------------------------------
