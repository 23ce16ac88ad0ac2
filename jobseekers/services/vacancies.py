"""Vacancies: posted by an employer (published at once, or held for ministry approval when the
establishment is flagged or barred), decided by staff, closed by the employer or by date.

Occupations reserved for Omanis (the permit rule set in force) make the vacancy Omani-only.
The search columns (a tsvector in the arabic and english configurations, and plain text for
trigram similarity) are written in the same transaction as the vacancy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.services import audit_record
from core.transitions import transition_locked
from employers.access import employer_act
from employers.locks import establishment_lock
from employers.models import Establishment, Service
from jobseekers.models import Vacancy, VacancySkill
from jobseekers.services.terms import (
    resolve_one,
    resolve_skill_terms,
    resolve_unit_group,
    unknown_terms_message,
)
from taxonomy.selectors import taxonomy_from_database
from taxonomy.text import script_of

MAX_OPEN_DAYS = 90
MAX_SALARY = Decimal("100000")


class VacancyError(ApplicationError):
    """A vacancy was refused by a business rule."""


@dataclass
class VacancyData:
    title_en: str = ""
    title_ar: str = ""
    description: str = ""
    occupation: str = ""
    required_skills: str | list[str] = ""
    optional_skills: str | list[str] = ""
    education_min: str = ""
    experience_min_years: int = 0
    governorate: str = ""
    salary_min: str | Decimal = ""
    salary_max: str | Decimal = ""
    openings: int = 1
    closes_on: datetime.date | None = None


def _decimal(value: str | Decimal) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _validate(data: VacancyData, today: datetime.date) -> tuple[dict[str, object], list, list]:
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    values["title_en"] = (data.title_en or "").strip()[:200]
    values["title_ar"] = (data.title_ar or "").strip()[:200]
    if not values["title_en"] and not values["title_ar"]:
        errors["title_en"] = _("Give the job title in English or in Arabic.")
    if values["title_en"] and script_of(str(values["title_en"])) != "en":
        errors["title_en"] = _("Write the English title in English letters.")
    if values["title_ar"] and script_of(str(values["title_ar"])) != "ar":
        errors["title_ar"] = _("Write the Arabic title in Arabic letters.")
    values["description"] = (data.description or "").strip()[:5000]
    occupation = resolve_unit_group(data.occupation)
    if occupation is None:
        errors["occupation"] = _("Choose the occupation (an ISCO-08 unit group) from the list.")
    values["occupation_code"] = occupation or ""
    education = resolve_one("education", data.education_min) if data.education_min else ""
    if data.education_min and education is None:
        errors["education_min"] = _("Choose the minimum education from the list.")
    values["education_min"] = education or ""
    governorate = resolve_one("governorate", data.governorate)
    if governorate is None:
        errors["governorate"] = _("Choose one of Oman's eleven governorates.")
    values["governorate"] = governorate or ""
    if not 0 <= int(data.experience_min_years or 0) <= 40:
        errors["experience_min_years"] = _("Years of experience must be between 0 and 40.")
    values["experience_min_years"] = int(data.experience_min_years or 0)
    low, high = _decimal(data.salary_min), _decimal(data.salary_max)
    if low is None or low <= 0 or low > MAX_SALARY:
        errors["salary_min"] = _("Enter the lowest monthly salary in rials.")
    if high is None or high <= 0 or high > MAX_SALARY:
        errors["salary_max"] = _("Enter the highest monthly salary in rials.")
    elif low is not None and high < low:
        errors["salary_max"] = _("The highest salary cannot be below the lowest.")
    if low is not None and occupation and "salary_min" not in errors:
        floor = _salary_floor(occupation, today)
        if floor is not None and low < floor:
            errors["salary_min"] = _(
                "The salary cannot be below RO %(floor)s, the floor for this occupation."
            ) % {"floor": floor}
    values["salary_min"], values["salary_max"] = low, high
    if not 1 <= int(data.openings or 0) <= 500:
        errors["openings"] = _("Openings must be between 1 and 500.")
    values["openings"] = int(data.openings or 0)
    if data.closes_on is None:
        errors["closes_on"] = _("Enter the closing date.")
    elif data.closes_on <= today:
        errors["closes_on"] = _("The closing date must be after today.")
    elif data.closes_on > today + datetime.timedelta(days=MAX_OPEN_DAYS):
        errors["closes_on"] = _("A vacancy stays open at most %(days)s days.") % {
            "days": MAX_OPEN_DAYS
        }
    values["closes_on"] = data.closes_on
    required, unknown_required = resolve_skill_terms(data.required_skills)
    optional, unknown_optional = resolve_skill_terms(data.optional_skills)
    if unknown_required:
        errors["required_skills"] = unknown_terms_message(unknown_required)
    elif not required:
        errors["required_skills"] = _("Name at least one skill the job requires.")
    if unknown_optional:
        errors["optional_skills"] = unknown_terms_message(unknown_optional)
    if errors:
        raise ValidationError(errors)
    optional = [code for code in optional if code not in required]
    return values, required, optional


def _salary_floor(occupation: str, on: datetime.date) -> Decimal | None:
    """The lowest salary the employment rules allow for the occupation's major group."""
    from employment.deadlines import lifecycle_rule_set_in_force

    rule_set = lifecycle_rule_set_in_force(on=on)
    return rule_set.salary_floor(occupation) if rule_set is not None else None


def _reserved_for_omanis(occupation: str, on: datetime.date) -> bool:
    from permits.selectors import permit_rule_set_in_force

    rule_set = permit_rule_set_in_force(on=on)
    return bool(rule_set and occupation in (rule_set.reserved_occupations or []))


def _needs_approval(establishment: Establishment) -> bool:
    """A flagged (open investigation) or barred establishment's vacancies wait for staff."""
    from employment.models import InvestigationFlag

    if establishment.permits_barred:
        return True
    return InvestigationFlag.objects.filter(
        establishment=establishment, closed_at__isnull=True
    ).exists()


def vacancy_refresh_search(*, vacancy_id: int) -> None:
    """Write the vacancy's search columns from its titles, description, occupation and skill
    labels in both languages (one UPDATE; Arabic stemmed by the arabic configuration)."""
    vacancy = Vacancy.objects.get(pk=vacancy_id)
    taxonomy = taxonomy_from_database()
    occupation = taxonomy.occupations.get(vacancy.occupation_code, ("", ""))
    skills = [
        taxonomy.skills.get(code, ("", ""))
        for code in VacancySkill.objects.filter(vacancy_id=vacancy_id).values_list(
            "skill_code", flat=True
        )
    ]
    arabic = " ".join([vacancy.title_ar, occupation[1], *(s[1] for s in skills)])
    english = " ".join([vacancy.title_en, occupation[0], *(s[0] for s in skills)])
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE jobseekers_vacancy SET
              search_vector =
                setweight(to_tsvector('arabic', %s), 'A')
                || setweight(to_tsvector('english', %s), 'A')
                || setweight(to_tsvector('simple', %s), 'C'),
              search_text = lower(%s)
            WHERE id = %s
            """,
            [
                arabic,
                english,
                vacancy.description,
                f"{vacancy.title_en} {vacancy.title_ar} {english} {arabic}",
                vacancy_id,
            ],
        )


@employer_act(Service.VACANCIES, actor="posted_by")
@transaction.atomic
def vacancy_post(*, establishment: Establishment, posted_by: User, data: VacancyData) -> Vacancy:
    """Post a vacancy. It opens at once, or waits for ministry approval when the establishment
    is flagged for investigation or barred. An occupation reserved for Omanis makes it
    Omani-only. Raises ValidationError keyed by field (nothing written)."""
    today = timezone.localdate()
    values, required, optional = _validate(data, today)
    establishment_lock(establishment_id=establishment.pk)
    pending = _needs_approval(establishment)
    vacancy = Vacancy(
        establishment=establishment,
        posted_by=posted_by,
        omani_only=_reserved_for_omanis(str(values["occupation_code"]), today),
        status=Vacancy.Status.PENDING if pending else Vacancy.Status.OPEN,
        published_at=None if pending else timezone.now(),
        **values,
    )
    vacancy.full_clean(exclude=["search_vector", "search_text"])
    vacancy.save()
    VacancySkill.objects.bulk_create(
        [VacancySkill(vacancy=vacancy, skill_code=code, required=True) for code in required]
        + [VacancySkill(vacancy=vacancy, skill_code=code, required=False) for code in optional]
    )
    vacancy_refresh_search(vacancy_id=vacancy.pk)
    audit_record(
        actor=posted_by,
        action="jobseekers.vacancy_posted",
        obj=vacancy,
        after={
            "occupation": vacancy.occupation_code,
            "status": vacancy.status,
            "omani_only": vacancy.omani_only,
            "required_skills": required,
            "optional_skills": optional,
        },
    )
    return vacancy


def _transition(
    *, vacancy: Vacancy, to: str, actor: User | None, note: str = "", changes: dict | None = None
) -> Vacancy:
    locked, _event = transition_locked(
        obj=vacancy,
        to=to,
        actor=actor,
        action=f"jobseekers.vacancy_{to}",
        refuse=lambda row: VacancyError(
            _("The vacancy is %(status)s: it cannot become %(target)s.")
            % {"status": row.get_status_display(), "target": Vacancy.Status(to).label}
        ),
        changes=changes,
        note=note,
        actor_label="" if actor else "system",
    )
    return locked


@transaction.atomic
def vacancy_decide(*, vacancy: Vacancy, decided_by: User, approve: bool, reason: str) -> Vacancy:
    """Ministry staff publish or refuse a vacancy waiting for approval, with a reason."""
    if decided_by.role not in {"officer", "approver"}:
        raise VacancyError(_("Only ministry officers decide on vacancies."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    if approve:
        return _transition(
            vacancy=vacancy,
            to=Vacancy.Status.OPEN,
            actor=decided_by,
            note=reason,
            changes={
                "published_at": timezone.now(),
                "decided_by": decided_by,
                "decision_reason": reason,
            },
        )
    return _transition(
        vacancy=vacancy,
        to=Vacancy.Status.REJECTED,
        actor=decided_by,
        note=reason,
        changes={"decided_by": decided_by, "decision_reason": reason},
    )


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, closed_by: User | None, note: str = "") -> Vacancy:
    """Close an open vacancy (the employer, or the nightly sweep once its date passed)."""
    return _transition(vacancy=vacancy, to=Vacancy.Status.CLOSED, actor=closed_by, note=note)


def vacancies_close_past_their_date(*, on: datetime.date | None = None, batch: int = 500) -> int:
    """Open vacancies whose closing date has passed become CLOSED (nightly). Safe to re-run."""
    on = on or timezone.localdate()
    closed = 0
    for vacancy in Vacancy.objects.filter(status=Vacancy.Status.OPEN, closes_on__lt=on)[:batch]:
        with transaction.atomic():
            vacancy_close(vacancy=vacancy, closed_by=None, note="closing date")
            closed += 1
    return closed


def vacancies_close_for_establishments(
    *, establishment_ids: list[int], note: str
) -> dict[int, int]:
    """Close every open vacancy of the establishments (struck off the commerce registry: the
    employers app asks through employers.questions.open_vacancies_close). Safe to re-run.
    Returns how many closed, per establishment."""
    closed: dict[int, int] = {}
    for vacancy in Vacancy.objects.filter(
        establishment_id__in=establishment_ids, status=Vacancy.Status.OPEN
    ).order_by("pk"):
        vacancy_close(vacancy=vacancy, closed_by=None, note=note)
        closed[vacancy.establishment_id] = closed.get(vacancy.establishment_id, 0) + 1
    return closed
