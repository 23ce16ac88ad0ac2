"""The interface kit for views (ADR 0022): `core.forms.attempt` shows a service's answer the same
way everywhere, `_table.html` is the one table of the list pages, and typed requests replace the
`type: ignore` on `request.user` / `request.establishment`."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory

from core.exceptions import ApplicationError
from core.forms import attempt

ROOT = Path(__file__).resolve().parents[1]
ROW = engines["django"].from_string('<tr><th scope="row">{{ row }}</th></tr>').template  # type: ignore[attr-defined]


class _Form(forms.Form):
    name = forms.CharField()
    file = forms.CharField(required=False)


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_a_successful_call_returns_its_value_and_says_so():
    request = _request()
    done = attempt(request, lambda: 42, success="Saved.")
    assert done.ok
    assert done.value == 42
    assert _said(request) == [("success", "Saved.")]


def test_a_refusal_without_a_form_becomes_an_error_message():
    request = _request()

    def refuse() -> None:
        raise ApplicationError("The permit is already withdrawn.")

    done = attempt(request, refuse, success="Saved.")
    assert not done.ok
    assert done.value is None
    assert _said(request) == [("error", "The permit is already withdrawn.")]


def test_a_permission_denial_is_not_a_message_and_other_errors_go_on():
    import pytest

    from core.exceptions import PermissionDeniedError

    class PermitError(ApplicationError):
        pass

    def denied() -> None:
        raise PermissionDeniedError("Only approvers decide.")

    def other() -> None:
        raise ApplicationError("Something else.")

    request = _request()
    with pytest.raises(PermissionDeniedError):
        attempt(request, denied)
    with pytest.raises(ApplicationError, match=r"Something else\."):
        attempt(request, other, refused=(PermitError,))
    assert _said(request) == []
    shown = attempt(request, denied, refused=(PermissionDeniedError,))
    assert not shown.ok
    assert _said(request) == [("error", "Only approvers decide.")]


def test_a_refusal_goes_onto_the_form_field_it_names_or_above_the_form():
    form = _Form(data={"name": "x"})
    assert form.is_valid()
    request = _request()

    def invalid() -> None:
        raise ValidationError({"name": ["Too short."], "other": ["Not a field."]})

    assert not attempt(request, invalid, form=form).ok
    assert form.errors["name"] == ["Too short."]
    assert form.non_field_errors() == ["Not a field."]

    form = _Form(data={"name": "x"})
    form.is_valid()

    def column() -> None:
        raise ApplicationError("Row 3 has no civil ID.", extra={"column": "file"})

    assert not attempt(request, column, form=form).ok
    assert form.errors["file"] == ["Row 3 has no civil ID."]
    assert _said(request) == []  # on the form, not twice


def test_the_table_has_headers_rows_and_page_links(settings):
    page = Paginator([f"WP-{n}" for n in range(30)], 10).get_page(2)
    html = render_to_string(
        "_table.html",
        {
            "headers": ["Number", "Status"],
            "rows": page.object_list,
            "row_template": ROW,
            "page": page,
            "query": "q=a",
        },
    )
    assert html.count('<th scope="col">') == 2
    assert html.count("<tr>") == 11  # the head row and ten rows
    assert "WP-10" in html
    assert "WP-19" in html
    assert "WP-20" not in html
    assert "?q=a&amp;page=3" in html


def test_an_empty_table_says_so_instead():
    html = render_to_string(
        "_table.html", {"headers": ["Number"], "rows": [], "empty": "No permits yet."}
    )
    assert "<table" not in html
    assert "No permits yet." in html


def test_the_table_keeps_a_page_look_with_its_options():
    context = {"headers": ["Number", "Fee"], "rows": ["WP-1"], "row_template": ROW}
    plain = render_to_string("_table.html", {**context, "caption": "Work permits"})
    assert '<table class="table table-sm align-middle">' in plain
    assert "<caption>Work permits</caption>" in plain
    assert '<th scope="col">Number</th><th scope="col">Fee</th>' in plain

    html = render_to_string(
        "_table.html",
        {
            **context,
            "caption": "Work permits",
            "caption_hidden": True,
            "small": True,
            "end_column": 2,
            "table_id": "permits",
        },
    )
    assert '<table class="table table-sm align-middle small" id="permits">' in html
    assert '<caption class="visually-hidden">Work permits</caption>' in html
    assert '<th scope="col">Number</th><th scope="col" class="text-end">Fee</th>' in html


# The templates that still add the page links themselves rather than through _table.html, each
# with the reason the one table cannot hold it. The list only goes down: a page that moves to
# _table.html leaves it.
PAGES_WITH_THEIR_OWN_PAGE_LINKS = {
    # a list of vacancy cards for jobseekers, not a table
    "jobseekers/templates/jobseekers/public/_results.html",
    # a list of cards, one per dispute, each with its own decision form (radios and a reason)
    "jobseekers/templates/jobseekers/staff/skill_disputes.html",
    # a list of cards, one per vacancy, each with its own decision form (radios and a reason)
    "jobseekers/templates/jobseekers/staff/vacancy_queue.html",
    # the outcomes of a bulk renewal: the table goes with the outcome filter pills above it,
    # which the one table does not draw
    "permits/templates/permits/employer/_bulk_renewal_result.html",
    # the table is a form: the first cell of every row is a checkbox (not a row header), the
    # submit buttons follow the table inside the form and the page links come after the form
    "permits/templates/permits/employer/renewal_worklist.html",
}
INCLUDES_PAGINATION = re.compile(r"{%\s*include\s+[\"']_pagination\.html[\"']")


def test_list_pages_show_their_page_links_through_the_one_table():
    including = {
        str(path.relative_to(ROOT))
        for path in sorted([*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")])
        if INCLUDES_PAGINATION.search(path.read_text())
    }
    own = including - {"templates/_table.html"}
    assert "templates/_table.html" in including
    assert own <= PAGES_WITH_THEIR_OWN_PAGE_LINKS, (
        'show the list with {% include "_table.html" %} (it adds the page links) instead of '
        f"including _pagination.html: {sorted(own - PAGES_WITH_THEIR_OWN_PAGE_LINKS)}"
    )
    assert own == PAGES_WITH_THEIR_OWN_PAGE_LINKS, (
        "no longer includes _pagination.html, take it off the list: "
        f"{sorted(PAGES_WITH_THEIR_OWN_PAGE_LINKS - own)}"
    )


# The views still carrying a `type: ignore` on request.user or request.establishment, as
# counted when the kit arrived; the typed requests (accounts.http.SignedInRequest,
# employers.http.EmployerRequest) replace them, and this budget only goes down.
TYPE_IGNORE_BUDGET = 110


def _request_ignores() -> list[str]:
    found = []
    for path in sorted(ROOT.glob("*/views/*.py")) + sorted(ROOT.glob("*/views.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if "type: ignore" in line and (
                "request.user" in line or "request.establishment" in line
            ):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_views_type_their_requests_instead_of_ignoring_the_checker():
    found = _request_ignores()
    assert len(found) <= TYPE_IGNORE_BUDGET, (
        f"{len(found)} `type: ignore` on request.user/request.establishment in views (budget "
        f"{TYPE_IGNORE_BUDGET}); annotate the request as SignedInRequest or EmployerRequest:\n"
        + "\n".join(found)
    )
