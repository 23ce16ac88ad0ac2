"""Explainable matching of jobseekers and vacancies (issue 6, ADR 0014).

Pure Python over plain records, no models: Django code resolves its rows to codes, builds
records and ranks them. For example::

    from jobseekers.matching import JobseekerRecord, MatchIndex, VacancyRecord
    from taxonomy.selectors import taxonomy_from_database

    taxonomy = taxonomy_from_database()
    index = MatchIndex(jobseekers=[JobseekerRecord(id="42", occupations=("7411",),
                       skills=frozenset({"electrical_wiring"}), education="diploma",
                       years_experience=4, governorate="muscat")],
                       vacancies=[...], taxonomy=taxonomy)
    ranking = index.candidates_for(VacancyRecord(id="7", occupation="7411", ...), k=20)
    for explanation in ranking.explanations():
        explanation.score, explanation.factors, explanation.missing_skills, explanation.as_dict()

`index.rank_all_vacancies(k=20, progress=...)` ranks every indexed vacancy (the bulk job),
`index.vacancies_for(jobseeker, k=20)` the other way round. Store results with
`MATCHER_VERSION` and `RULES_VERSION`.
"""

from jobseekers.matching.engine import MatchIndex, Ranking
from jobseekers.matching.explain import Explanation, Factor, describe_factor, explain_match
from jobseekers.matching.records import JobseekerRecord, VacancyRecord
from jobseekers.matching.rules import FACTORS, MATCHER_VERSION, RULES_VERSION, WEIGHTS

__all__ = [
    "FACTORS",
    "MATCHER_VERSION",
    "RULES_VERSION",
    "WEIGHTS",
    "Explanation",
    "Factor",
    "JobseekerRecord",
    "MatchIndex",
    "Ranking",
    "VacancyRecord",
    "describe_factor",
    "explain_match",
]
