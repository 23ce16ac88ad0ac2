"""The public vacancy search filters with the operator the trigram index serves, so a search
does not score every open vacancy in the country (issue 17, finding 9)."""

from __future__ import annotations

import pytest
from django.db import connection

from jobseekers.models import Vacancy
from jobseekers.selectors.vacancies import TRIGRAM_THRESHOLD, VacancyFilter, vacancy_search_public

pytestmark = pytest.mark.django_db


def test_each_connection_matches_words_at_the_search_threshold():
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == TRIGRAM_THRESHOLD


def test_the_search_filters_with_the_operator_the_trigram_index_serves():
    sql, _params = vacancy_search_public(
        filters=VacancyFilter(q="electrican")
    ).query.sql_with_params()
    # the word-similarity operator, not a comparison of a computed similarity (which no index
    # can serve)
    assert '"search_text" %%> ' in sql
    assert "WORD_SIMILARITY" not in sql.split("WHERE", 1)[1].split("ORDER BY")[0].upper()

    lookup = Vacancy.objects.filter(search_text__trigram_word_similar="electrican")
    sql, params = lookup.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "vacancy_search_trgm" in plan, plan


def test_paging_through_a_search_counts_its_matches_once(client):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EstablishmentFactory
    from tests.jobseekers.test_vacancies_and_applications import _vacancy

    shop = EstablishmentFactory.create()
    for n in range(45):
        _vacancy(shop, title_en=f"Building electrician {n}")

    counts = []
    for page in (1, 2, 3):
        with CaptureQueriesContext(conn) as queries:
            response = client.get("/ar/vacancies/", {"q": "electrician", "page": page})
        assert response.status_code == 200
        counts.append(sum("COUNT(" in q["sql"].upper() for q in queries.captured_queries))

    assert counts[0] == 1
    assert counts[1:] == [0, 0]
