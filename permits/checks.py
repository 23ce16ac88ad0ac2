"""The automatic checks of a permit application, each with an outcome and a reason kept as a
message id with its parameters (translated when shown, permits.presentation)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from employers.models import Establishment
from omanization.plan_selectors import plan_approved_for, plan_due_for
from omanization.selectors import compliance_what_if
from permits.models import PermitRuleSet
from permits.questions import labour_market_test
from permits.selectors import foreign_hires_approved_for_establishment

PASSED, FAILED, OFF = "passed", "failed", "off"

CHECK_CODES = (
    "establishment_active",
    "not_barred",
    "omanization",
    "omanization_plan",
    "occupation_not_reserved",
    "labor_market_test",
    "passport_validity",
)


def check_labels() -> dict[str, str]:
    return {
        "establishment_active": _("Establishment active in the commerce registry"),
        "not_barred": _("Establishment not barred from permits"),
        "omanization": _("Omanization compliant after this permit"),
        "omanization_plan": _("Approved annual Omanization plan"),
        "occupation_not_reserved": _("Occupation not reserved for Omanis"),
        "labor_market_test": _("Labour-market test"),
        "passport_validity": _("Passport validity"),
    }


def _check(
    code: str, outcome: str, message: str, params: dict[str, object] | None = None
) -> dict[str, object]:
    """One check's result. The reason is kept as its message id and parameters, so that it is
    shown in the reader's language (`permits.checks.check_reason`)."""
    return {"code": code, "outcome": outcome, "message": message, "params": params or {}}


def _labour_market_check(
    *, establishment: Establishment, occupation_code: str, days: int, on: datetime.date
) -> dict[str, object]:
    """A vacancy for the occupation advertised through the ministry for `days`, and no Omani
    applicant still being considered; the rejected ones are counted with their reasons for the
    officer who reviews the permit."""
    test = labour_market_test.ask(
        establishment_id=establishment.pk, occupation_code=occupation_code, days=days, on=on
    )
    if not test.advertised:
        return _check(
            "labor_market_test",
            FAILED,
            gettext_noop(
                "No vacancy for this occupation was advertised through the ministry for "
                "%(days)s days."
            ),
            {"days": days},
        )
    if test.omani_open:
        return _check(
            "labor_market_test",
            FAILED,
            gettext_noop(
                "%(open)s Omani applicants to vacancy %(vacancy)s are still being considered."
            ),
            {"open": test.omani_open, "vacancy": test.vacancy_id},
        )
    reasons = ", ".join(f"{code}: {count}" for code, count in sorted(test.omani_rejected.items()))
    return _check(
        "labor_market_test",
        PASSED,
        gettext_noop(
            "Vacancy %(vacancy)s was advertised for %(days)s days; %(applicants)s Omani "
            "applicants, rejected for: %(reasons)s."
        ),
        {
            "vacancy": test.vacancy_id,
            "days": test.advertised_days,
            "applicants": test.omani_applicants,
            "reasons": reasons or "–",
        },
    )


def _plan_check(*, establishment: Establishment, on: datetime.date) -> dict[str, object] | None:
    """An establishment that owes an annual Omanization plan (its headcount at or above the rule
    set's) needs this year's plan approved, when the rule set's switch says permits wait for it.
    None (the check is not asked) below the headcount or with the switch off."""
    due = plan_due_for(establishment=establishment, on=on)
    if not due.gates_permits:
        return None
    if plan_approved_for(establishment=establishment, year=on.year):
        return _check(
            "omanization_plan",
            PASSED,
            gettext_noop("The Omanization plan for %(year)s is approved."),
            {"year": on.year},
        )
    return _check(
        "omanization_plan",
        FAILED,
        gettext_noop(
            "With %(headcount)s employees (a plan is due from %(threshold)s), the establishment "
            "needs an approved Omanization plan for %(year)s before new permits."
        ),
        {"headcount": due.headcount, "threshold": due.threshold, "year": on.year},
    )


def run_checks(
    *,
    establishment: Establishment,
    rule_set: PermitRuleSet,
    occupation_code: str,
    job_level: int,
    monthly_salary: Decimal,
    passport_expiry: datetime.date,
    starts_on: datetime.date,
    adds_worker: bool,
) -> list[dict[str, object]]:
    """The automatic checks, each with its outcome and a reason a person can read.

    Call with the establishment row locked: the Omanization check counts the workers of every
    permit already approved, so that simultaneous applications cannot all take the last place.
    """
    checks = []
    if establishment.status == Establishment.Status.ACTIVE:
        checks.append(
            _check("establishment_active", PASSED, gettext_noop("The establishment is active."))
        )
    else:
        checks.append(
            _check(
                "establishment_active",
                FAILED,
                gettext_noop("The establishment is %(status)s in the commerce registry."),
                {"status": establishment.status},
            )
        )
    if establishment.permits_barred:
        checks.append(
            _check(
                "not_barred",
                FAILED,
                gettext_noop("The establishment is barred from new permits: %(reason)s"),
                {"reason": establishment.bar_reason},
            )
        )
    else:
        checks.append(_check("not_barred", PASSED, gettext_noop("No bar on the establishment.")))

    hires = foreign_hires_approved_for_establishment(establishment=establishment)
    if adds_worker:
        from omanization.compliance import Hire

        hires.append(Hire(national=False, job_level=job_level, monthly_salary=monthly_salary))
    result = compliance_what_if(establishment=establishment, hires=hires, ending_employee_ids=[])
    if result is None:
        checks.append(
            _check(
                "omanization",
                PASSED,
                gettext_noop("No Omanization rules are in force for this date."),
            )
        )
    elif result.permits_allowed:
        checks.append(
            _check(
                "omanization",
                PASSED,
                gettext_noop(
                    "With this permit the Omani share is %(share)s against a target of %(target)s."
                ),
                {"share": _percent(result.share), "target": _percent(result.target)},
            )
        )
    else:
        checks.append(
            _check(
                "omanization",
                FAILED,
                gettext_noop(
                    "With this permit the Omani share would be %(share)s against a target of "
                    "%(target)s: hire %(needed)s more Omanis first."
                ),
                {
                    "share": _percent(result.share),
                    "target": _percent(result.target),
                    "needed": max(result.overall_omanis_needed, 1),
                },
            )
        )
    plan = _plan_check(establishment=establishment, on=timezone.localdate())
    if plan is not None:
        checks.append(plan)
    if occupation_code in rule_set.reserved_occupations:
        checks.append(
            _check(
                "occupation_not_reserved",
                FAILED,
                gettext_noop("Occupation %(code)s is reserved for Omanis."),
                {"code": occupation_code},
            )
        )
    else:
        checks.append(
            _check(
                "occupation_not_reserved",
                PASSED,
                gettext_noop("The occupation is open to foreign workers."),
            )
        )
    if not rule_set.labor_market_test_enabled:
        checks.append(
            _check(
                "labor_market_test",
                OFF,
                gettext_noop(
                    "Switched off by policy until vacancies are advertised through the "
                    "ministry; this permit was not tested against Omani jobseekers."
                ),
            )
        )
    else:
        checks.append(
            _labour_market_check(
                establishment=establishment,
                occupation_code=occupation_code,
                days=rule_set.labor_market_test_days,
                on=timezone.localdate(),
            )
        )
    needed_until = starts_on + relativedelta(months=rule_set.passport_min_validity_months)
    if passport_expiry >= needed_until:
        checks.append(
            _check(
                "passport_validity",
                PASSED,
                gettext_noop("The passport is valid until %(date)s."),
                {"date": passport_expiry.isoformat()},
            )
        )
    else:
        checks.append(
            _check(
                "passport_validity",
                FAILED,
                gettext_noop(
                    "The passport expires on %(date)s; it must be valid until at least "
                    "%(needed)s (%(months)s months after the start)."
                ),
                {
                    "date": passport_expiry.isoformat(),
                    "needed": needed_until.isoformat(),
                    "months": rule_set.passport_min_validity_months,
                },
            )
        )
    return checks


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{(value * 100).quantize(Decimal('0.1'))}%"
