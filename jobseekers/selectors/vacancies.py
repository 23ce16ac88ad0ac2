"""Vacancy reads: the public search (no sign-in), an employer's own vacancies, the staff queue,
response rates per employer, and the labour-market test the permits ask."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from employers.models import Establishment
from jobseekers.models import Application, Vacancy
from permits.questions import LabourMarketTest
from taxonomy.models import EducationLevel

EDUCATION_ORDER = [choice for choice, _label in EducationLevel.choices]
TRIGRAM_THRESHOLD = 0.45


@dataclass(frozen=True)
class VacancyFilter:
    q: str = ""
    occupation: str = ""  # an ISCO-08 prefix (1 to 4 digits)
    governorate: str = ""
    education: str = ""  # the jobseeker's education: vacancies that ask no more
    salary_at_least: Decimal | None = None


def set_word_similarity_threshold(sender: object, connection: Any, **kwargs: object) -> None:
    """Make PostgreSQL's word-similarity operator (`<%`, which the trigram GIN index on
    `search_text` serves) match at TRIGRAM_THRESHOLD on this connection (its default is 0.6)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(TRIGRAM_THRESHOLD)],
        )


def vacancy_search_public(*, filters: VacancyFilter) -> QuerySet[Vacancy]:
    """Open vacancies anyone may see, best match first when there is a query, newest first
    otherwise. The query is matched in Arabic (stemmed), English and by trigram similarity,
    so a misspelt word ("electrican") still finds its vacancies."""
    today = timezone.localdate()
    vacancies = Vacancy.objects.filter(status=Vacancy.Status.OPEN, closes_on__gte=today)
    if filters.occupation:
        vacancies = vacancies.filter(occupation_code__startswith=filters.occupation)
    if filters.governorate:
        vacancies = vacancies.filter(governorate=filters.governorate)
    if filters.education in EDUCATION_ORDER:
        allowed = EDUCATION_ORDER[: EDUCATION_ORDER.index(filters.education) + 1]
        vacancies = vacancies.filter(Q(education_min="") | Q(education_min__in=allowed))
    if filters.salary_at_least is not None:
        vacancies = vacancies.filter(salary_max__gte=filters.salary_at_least)
    vacancies = vacancies.select_related("establishment")
    q = filters.q.strip()[:200]
    if not q:
        return vacancies.order_by("-published_at", "-id")
    query = (
        SearchQuery(q, config="arabic", search_type="websearch")
        | SearchQuery(q, config="english", search_type="websearch")
        | SearchQuery(q, config="simple", search_type="websearch")
    )
    return (
        vacancies.annotate(
            rank=SearchRank(F("search_vector"), query),
            similarity=TrigramWordSimilarity(q.lower(), "search_text"),
        )
        # `<%` (trigram_word_similar) can use the trigram index; a filter on the annotation
        # cannot, and would score every open vacancy in the country
        .filter(Q(search_vector=query) | Q(search_text__trigram_word_similar=q.lower()))
        .order_by("-rank", "-similarity", "-published_at", "-id")
    )


def vacancy_get_public(*, vacancy_id: int) -> Vacancy | None:
    return (
        Vacancy.objects.filter(pk=vacancy_id, status__in=[Vacancy.Status.OPEN])
        .select_related("establishment")
        .prefetch_related("skills")
        .first()
    )


def vacancy_list_for_establishment(*, establishment: Establishment) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.filter(establishment=establishment)
        .annotate(
            applications_count=Count("applications"),
            waiting_count=Count(
                "applications", filter=Q(applications__status=Application.Status.APPLIED)
            ),
        )
        .order_by("-created_at", "-id")
    )


def vacancy_queue_all_establishments() -> QuerySet[Vacancy]:
    """Vacancies waiting for ministry approval, oldest first."""
    return (
        Vacancy.objects.filter(status=Vacancy.Status.PENDING)
        .select_related("establishment")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class ResponseRate:
    establishment_id: int
    cr_number: str
    name: str
    applications: int
    answered: int
    answered_in_time: int

    @property
    def rate(self) -> float:
        return self.answered / self.applications if self.applications else 1.0


def response_rates_all_establishments(
    *, since: datetime.date, answer_days: int = 14
) -> list[ResponseRate]:
    """For each employer with applications since `since`: how many it answered, and how many
    within `answer_days` (one grouped query), worst first."""
    rows = (
        Application.objects.filter(created_at__date__gte=since)
        .exclude(status=Application.Status.WITHDRAWN)
        .values(
            "vacancy__establishment_id",
            "vacancy__establishment__cr_number",
            "vacancy__establishment__name_en",
        )
        .annotate(
            total=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            in_time=Count(
                "id",
                filter=Q(
                    answered_at__isnull=False,
                    answered_at__lte=F("created_at") + datetime.timedelta(days=answer_days),
                ),
            ),
        )
    )
    rates = [
        ResponseRate(
            establishment_id=row["vacancy__establishment_id"],
            cr_number=row["vacancy__establishment__cr_number"],
            name=row["vacancy__establishment__name_en"],
            applications=row["total"],
            answered=row["answered"],
            answered_in_time=row["in_time"],
        )
        for row in rows
    ]
    return sorted(rates, key=lambda r: (r.rate, -r.applications))


def labour_market_test(
    *, establishment_id: int, occupation_code: str, days: int, on: datetime.date
) -> LabourMarketTest:
    """The establishment's vacancy for `occupation_code` published at least `days` before
    `on` (the longest-advertised one), and its Omani applicants by outcome."""
    cutoff = datetime.datetime.combine(
        on - datetime.timedelta(days=days),
        datetime.time.max,
        tzinfo=timezone.get_current_timezone(),
    )
    vacancy = (
        Vacancy.objects.filter(
            establishment_id=establishment_id,
            occupation_code=occupation_code,
            published_at__isnull=False,
            published_at__lte=cutoff,
        )
        .order_by("published_at")
        .first()
    )
    if vacancy is None:
        return LabourMarketTest(False, None, 0, 0, {}, 0)
    applications = Application.objects.filter(vacancy=vacancy).exclude(
        status=Application.Status.WITHDRAWN
    )
    rejected: dict[str, int] = {}
    for reason in applications.filter(status=Application.Status.REJECTED).values_list(
        "rejection_reason", flat=True
    ):
        rejected[reason] = rejected.get(reason, 0) + 1
    assert vacancy.published_at is not None
    return LabourMarketTest(
        advertised=True,
        vacancy_id=vacancy.pk,
        advertised_days=(on - timezone.localdate(vacancy.published_at)).days,
        omani_applicants=applications.count(),
        omani_rejected=rejected,
        omani_open=applications.filter(status__in=Application.OPEN).count(),
    )
