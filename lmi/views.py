"""Pages of the labour market information: the staff dashboards (with chart downloads), the
rollup runs and open data releases, the training institutions' skills demand and courses, the
jobseeker's courses for missing skills, the public open data page and the open data API."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.capacities import is_person
from accounts.http import SignedInRequest
from core.access import staff_required
from core.client_ip import client_ip
from core.forms import attempt
from core.ratelimit import minute_add, seconds_left_in_minute
from core.rulesets import today
from jobseekers.selectors.profiles import profile_for_user
from jobseekers.selectors.recommendations import vacancies_for_profile
from lmi import dashboards, datasets, sdmx
from lmi import selectors as s
from lmi.charts import Chart
from lmi.forms import CourseForm, FilterForm, StaffScopeForm
from lmi.periods import month_label
from lmi.services import (
    CourseError,
    RollupError,
    ScopeError,
    course_publish,
    course_withdraw,
    rollup_request,
    staff_scope_assign,
    staff_scope_end,
)

FILTER_KEYS = ("first", "last", "governorate", "activity", "occupation")
DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _filters(request: HttpRequest, scope: str) -> tuple[FilterForm, s.Filters]:
    data = {k: request.GET[k] for k in FILTER_KEYS if request.GET.get(k)}
    english = request.LANGUAGE_CODE == "en"
    form = FilterForm(data or None, english=english, scope=scope)
    return form, form.filters(today=today(), scope=scope)


def _download(request: HttpRequest, charts: list[Chart], filters: s.Filters) -> HttpResponse | None:
    """A chart's table as CSV or Excel (`?chart=<slug>&format=csv|xlsx`), or None."""
    slug, kind = request.GET.get("chart"), request.GET.get("format")
    if not slug and not kind:
        return None
    chart = next((c for c in charts if c.slug == slug), None)
    if chart is None or kind not in DOWNLOAD_TYPES:
        raise Http404
    body: str | bytes = chart.as_csv() if kind == "csv" else chart.as_xlsx()
    response = HttpResponse(body, content_type=DOWNLOAD_TYPES[kind])
    name = f"{chart.slug}-{filters.first:%Y%m}-{filters.last:%Y%m}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _chart_links(request: HttpRequest, charts: list[Chart]) -> None:
    """Each chart's download links, keeping the page's filters."""
    base = {k: request.GET[k] for k in FILTER_KEYS if request.GET.get(k)}
    for chart in charts:
        chart.links = {
            kind: "?" + urlencode({**base, "chart": chart.slug, "format": kind})
            for kind in DOWNLOAD_TYPES
        }


def _period(filters: s.Filters) -> str:
    if filters.first == filters.last:
        return month_label(filters.first)
    return _("%(first)s to %(last)s") % {
        "first": month_label(filters.first),
        "last": month_label(filters.last),
    }


PAGE_CACHE_SECONDS = 6 * 3600


def _page_key(page: str, filters: s.Filters, language: str) -> str:
    """What a built page is cached by: the rollups' marker (a rebuild changes it), the filters
    (with the viewer's scope) and the language."""
    return hashlib.sha256(f"{page}|{language}|{filters}|{s.rollup_marker()}".encode()).hexdigest()


def _page(page: str, filters: s.Filters, key: str) -> dashboards.Page:
    """The built page, cached until the rollups are rebuilt (they change once a night)."""
    key = "lmi:page:" + key
    try:
        found = cache.get(key)
    except Exception:  # the cache is down: build the page
        found = None
    if isinstance(found, dashboards.Page):
        return found
    builder, _title = dashboards.PAGES[page]
    built = builder(filters)
    with contextlib.suppress(Exception):  # a cache that is down must not break the page
        cache.set(key, built, PAGE_CACHE_SECONDS)
    return built


@staff_required("lmi.view_dashboards")
@require_GET
def dashboard_view(request: SignedInRequest, page: str) -> HttpResponse:
    scope = s.scope_governorate(user=request.user)
    form, filters = _filters(request, scope)
    key = _page_key(page, filters, request.LANGUAGE_CODE)
    built = _page(page, filters, key)
    download = _download(request, built.charts, filters)
    if download is not None:
        return download
    _chart_links(request, built.charts)
    filters_query = urlencode({k: request.GET[k] for k in FILTER_KEYS if request.GET.get(k)})
    context = {
        "page": built,
        "form": form,
        "filters": filters,
        "period": _period(filters),
        "scope": s.governorate_labels().get(scope, ""),
        "tabs": [(slug, title) for slug, (_b, title) in dashboards.PAGES.items()],
        "latest_run": s.run_latest(),
        "rollup_month": s.rollup_month(),
        "filters_query": filters_query,
        # the filters, figures and charts as rendered HTML, cached as the built page is (the
        # query string is in the key for the links; a form with errors is never cached)
        "body_key": ""
        if form.errors
        else hashlib.sha256(f"{key}|{filters_query}".encode()).hexdigest(),
        "page_cache_seconds": PAGE_CACHE_SECONDS,
    }
    return render(request, "lmi/staff/dashboard.html", context)


@staff_required("lmi.view_dashboards")
@require_GET
def runs_view(request: SignedInRequest) -> HttpResponse:
    runs = s.run_list()[:20]
    releases = {d.code: s.release_history(dataset=d.code).first() for d in datasets.DATASETS}
    context = {
        "runs": runs,
        "latest": runs[0] if runs else None,
        "releases": [(d, releases[d.code]) for d in datasets.DATASETS],
        "can_run": request.user.has_perm("lmi.run_rollups"),
    }
    # htmx polls the progress while the run works; without JavaScript, the Refresh link
    template = (
        "lmi/staff/_run_progress.html" if getattr(request, "htmx", False) else "lmi/staff/runs.html"
    )
    return render(request, template, context)


@staff_required("lmi.run_rollups")
@require_POST
def run_start_view(request: SignedInRequest) -> HttpResponse:
    done = attempt(
        request, lambda: rollup_request(requested_by=request.user), refused=(RollupError,)
    )
    if done.ok:
        messages.success(request, _("The rollups are being rebuilt. This page shows how far."))
    return redirect("lmi:staff-runs")


@staff_required("lmi.manage_scopes")
@require_http_methods(["GET", "HEAD", "POST"])
def scopes_view(request: SignedInRequest) -> HttpResponse:
    """Staff scoped to a governorate's directorate: assign a scope (or move one), end one."""
    form = StaffScopeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: staff_scope_assign(
                user=data["user"], governorate=data["governorate"], assigned_by=request.user
            ),
            refused=(ScopeError,),
            form=form,
        )
        if done.ok:
            messages.success(
                request,
                _("%(name)s now sees %(governorate)s only.")
                % {
                    "name": data["user"].display_name,
                    "governorate": s.governorate_labels().get(data["governorate"], ""),
                },
            )
            return redirect("lmi:staff-scopes")
    context = {
        "form": form,
        "scopes": s.scope_list(),
        "governorates": s.governorate_labels(),
    }
    return render(request, "lmi/staff/scopes.html", context)


@staff_required("lmi.manage_scopes")
@require_POST
def scope_end_view(request: SignedInRequest, scope_id: int) -> HttpResponse:
    scope = s.scope_list().filter(pk=scope_id).first()
    if scope is None:
        raise Http404
    name = scope.user.display_name
    done = attempt(
        request, lambda: staff_scope_end(scope=scope, ended_by=request.user), refused=(ScopeError,)
    )
    if done.ok:
        messages.success(request, _("%(name)s sees the whole country again.") % {"name": name})
    return redirect("lmi:staff-scopes")


# --- training institutions --------------------------------------------------------------------


def institution_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff of a training institution that the portal knows (403 otherwise)."""

    @login_required
    @wraps(view)
    def wrapped(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("lmi.view_skills_demand"):
            raise PermissionDenied
        institution = s.institution_for_user(user=request.user)
        if institution is None:
            raise PermissionDenied
        return view(request, institution, *args, **kwargs)

    return wrapped


@institution_required
@require_GET
def institution_skills_view(request: SignedInRequest, institution: Any) -> HttpResponse:
    form, filters = _filters(request, "")
    labels = dashboards.Labels()
    charts = [
        dashboards.skills_gap(filters, labels, top=20),
        dashboards.ranked(
            "missing-skills",
            _("Missing skills that most often cost jobseekers a match"),
            "skills_missing",
            "breakdown",
            filters,
            labels.skill,
            _("Skill"),
            top=20,
        ),
        dashboards.monthly(
            "demand-trend",
            _("Trend: openings published and jobseekers registered"),
            [
                ("vacancies_posted", _("Openings published")),
                ("jobseekers_registered", _("Jobseekers registered")),
            ],
            filters,
            labels,
        ),
    ]
    download = _download(request, charts, filters)
    if download is not None:
        return download
    _chart_links(request, charts)
    context = {
        "institution": institution,
        "charts": charts,
        "form": form,
        "period": _period(filters),
    }
    return render(request, "lmi/institution/skills.html", context)


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def institution_courses_view(request: SignedInRequest, institution: Any) -> HttpResponse:
    english = request.LANGUAGE_CODE == "en"
    form = CourseForm(
        request.POST or None, english=english, initial={"governorate": institution.governorate}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: course_publish(
                institution=institution,
                by=request.user,
                title_en=data["title_en"],
                title_ar=data["title_ar"],
                governorate=data["governorate"],
                weeks=data["weeks"],
                skill_codes=list(data["skills"]),
            ),
            refused=(CourseError,),
            form=form,
        )
        if done.ok:
            messages.success(request, _("The course is published."))
            return redirect("lmi:institution-courses")
    labels = dashboards.Labels()
    courses = [
        (course, [labels.skill(k.skill_code) for k in course.skills.all()])
        for course in s.course_list_for_institution(institution=institution)
    ]
    context = {"institution": institution, "form": form, "courses": courses}
    return render(request, "lmi/institution/courses.html", context)


@institution_required
@require_POST
def institution_course_withdraw_view(
    request: SignedInRequest, institution: Any, course_id: int
) -> HttpResponse:
    course = s.course_for_institution(institution=institution, course_id=course_id)
    if course is None:
        raise Http404
    course_withdraw(course=course, by=request.user)
    messages.success(request, _("The course is withdrawn: jobseekers no longer see it."))
    return redirect("lmi:institution-courses")


# --- jobseekers -------------------------------------------------------------------------------


@login_required
@require_GET
def jobseeker_courses_view(request: SignedInRequest) -> HttpResponse:
    """Courses that teach the skills the jobseeker misses for the vacancies that fit them."""
    if not is_person(request.user):
        raise PermissionDenied
    profile = profile_for_user(user=request.user)
    if profile is None:
        messages.info(request, _("Fill in your profile first: employers read it."))
        return redirect("jobseekers:my-profile")
    matches = vacancies_for_profile(profile=profile, k=10, language=request.LANGUAGE_CODE)
    labels = dashboards.Labels()
    missing = {code for match in matches for code in match.missing_skills}
    courses = [
        (
            course,
            [labels.skill(k.skill_code) for k in course.skills.all() if k.skill_code in missing],
        )
        for course in s.courses_teaching(skill_codes=missing, governorate=profile.governorate)
    ]
    context = {
        "missing": sorted(labels.skill(code) for code in missing),
        "courses": courses,
    }
    return render(request, "lmi/jobseeker/courses.html", context)


# --- open data --------------------------------------------------------------------------------


@require_GET
def open_data_view(request: HttpRequest) -> HttpResponse:
    """The public statistics page: every released dataset as a table, and the method."""
    items = []
    for dataset in datasets.DATASETS:
        item = s.release_latest(dataset=dataset.code)
        items.append((dataset, item, _public_table(item) if item else None))
    threshold, dominance = s.disclosure_rules(on=today())
    context = {
        "items": items,
        "threshold": threshold,
        "dominance": dominance,
        "api_url": reverse("api-open-catalogue"),
        "limit": settings.OPEN_DATA_RATE_LIMIT_PER_MINUTE,
        "max_age": settings.OPEN_DATA_CACHE_SECONDS,
    }
    return render(request, "lmi/public/open_data.html", context)


def _public_table(item: Any) -> dict[str, Any]:
    table = item.table
    key = "label_en" if get_language() == "en" else "label_ar"
    return {
        "columns": [c[key] for c in table["columns"]],
        "rows": [
            (row[key], table["cells"][i], table["row_totals"][i])
            for i, row in enumerate(table["rows"])
        ],
        "column_totals": table["column_totals"],
        "total": table["total"],
        "money": table.get("unit") == "OMR",
    }


def _limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """OPEN_DATA_RATE_LIMIT_PER_MINUTE requests a minute from one address (signed in or not):
    429 with Retry-After over it; each answer says the limit and what is left."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = settings.OPEN_DATA_RATE_LIMIT_PER_MINUTE
        count = minute_add("open-data", client_ip(request) or "unknown") if limit > 0 else None
        response: HttpResponse
        if count is not None and count > limit:
            response = JsonResponse(
                {"error": "rate_limited", "detail": f"At most {limit} requests a minute."},
                status=429,
            )
            response["Retry-After"] = str(seconds_left_in_minute())
        else:
            response = view(request, *args, **kwargs)
        if limit > 0:
            response["X-RateLimit-Limit"] = str(limit)
            response["X-RateLimit-Remaining"] = str(max(0, limit - (count or 0)))
        return response

    return wrapped


def _cached(
    response: HttpResponse, request: HttpRequest, etag: str, modified: datetime.datetime | None
) -> HttpResponse:
    """The documented cache headers: public, max-age OPEN_DATA_CACHE_SECONDS, an ETag (a
    conditional request with it gets 304) and Last-Modified."""
    response["Cache-Control"] = f"public, max-age={settings.OPEN_DATA_CACHE_SECONDS}"
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    if request.headers.get("If-None-Match") == etag:
        not_modified = HttpResponse(status=304)
        for header in ("Cache-Control", "ETag", "Last-Modified", "Vary"):
            if header in response:
                not_modified[header] = response[header]
        return not_modified
    return response


def _etag(*parts: object) -> str:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return f'"{digest}"'


@_limited
@require_GET
def open_catalogue_view(request: HttpRequest) -> HttpResponse:
    """The catalogue of open datasets (DCAT-style JSON-LD)."""
    base = request.build_absolute_uri(reverse("api-open-catalogue"))
    releases = {d.code: s.release_latest(dataset=d.code) for d in datasets.DATASETS}
    body = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
        },
        "@type": "dcat:Catalog",
        "dct:title": {"ar": "البيانات المفتوحة لسوق العمل", "en": "Labour market open data"},
        "dct:license": datasets.LICENCE,
        "dcat:dataset": [
            datasets.metadata(d, base_url=base, release=releases[d.code])
            for d in datasets.DATASETS
            if releases[d.code] is not None
        ],
    }
    newest = max((r.created_at for r in releases.values() if r), default=None)
    etag = _etag("catalogue", *[r.pk for r in releases.values() if r])
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    return _cached(response, request, etag, newest)


@_limited
@require_GET
def open_dataset_view(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """One released dataset as JSON (with its metadata), CSV (long form) or an SDMX-JSON data
    message (lmi.sdmx); the three are written from the same stored release."""
    dataset = datasets.BY_CODE.get(code)
    item = s.release_latest(dataset=code) if dataset else None
    if dataset is None or item is None or kind not in {"json", "csv", "sdmx"}:
        return JsonResponse({"error": "not_found"}, status=404)
    response: HttpResponse
    if kind == "sdmx":
        link = request.build_absolute_uri(reverse("api-open-dataset", args=[code, kind]))
        response = HttpResponse(
            json.dumps(sdmx.as_sdmx_json(dataset, item, link=link), ensure_ascii=False),
            content_type=f"{datasets.SDMX_MEDIA_TYPE}; charset=utf-8",
        )
    elif kind == "json":
        base = request.build_absolute_uri(reverse("api-open-catalogue"))
        response = HttpResponse(
            json.dumps(datasets.as_json(dataset, item, base_url=base), ensure_ascii=False),
            content_type="application/json",
        )
    else:
        response = HttpResponse(
            datasets.as_csv(dataset, item), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{code}.csv"'
    return _cached(response, request, _etag(code, kind, item.pk), item.created_at)
