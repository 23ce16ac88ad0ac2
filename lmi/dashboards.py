"""The dashboards: for each page, its headline figures and its charts (each with its table),
built from the rollups for the filters asked (and the viewer's governorate scope)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from core.dated import in_force_on
from employers.models import EconomicActivity
from employment.models import LifecycleRuleSet, ViolationType
from lmi import selectors as s
from lmi.charts import Chart, Series
from lmi.periods import month_label, months_between
from payments.models import FeeType
from taxonomy.models import Occupation, Skill

TOP = 12


@dataclass
class Figure:
    label: str
    value: str


@dataclass
class Page:
    slug: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def chart(self, slug: str) -> Chart | None:
        return next((c for c in self.charts if c.slug == slug), None)


class Labels:
    """Names of the dimensions' codes in the active language (read once per page)."""

    def __init__(self) -> None:
        english = translation.get_language() == "en"
        self.english = english
        self.governorates = s.governorate_labels()
        self.activities = {
            a.code: (a.name_en if english else a.name_ar)
            for a in EconomicActivity.objects.only("code", "name_en", "name_ar")
        }
        self.occupations = {
            o.code: (o.title_en if english else o.title_ar)
            for o in Occupation.objects.filter(level__lte=2).only("code", "title_en", "title_ar")
        }
        self._skills: dict[str, str] | None = None

    def governorate(self, code: str) -> str:
        return self.governorates.get(code, code or _("Not recorded"))

    def activity(self, code: str) -> str:
        return f"{code} {self.activities.get(code, '')}".strip() if code else _("Not recorded")

    def occupation(self, code: str) -> str:
        return f"{code} {self.occupations.get(code, '')}".strip() if code else _("Not recorded")

    def nationality(self, code: str) -> str:
        if code == "OMN":
            return _("Omani")
        name = countries.name(countries.alpha2(code)) if code else ""
        return str(name) or code or _("Not recorded")

    def skill(self, code: str) -> str:
        if self._skills is None:
            self._skills = {
                k.code: (k.label_en if self.english else k.label_ar)
                for k in Skill.objects.only("code", "label_en", "label_ar")
            }
        return self._skills.get(code, code)

    def month(self, month: datetime.date) -> str:
        return month_label(month)

    def termination_reason(self, code: str) -> str:
        """The reason's name in the law's list of the lifecycle rules in force (its code when
        the list no longer names it)."""
        if not hasattr(self, "_reasons"):
            rule_set = in_force_on(LifecycleRuleSet.objects.all(), on=timezone.localdate())
            reasons = rule_set.termination_reasons if rule_set else []
            key = "en" if self.english else "ar"
            self._reasons = {r.get("code", ""): r.get(key) or r.get("code", "") for r in reasons}
        return self._reasons.get(code, code)

    def violation_type(self, code: str) -> str:
        if not hasattr(self, "_violations"):
            self._violations = {
                v.code: (v.name_en if self.english else v.name_ar)
                for v in ViolationType.objects.order_by("rule_set__effective_from")
            }
        return self._violations.get(code, code)


def _fmt(value: Decimal | int | float, decimals: int = 0) -> str:
    return f"{Decimal(str(value)):,.{decimals}f}"


def _months(f: s.Filters) -> list[datetime.date]:
    return months_between(f.first, f.last)


def monthly(
    slug: str,
    title: str,
    measures: list[tuple[str, str]],
    f: s.Filters,
    labels: Labels,
    *,
    kind: str = "line",
    decimals: int = 0,
) -> Chart:
    months = _months(f)
    series = []
    for measure, name in measures:
        values = s.by_month(measure, f)
        series.append(Series(name, [values.get(m, Decimal(0)) for m in months]))
    return Chart(
        slug=slug,
        title=title,
        category_label=_("Month"),
        categories=[labels.month(m) for m in months],
        axis_labels=[f"{m:%m/%Y}" for m in months],
        series=series,
        kind=kind,
        decimals=decimals,
    )


def ranked(
    slug: str,
    title: str,
    measure: str,
    dimension: str,
    f: s.Filters,
    name: Callable[[str], str],
    category_label: str,
    *,
    top: int = TOP,
    decimals: int = 0,
) -> Chart:
    values = sorted(s.by_dimension(measure, dimension, f).items(), key=lambda kv: (-kv[1], kv[0]))
    values = values[:top]
    return Chart(
        slug=slug,
        title=title,
        category_label=category_label,
        categories=[name(k) for k, _v in values],
        series=[Series(title, [v for _k, v in values])],
        kind="hbar",
        decimals=decimals,
    )


def omanisation_chart(slug: str, title: str, dimension: str, f: s.Filters, name: Callable) -> Chart:
    rows = s.omanisation_by(dimension, f)[:TOP]
    return Chart(
        slug=slug,
        title=title,
        category_label=str(
            {
                "governorate": _("Governorate"),
                "activity": _("Economic activity"),
                "occupation": _("Occupation"),
            }[dimension]
        ),
        categories=[name(k) for k, _t, _o in rows],
        series=[
            Series(_("Omani share (%)"), [Decimal(100 * o) / t if t else None for _k, t, o in rows])
        ],
        kind="hbar",
        decimals=1,
        note=_("The share of Omani employees among the employees on the register."),
    )


def overview(f: s.Filters) -> Page:
    labels = Labels()
    employees = s.total("employees", f)
    omani = sum(
        (
            v
            for (_g, n), v in s.by_two("employees", "governorate", "nationality", f).items()
            if n == "OMN"
        ),
        Decimal(0),
    )
    page = Page("overview", _("Labour market overview"))
    page.figures = [
        Figure(_("Employees on the register"), _fmt(employees)),
        Figure(_("Omani share"), f"{(100 * omani / employees):.1f}%" if employees else "—"),
        Figure(_("Work permits issued in the period"), _fmt(s.total("permits_issued", f))),
        Figure(_("Vacancies published in the period"), _fmt(s.total("vacancies_posted", f))),
        Figure(_("Jobseekers looking for work"), _fmt(s.total("jobseekers_searching", f))),
    ]
    page.charts = [
        ranked(
            "employees-by-governorate",
            _("Employees by governorate"),
            "employees",
            "governorate",
            f,
            labels.governorate,
            _("Governorate"),
        ),
        omanisation_chart(
            "omani-share-by-governorate",
            _("Omani share by governorate"),
            "governorate",
            f,
            labels.governorate,
        ),
        monthly(
            "flows-by-month",
            _("Permits issued, vacancies published and jobseekers registered"),
            [
                ("permits_issued", _("Work permits issued")),
                ("vacancies_posted", _("Vacancies published")),
                ("jobseekers_registered", _("Jobseekers registered")),
            ],
            f,
            labels,
        ),
    ]
    return page


def permits(f: s.Filters) -> Page:
    labels = Labels()
    page = Page("permits", _("Work permits and revenue"))
    assessed = s.total("fees_assessed", f)
    collected = s.total("fees_collected", f)
    refunded = s.total("fees_refunded", f)
    page.figures = [
        Figure(_("Applied for"), _fmt(s.total("permits_applied", f))),
        Figure(_("Issued"), _fmt(s.total("permits_issued", f))),
        Figure(_("Refused"), _fmt(s.total("permits_refused", f))),
        Figure(_("Fees assessed (RO)"), _fmt(assessed, 3)),
        Figure(_("Fees collected (RO)"), _fmt(collected, 3)),
        Figure(_("Fees refunded (RO)"), _fmt(refunded, 3)),
        Figure(_("Net revenue (RO)"), _fmt(collected - refunded, 3)),
    ]
    page.charts = [
        monthly(
            "permits-by-month",
            _("Work permits by month"),
            [
                ("permits_applied", _("Applied for")),
                ("permits_issued", _("Issued")),
                ("permits_refused", _("Refused")),
                ("permits_renewed", _("Renewed")),
                ("permits_cancelled", _("Cancelled")),
                ("permits_transferred", _("Transferred")),
            ],
            f,
            labels,
        ),
        ranked(
            "refusals-by-reason",
            _("Refusals by reason"),
            "permits_refused",
            "breakdown",
            f,
            _refusal_reason,
            _("Reason"),
        ),
        monthly(
            "fees-by-month",
            _("Fees by month (RO)"),
            [
                ("fees_assessed", _("Permit fees assessed")),
                ("fees_collected", _("Collected")),
                ("fees_refunded", _("Refunded")),
            ],
            f,
            labels,
            kind="bar",
            decimals=3,
        ),
        ranked(
            "collected-by-fee",
            _("Fees collected by fee (RO)"),
            "fees_collected",
            "breakdown",
            f,
            _fee_label,
            _("Fee"),
            decimals=3,
        ),
        ranked(
            "permits-by-nationality",
            _("Work permits issued by nationality"),
            "permits_issued",
            "nationality",
            f,
            labels.nationality,
            _("Nationality"),
        ),
    ]
    page.notes.append(
        _(
            "Fees assessed are the permit fees charged when permits were applied for. Fees "
            "collected are every fee paid (permit fees, late fines, violation fines, Sanad "
            "counter fees) in the month the payment was received, counted in full even when "
            "refunded later; refunds are shown separately in the month they were made, and net "
            "revenue is collected less refunded."
        )
    )
    return page


def _fee_label(code: str) -> str:
    return str(FeeType(code).label) if code in FeeType.values else code


def _refusal_reason(code: str) -> str:
    if code == "decision":
        return _("Decided by the ministry (no automatic check failed)")
    return _("Automatic check failed: %(code)s") % {"code": code}


def omanisation(f: s.Filters) -> Page:
    labels = Labels()
    page = Page("omanisation", _("Omanisation"))
    page.charts = [
        omanisation_chart(
            "share-by-activity",
            _("Omani share by economic activity"),
            "activity",
            f,
            labels.activity,
        ),
        omanisation_chart(
            "share-by-occupation",
            _("Omani share by occupation (ISCO sub-major group)"),
            "occupation",
            f,
            labels.occupation,
        ),
        omanisation_chart(
            "share-by-governorate",
            _("Omani share by governorate"),
            "governorate",
            f,
            labels.governorate,
        ),
        ranked(
            "employees-by-nationality",
            _("Employees by nationality"),
            "employees",
            "nationality",
            f,
            labels.nationality,
            _("Nationality"),
        ),
    ]
    return page


def lifecycle(f: s.Filters) -> Page:
    labels = Labels()
    page = Page("lifecycle", _("Employment lifecycle"))
    page.figures = [
        Figure(_("Contracts registered"), _fmt(s.total("contracts", f))),
        Figure(_("Terminations"), _fmt(s.total("terminations", f))),
        Figure(_("Resignations"), _fmt(s.total("resignations", f))),
        Figure(_("Absconding reports"), _fmt(s.total("absconding", f))),
        Figure(_("Departures from Oman"), _fmt(s.total("departures", f))),
        Figure(_("Fines (RO)"), _fmt(s.total("fines", f), 3)),
    ]
    page.charts = [
        monthly(
            "lifecycle-by-month",
            _("Contracts, terminations, resignations, absconding reports and departures by month"),
            [
                ("contracts", _("Contracts registered")),
                ("terminations", _("Terminations")),
                ("resignations", _("Resignations")),
                ("absconding", _("Absconding reports")),
                ("departures", _("Departures from Oman")),
            ],
            f,
            labels,
        ),
        ranked(
            "terminations-by-reason",
            _("Terminations by reason"),
            "terminations",
            "breakdown",
            f,
            labels.termination_reason,
            _("Reason"),
        ),
        ranked(
            "violations-by-type",
            _("Violations by type"),
            "violations",
            "breakdown",
            f,
            labels.violation_type,
            _("Type of violation"),
        ),
        ranked(
            "fines-by-type",
            _("Fines by type of violation (RO)"),
            "fines",
            "breakdown",
            f,
            labels.violation_type,
            _("Type of violation"),
            decimals=3,
        ),
    ]
    page.notes.append(
        _(
            "Departures are the work permits ended because the passport directorate reported "
            "the worker's departure from Oman, in the month of the departure."
        )
    )
    return page


def jobs(f: s.Filters) -> Page:
    labels = Labels()
    page = Page("jobs", _("Jobseekers and vacancies"))
    filled = s.total("vacancies_filled", f)
    days = s.total("vacancy_fill_days", f)
    page.figures = [
        Figure(_("Vacancies open now (openings)"), _fmt(s.total("vacancies_open", f))),
        Figure(_("Vacancies filled in the period"), _fmt(filled)),
        Figure(_("Average days to fill"), f"{days / filled:.1f}" if filled else "—"),
        Figure(_("Applications in the period"), _fmt(s.total("applications", f))),
        Figure(_("Placements in the period"), _fmt(s.total("placements", f))),
        Figure(_("Training places offered"), _fmt(s.total("training_places", f))),
        Figure(_("Training completed"), _fmt(s.total("training_completions", f))),
    ]
    page.charts = [
        monthly(
            "vacancies-by-month",
            _("Vacancies, applications and placements by month"),
            [
                ("vacancies_posted", _("Openings published")),
                ("vacancies_filled", _("Vacancies filled")),
                ("applications", _("Applications")),
                ("placements", _("Placements")),
            ],
            f,
            labels,
        ),
        monthly(
            "jobseekers-by-month",
            _("Jobseekers registered and placed by month"),
            [
                ("jobseekers_registered", _("Registered")),
                ("jobseekers_placed", _("Placed")),
            ],
            f,
            labels,
            kind="bar",
        ),
        ranked(
            "open-vacancies-by-occupation",
            _("Open vacancies by occupation"),
            "vacancies_open",
            "occupation",
            f,
            labels.occupation,
            _("Occupation"),
        ),
        ranked(
            "training-places-by-governorate",
            _("On-the-job training places by governorate"),
            "training_places",
            "governorate",
            f,
            labels.governorate,
            _("Governorate"),
        ),
    ]
    return page


def skills_gap(f: s.Filters, labels: Labels, *, top: int = TOP) -> Chart:
    """The skills asked for by open vacancies against those held by jobseekers looking for
    work: the largest gaps (demand less supply) first."""
    demand = s.by_dimension("skills_demanded", "breakdown", f)
    supply = s.by_dimension("skills_held", "breakdown", f)
    ranked_codes = sorted(demand, key=lambda c: (-(demand[c] - supply.get(c, 0)), c))[:top]
    return Chart(
        slug="skills-gap",
        title=_("Skills most demanded and least supplied"),
        category_label=_("Skill"),
        categories=[labels.skill(c) for c in ranked_codes],
        series=[
            Series(_("Demanded (openings)"), [demand[c] for c in ranked_codes]),
            Series(_("Held (jobseekers)"), [supply.get(c, Decimal(0)) for c in ranked_codes]),
        ],
        kind="hbar",
        note=_(
            "Openings of open vacancies that require the skill, against jobseekers looking "
            "for work who hold it."
        ),
    )


def skills(f: s.Filters) -> Page:
    labels = Labels()
    page = Page("skills", _("Skills demand and supply"))
    page.charts = [
        skills_gap(f, labels),
        ranked(
            "missing-skills",
            _("Missing skills that most often cost jobseekers a match"),
            "skills_missing",
            "breakdown",
            f,
            labels.skill,
            _("Skill"),
        ),
        ranked(
            "skills-demanded-by-governorate",
            _("Skill demand by governorate (openings)"),
            "skills_demanded",
            "governorate",
            f,
            labels.governorate,
            _("Governorate"),
        ),
    ]
    return page


PAGES: dict[str, tuple[Callable[[s.Filters], Page], object]] = {
    "overview": (overview, gettext_lazy("Overview")),
    "permits": (permits, gettext_lazy("Permits and revenue")),
    "omanisation": (omanisation, gettext_lazy("Omanisation")),
    "lifecycle": (lifecycle, gettext_lazy("Employment lifecycle")),
    "jobs": (jobs, gettext_lazy("Jobseekers and vacancies")),
    "skills": (skills, gettext_lazy("Skills")),
}
