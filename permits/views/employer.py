"""The employer's work permit pages: the list, applying, one permit with its checks, documents
and history, withdrawal, cancellation and renewal, the renewal worklist and bulk renewals, and
transfers of workers from other employers.

Every view is wrapped by `employer_required` (the establishment comes from membership) and
fetches permits, documents and bulk renewals through establishment-scoped selectors, so another
establishment's object answers 404 even under the representative's own establishment in the URL.
The views hold no business rule: they parse the forms, call one service, and turn its errors
into form errors or messages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from core.paging import page_with_query
from employers.access import employer_required
from employers.models import Employee, Establishment
from permits.documents import CheckedDocument, DocumentError, document_check, document_read
from permits.forms.employer import (
    CancelForm,
    PermitApplicationForm,
    PermitDocumentForm,
    PermitFilterForm,
    TransferRequestForm,
)
from permits.models import BulkRenewal, Permit, PermitDocument
from permits.presentation import check_rows, failed_reasons
from permits.selectors import (
    bulk_renewal_get_for_establishment,
    fee_band_for_permit,
    permit_events,
    permit_get_for_establishment,
    permit_list_for_establishment,
    permit_rule_set_in_force,
    renewal_worklist_for_establishment,
    transfer_list_for_establishment,
)
from permits.services import (
    PermitError,
    WorkerAndJob,
    application_validate,
    bulk_renewal_create,
    permit_apply,
    permit_cancel,
    permit_document_add,
    permit_renew,
    permit_transfer_request,
    permit_withdraw,
    renewal_window_opens,
)
from permits.services.renewals import BULK_RENEWAL_MAX
from taxonomy.selectors import occupation_titles, unit_group_list

logger = logging.getLogger(__name__)

PER_PAGE = 25
WORKLIST_PER_PAGE = 100
OUTCOMES_PER_PAGE = 100
DEFAULT_RENEWAL_WEEKS = 12


# --- helpers --------------------------------------------------------------------------------


def _establishment(request: HttpRequest) -> Establishment:
    return request.establishment  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _permit_or_404(request: HttpRequest, permit_id: int) -> Permit:
    permit = permit_get_for_establishment(
        establishment=_establishment(request), permit_id=permit_id
    )
    if permit is None:
        raise Http404
    return permit


def _bulk_or_404(request: HttpRequest, bulk_id: int) -> BulkRenewal:
    bulk = bulk_renewal_get_for_establishment(
        establishment=_establishment(request), bulk_id=bulk_id
    )
    if bulk is None:
        raise Http404
    return bulk


def _permit_post(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """POST only, like `require_POST`, but checked after the permit is found: another
    establishment's permit answers 404 whatever the method, exactly as a missing one does."""

    @wraps(view)
    def wrapper(request: HttpRequest, permit_id: int, **kwargs: Any) -> HttpResponse:
        permit = _permit_or_404(request, permit_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, permit, **kwargs)

    return wrapper


def _to_detail(permit: Permit, anchor: str = "") -> HttpResponse:
    url = reverse(
        "permits:employer-permit",
        kwargs={"establishment_id": permit.establishment_id, "permit_id": permit.pk},
    )
    return redirect(f"{url}#{anchor}" if anchor else url)


def _titles(codes: Iterable[str]) -> dict[str, str]:
    """Occupation titles in the reader's language, in one query for a page of rows."""
    return {
        code: occupation.title for code, occupation in occupation_titles(codes=set(codes)).items()
    }


def _add_service_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError on the form: on the field it names when the form has it and
    has no error there already (a date the form could not read is not 'missing' twice), else
    above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        if name in form.fields:
            if name not in form.errors:
                form.add_error(name, problems)
        else:
            form.add_error(None, problems)


def _job_level_label(level: int) -> str:
    return str(dict(Employee.JobLevel.choices).get(level, ""))


def _renewal_weeks() -> int:
    rule_set = permit_rule_set_in_force(on=timezone.localdate())
    return rule_set.renewal_window_weeks if rule_set else DEFAULT_RENEWAL_WEEKS


# --- the list -------------------------------------------------------------------------------


@employer_required
def permit_list_view(request: HttpRequest) -> HttpResponse:
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
    )


def _checked_documents(form: PermitApplicationForm) -> list[CheckedDocument]:
    """Each upload checked by its content; a refused file is an error on its own field."""
    documents = []
    for name, kind, upload in form.uploads():
        try:
            documents.append(
                document_check(
                    kind=kind, original_filename=upload.name or "", content=upload.read()
                )
            )
        except DocumentError as error:
            form.add_error(name, error.message)
    return documents


def _apply(request: HttpRequest, form: PermitApplicationForm) -> Permit | None:
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
    documents = _checked_documents(form)
    if form.errors:
        return None
    try:
        return permit_apply(
            establishment=_establishment(request),
            data=data,
            applied_by=_user(request),
            documents=documents,
        )
    except ValidationError as error:
        _add_service_errors(form, error)
    except PermitError as error:
        form.add_error(None, error.message)
    return None


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


@employer_required
def permit_apply_view(request: HttpRequest) -> HttpResponse:
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


def _detail_context(request: HttpRequest, permit: Permit) -> dict[str, object]:
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
        "occupation_title": _titles([permit.occupation_code]).get(permit.occupation_code, ""),
        "job_level_label": _job_level_label(permit.job_level),
        "checks": check_rows(permit),
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


@employer_required
def permit_detail_view(request: HttpRequest, permit_id: int) -> HttpResponse:
    permit = _permit_or_404(request, permit_id)
    return render(request, "permits/employer/permit_detail.html", _detail_context(request, permit))


@employer_required
@_permit_post
def permit_document_add_view(request: HttpRequest, permit: Permit) -> HttpResponse:
    form = PermitDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return _to_detail(permit, "documents")
    upload = form.cleaned_data["file"]
    try:
        document = document_check(
            kind=form.cleaned_data["kind"],
            original_filename=upload.name or "",
            content=upload.read(),
        )
        permit_document_add(permit=permit, document=document, uploaded_by=_user(request))
    except (DocumentError, PermitError) as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is added to application %(number)s.")
            % {"name": document.original_filename, "number": permit.number},
        )
    return _to_detail(permit, "documents")


@employer_required
def permit_document_download_view(
    request: HttpRequest, permit_id: int, document_id: int
) -> HttpResponse:
    permit = _permit_or_404(request, permit_id)
    document = permit.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    try:
        content = document_read(document.stored_path)
    except (OSError, ValueError):
        logger.exception("permit document %s: stored file cannot be read", document.pk)
        raise Http404 from None
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.original_filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@employer_required
@_permit_post
def permit_withdraw_view(request: HttpRequest, permit: Permit) -> HttpResponse:
    try:
        permit = permit_withdraw(permit=permit, withdrawn_by=_user(request))
    except PermitError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Application %(number)s is withdrawn.") % {"number": permit.number}
        )
    return _to_detail(permit)


@employer_required
@_permit_post
def permit_cancel_view(request: HttpRequest, permit: Permit) -> HttpResponse:
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the cancellation."))
        return _to_detail(permit, "cancel")
    try:
        permit = permit_cancel(
            permit=permit, cancelled_by=_user(request), reason=form.cleaned_data["reason"]
        )
    except PermitError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Work permit %(number)s is cancelled.") % {"number": permit.number}
        )
    return _to_detail(permit)


@employer_required
@_permit_post
def permit_renew_view(request: HttpRequest, permit: Permit) -> HttpResponse:
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


@employer_required
def permit_certificate_view(request: HttpRequest, permit_id: int) -> HttpResponse:
    permit = _permit_or_404(request, permit_id)
    if permit.status not in Permit.VALID:
        raise Http404
    from permits.certificates import certificate_pdf_response  # written alongside

    return certificate_pdf_response(request, permit)


# --- renewals -------------------------------------------------------------------------------


@employer_required
def renewal_worklist_view(request: HttpRequest) -> HttpResponse:
    establishment = _establishment(request)
    weeks = _renewal_weeks()
    permits = renewal_worklist_for_establishment(establishment=establishment, weeks=weeks)
    page, _query = page_with_query(request, permits, WORKLIST_PER_PAGE)
    shown = list(page.object_list)
    titles = _titles(permit.occupation_code for permit in shown)
    context = {
        "establishment": establishment,
        "page": page,
        "query": "",
        "rows": [(permit, titles.get(permit.occupation_code, "")) for permit in shown],
        "weeks": weeks,
        "select_all": request.GET.get("select") == "all",
        "bulk_max": BULK_RENEWAL_MAX,
    }
    return render(request, "permits/employer/renewal_worklist.html", context)


def _ids(values: Iterable[str]) -> list[int]:
    return [int(value) for value in values if value.strip().isdigit()]


@employer_required
@require_POST
def bulk_renewal_create_view(request: HttpRequest) -> HttpResponse:
    establishment = _establishment(request)
    if request.POST.get("scope") == "all":
        worklist = renewal_worklist_for_establishment(
            establishment=establishment, weeks=_renewal_weeks()
        )
        # one more than allowed, so that the service refuses a list that is too long
        permit_ids = list(worklist.values_list("pk", flat=True)[: BULK_RENEWAL_MAX + 1])
    else:
        permit_ids = _ids(request.POST.getlist("permit"))
    try:
        bulk = bulk_renewal_create(
            establishment=establishment,
            requested_by=_user(request),
            permit_ids=permit_ids,
            language=translation.get_language() or "ar",
        )
    except PermitError as error:
        messages.error(request, error.message)
        return redirect("permits:employer-renewals", establishment_id=establishment.pk)
    return redirect(
        "permits:employer-bulk-renewal-detail", establishment_id=establishment.pk, bulk_id=bulk.pk
    )


def outcome_labels() -> dict[str, str]:
    return {
        "renewed": _("Renewed"),
        "review": _("Sent to an officer"),
        "refused": _("Not renewed"),
    }


def _bulk_context(request: HttpRequest, bulk: BulkRenewal) -> dict[str, object]:
    establishment = _establishment(request)
    context: dict[str, object] = {"establishment": establishment, "bulk": bulk}
    if not bulk.is_finished:
        return context
    labels = outcome_labels()
    outcome = request.GET.get("outcome", "")
    if outcome not in labels:
        outcome = ""
    rows = [row for row in bulk.outcomes if not outcome or row.get("outcome") == outcome]
    page, query = page_with_query(request, rows, OUTCOMES_PER_PAGE)
    new_numbers = {row["new_number"] for row in page.object_list if row.get("new_number")}
    new_ids = dict(
        permit_list_for_establishment(establishment=establishment)
        .filter(number__in=new_numbers)
        .values_list("number", "pk")
    )
    context.update(
        {
            "page": page,
            "query": query,
            "outcome": outcome,
            "outcome_choices": labels,
            "outcomes": [
                {
                    **row,
                    "label": labels.get(row.get("outcome", ""), row.get("outcome", "")),
                    "new_permit_id": new_ids.get(row.get("new_number", "")),
                }
                for row in page.object_list
            ],
        }
    )
    return context


@employer_required
def bulk_renewal_detail_view(request: HttpRequest, bulk_id: int) -> HttpResponse:
    bulk = _bulk_or_404(request, bulk_id)
    return render(
        request, "permits/employer/bulk_renewal_detail.html", _bulk_context(request, bulk)
    )


@employer_required
def bulk_renewal_progress_view(request: HttpRequest, bulk_id: int) -> HttpResponse:
    """The progress panel alone, which htmx polls every second until the job has finished."""
    bulk = _bulk_or_404(request, bulk_id)
    return render(
        request, "permits/employer/_bulk_renewal_progress.html", _bulk_context(request, bulk)
    )


# --- transfers ------------------------------------------------------------------------------


@employer_required
def transfer_list_view(request: HttpRequest) -> HttpResponse:
    establishment = _establishment(request)
    transfers = transfer_list_for_establishment(establishment=establishment)
    page, query = page_with_query(request, transfers, PER_PAGE)
    shown = list(page.object_list)
    titles = _titles(transfer.occupation_code for transfer in shown)
    context = {
        "establishment": establishment,
        "page": page,
        "query": query,
        "rows": [
            (
                transfer,
                titles.get(transfer.occupation_code, ""),
                _job_level_label(transfer.job_level),
            )
            for transfer in shown
        ],
    }
    return render(request, "permits/employer/transfer_list.html", context)


@employer_required
def transfer_request_view(request: HttpRequest) -> HttpResponse:
    establishment = _establishment(request)
    form = TransferRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = permit_transfer_request(
                to_establishment=establishment,
                requested_by=_user(request),
                permit_number=form.cleaned_data["permit_number"],
                passport_number=form.cleaned_data["passport_number"],
                occupation_code=form.cleaned_data["occupation_code"],
                job_level=form.cleaned_data["job_level"],
                monthly_salary=form.cleaned_data["monthly_salary"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        except PermitError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The worker was asked by text message to agree to the transfer of permit "
                    "%(number)s. The request expires on %(date)s."
                )
                % {
                    "number": transfer.permit.number,
                    "date": timezone.localtime(transfer.expires_at).date(),
                },
            )
            return redirect("permits:employer-transfers", establishment_id=establishment.pk)
    context = {"establishment": establishment, "form": form, "unit_groups": unit_group_list()}
    return render(request, "permits/employer/transfer_request.html", context)
