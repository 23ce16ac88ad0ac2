"""The matcher: explanation content, ranking properties, exactness, both directions."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from jobseekers.matching import (
    FACTORS,
    MATCHER_VERSION,
    RULES_VERSION,
    JobseekerRecord,
    MatchIndex,
    VacancyRecord,
    describe_factor,
    explain_match,
    rules,
)
from jobseekers.matching.dataset import RawDataset, generate_dataset, map_dataset
from jobseekers.matching.metrics import ndcg_at_k, recall_at_k
from taxonomy.resolve import taxonomy_from_files

ELECTRICIAN_SKILLS = frozenset(
    {"electrical_wiring", "distribution_boards", "electrical_safety", "conduit_installation"}
)


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


def electrician(identifier: str, **changes: Any) -> JobseekerRecord:
    record = JobseekerRecord(
        id=identifier,
        occupations=("7411",),
        skills=ELECTRICIAN_SKILLS,
        education="diploma",
        years_experience=5,
        governorate="muscat",
    )
    return dataclasses.replace(record, **changes)


VACANCY = VacancyRecord(
    id="v1",
    occupation="7411",
    required_skills=ELECTRICIAN_SKILLS | {"lighting_installation"},
    education_min="secondary",
    years_min=3,
    governorate="muscat",
)


class TestExplanation:
    def test_names_every_factor_with_weights_that_sum_to_one(self, taxonomy):
        explanation = explain_match(vacancy=VACANCY, jobseeker=electrician("j1"), taxonomy=taxonomy)

        assert [f.name for f in explanation.factors] == list(FACTORS)
        assert sum(f.weight for f in explanation.factors) == pytest.approx(1.0)
        assert explanation.score == pytest.approx(sum(f.contribution for f in explanation.factors))
        assert (explanation.matcher_version, explanation.rules_version) == (
            MATCHER_VERSION,
            RULES_VERSION,
        )

    def test_says_which_required_skills_are_met_and_which_are_missing(self, taxonomy):
        explanation = explain_match(vacancy=VACANCY, jobseeker=electrician("j1"), taxonomy=taxonomy)
        required = explanation.factor(rules.REQUIRED_SKILLS)

        assert required.facts["met"] == sorted(ELECTRICIAN_SKILLS)
        assert required.facts["missing"] == ["lighting_installation"]
        assert explanation.missing_skills == ("lighting_installation",)
        assert required.value == pytest.approx(
            rules.required_skills_value(4 * rules.CLAIMED_SKILL / 5)
        )

    def test_occupation_proximity_follows_the_isco_hierarchy(self, taxonomy):
        def proximity(code: str) -> float:
            jobseeker = electrician("j", occupations=(code,))
            explanation = explain_match(vacancy=VACANCY, jobseeker=jobseeker, taxonomy=taxonomy)
            return explanation.factor(rules.OCCUPATION).value

        # same unit group > same minor > same sub-major > same major > elsewhere
        assert proximity("7411") > proximity("7412") > proximity("7421") > proximity("7126")
        assert proximity("7126") > proximity("5120") == 0.0
        # a partial code is compatible with the groups under it
        assert proximity("741") > proximity("7412")

    def test_serialises_to_json_and_reads_in_both_languages(self, taxonomy):
        from django.utils import translation

        explanation = explain_match(
            vacancy=VACANCY,
            jobseeker=electrician("j1", governorate="dhofar", willing_to_relocate=True),
            taxonomy=taxonomy,
        )
        stored = explanation.as_dict()

        assert stored["factors"][5]["facts"]["willing_to_relocate"] is True
        assert {f["name"] for f in stored["factors"]} == set(FACTORS)
        with translation.override("en"):
            text = describe_factor(
                explanation.factor(rules.REQUIRED_SKILLS), taxonomy=taxonomy, language="en"
            )
            assert "Lighting installation" in text
            assert "would move from Dhofar" in describe_factor(
                explanation.factor(rules.LOCATION), taxonomy=taxonomy, language="en"
            )
        arabic = describe_factor(
            explanation.factor(rules.LOCATION), taxonomy=taxonomy, language="ar"
        )
        assert "ظفار" in arabic

    @pytest.mark.parametrize("given", ["74", "741", "7"])
    def test_a_partial_code_is_refined_by_the_skills_and_the_explanation_says_so(
        self, taxonomy, given
    ):
        # given an electrician who gave only part of the code
        from django.utils import translation

        from jobseekers.matching.dataset import corroborated_occupations

        occupations = corroborated_occupations(given, ELECTRICIAN_SKILLS, taxonomy)
        jobseeker = electrician("j", occupations=occupations)

        # when
        explanation = explain_match(vacancy=VACANCY, jobseeker=jobseeker, taxonomy=taxonomy)

        # then the unit group their skills point to under it counts, as the same occupation
        assert occupations[0] == given
        assert "7411" in occupations
        occupation = explanation.factor(rules.OCCUPATION)
        assert occupation.value == 1.0
        assert occupation.facts["stated"] == given
        with translation.override("en"):
            text = describe_factor(occupation, taxonomy=taxonomy, language="en")
        assert "Inferred from their skills near the occupation they gave" in text
        assert taxonomy.label("occupation", given, language="en") in text

    def test_an_occupation_inferred_from_skills_alone_is_said_to_be(self, taxonomy):
        from django.utils import translation

        jobseeker = electrician(
            "j",
            occupations=taxonomy.infer_occupations(ELECTRICIAN_SKILLS, limit=5),
            inferred_occupation=True,
        )
        explanation = explain_match(vacancy=VACANCY, jobseeker=jobseeker, taxonomy=taxonomy)

        occupation = explanation.factor(rules.OCCUPATION)
        assert occupation.value == 1.0
        assert occupation.facts["stated"] is None
        with translation.override("en"):
            text = describe_factor(occupation, taxonomy=taxonomy, language="en")
        assert "they gave no occupation" in text

    def test_a_unit_group_the_skills_point_to_instead_of_the_code_given_counts_in_part(
        self, taxonomy
    ):
        # given an electrician who gave a neighbouring unit group's code (7412) and one who
        # gave the vacancy's, with the same skills
        from django.utils import translation

        from jobseekers.matching.dataset import corroborated_occupations

        occupations = corroborated_occupations("7412", ELECTRICIAN_SKILLS, taxonomy)
        assert occupations == ("7412", "7411")
        neighbour = electrician("neighbour", occupations=occupations)
        index = MatchIndex(jobseekers=[neighbour, electrician("gave_it")], taxonomy=taxonomy)

        # when
        ranking = index.candidates_for(VACANCY, k=2)

        # then the code their skills point to counts, as a guess: above the neighbouring
        # code it replaces (0.6), below the code given by the other (1.0), and it says so
        assert ranking.ids == ("gave_it", "neighbour")
        occupation = ranking.explanations()[1].factor(rules.OCCUPATION)
        assert occupation.facts["jobseeker"] == "7411"
        assert occupation.facts["stated"] == "7412"
        assert occupation.value == rules.INFERRED_OCCUPATION
        assert rules.occupation_proximity("7411", "7412") < rules.INFERRED_OCCUPATION
        with translation.override("en"):
            text = describe_factor(occupation, taxonomy=taxonomy, language="en")
        assert "A guess from the skills counts less than an occupation given." in text
        with translation.override("ar"):
            arabic = describe_factor(occupation, taxonomy=taxonomy, language="ar")
        assert "A guess" not in arabic

    def test_a_less_likely_guess_for_someone_who_gave_no_occupation_counts_in_part(self, taxonomy):
        # given an electrician who gave no occupation: their skills fit building electricians
        # (7411) best and electrical mechanics (7412) less; and one who gave 7412
        from django.utils import translation

        from jobseekers.matching.dataset import guess_fits

        guesses = taxonomy.infer_occupations(ELECTRICIAN_SKILLS, limit=5)
        fits = guess_fits(guesses, ELECTRICIAN_SKILLS, taxonomy)
        assert guesses[:2] == ("7411", "7412")
        assert fits[0] == 1.0
        assert 0 < fits[1] < 1
        unsaid = electrician(
            "unsaid", occupations=guesses, inferred_occupation=True, guess_fits=fits
        )
        mechanic = electrician("mechanic", occupations=("7412",))
        index = MatchIndex(jobseekers=[unsaid, mechanic], taxonomy=taxonomy)
        mechanics_vacancy = dataclasses.replace(VACANCY, id="v2", occupation="7412")

        # when
        ranking = index.candidates_for(mechanics_vacancy, k=2)
        best = explain_match(vacancy=VACANCY, jobseeker=unsaid, taxonomy=taxonomy)

        # then the likeliest guess counts in full, the other by how well the skills fit it,
        # the ranker agrees with the explanation, and the explanation says why
        assert best.factor(rules.OCCUPATION).value == 1.0
        assert ranking.ids == ("mechanic", "unsaid")
        occupation = ranking.explanations()[1].factor(rules.OCCUPATION)
        assert occupation.value == pytest.approx(rules.guess_scale(fits[1]))
        assert rules.INFERRED_OCCUPATION < occupation.value < 1.0
        assert ranking.scores[1] == pytest.approx(ranking.explanations()[1].score)
        assert occupation.facts["best_guess"] == "7411"
        with translation.override("en"):
            text = describe_factor(occupation, taxonomy=taxonomy, language="en")
        assert "they gave no occupation" in text
        assert "less well than their likeliest occupation, Building and related" in text
        assert "than an occupation given" not in text
        with translation.override("ar"):
            arabic = describe_factor(occupation, taxonomy=taxonomy, language="ar")
        assert "likeliest" not in arabic

    def test_holding_most_of_the_required_skills_outweighs_fewer_with_more_extras(self, taxonomy):
        # given a vacancy asking five skills; one jobseeker holds three of them (60%), the
        # other two of them and every other useful skill of the trade
        from django.utils import translation

        vacancy = dataclasses.replace(VACANCY, optional_skills=frozenset())
        required = sorted(vacancy.required_skills)
        _typical, optional = taxonomy.typical_skills("7411")
        most = electrician("most", skills=frozenset(required[:3]))
        extras = electrician("extras", skills=frozenset(required[:2]) | optional)
        index = MatchIndex(jobseekers=[extras, most], taxonomy=taxonomy)

        # when
        ranking = index.candidates_for(vacancy, k=2)

        # then the holder of most of the required skills comes first, and is told why
        assert ranking.ids == ("most", "extras")
        first, second = ranking.explanations()
        assert first.factor(rules.REQUIRED_SKILLS).facts["most"] is True
        assert second.factor(rules.REQUIRED_SKILLS).facts["most"] is False
        assert first.factor(rules.REQUIRED_SKILLS).value == pytest.approx(
            (1 - rules.MOST_SKILLS_BONUS) * 3 * rules.CLAIMED_SKILL / 5 + rules.MOST_SKILLS_BONUS
        )
        with translation.override("en"):
            text = describe_factor(
                first.factor(rules.REQUIRED_SKILLS), taxonomy=taxonomy, language="en"
            )
        assert "Holds at least 60% of the required skills, which counts extra." in text
        # and all of them still beats most of them
        assert rules.required_skills_value(1.0) > rules.required_skills_value(0.6)

    def test_a_vacancy_without_skills_is_matched_on_its_occupations_typical_skills(self, taxonomy):
        vacancy = VacancyRecord(id="v", occupation="7411")
        explanation = explain_match(vacancy=vacancy, jobseeker=electrician("j"), taxonomy=taxonomy)

        facts = explanation.factor(rules.REQUIRED_SKILLS).facts
        assert facts["from_occupation"] is True
        assert "electrical_wiring" in facts["met"]


class TestRankingProperties:
    """Location, education and experience count, not only skills."""

    @pytest.mark.parametrize(
        ("weaker", "reason"),
        [
            ({"governorate": "dhofar"}, "lives elsewhere and will not move"),
            ({"education": "primary"}, "below the minimum education"),
            ({"years_experience": 1}, "below the minimum experience"),
            ({"occupations": ("7126",)}, "another occupation"),
            ({"skills": ELECTRICIAN_SKILLS - {"electrical_wiring"}}, "a required skill less"),
        ],
    )
    def test_a_requirement_not_met_ranks_lower(self, taxonomy, weaker, reason):
        # given
        index = MatchIndex(
            jobseekers=[electrician("weaker", **weaker), electrician("stronger")],
            taxonomy=taxonomy,
        )

        # when
        ranking = index.candidates_for(VACANCY, k=2)

        # then
        assert ranking.ids == ("stronger", "weaker"), reason
        assert ranking.scores[0] > ranking.scores[1]

    @pytest.mark.parametrize(
        ("short", "lacks"),
        [
            ({"education": "primary"}, rules.EDUCATION),
            ({"years_experience": 2}, rules.EXPERIENCE),
        ],
    )
    def test_who_meets_the_minimums_ranks_above_a_better_skilled_one_who_does_not(
        self, taxonomy, short, lacks
    ):
        # given one with every skill below a minimum, one with a skill less who meets both
        from django.utils import translation

        vacancy = dataclasses.replace(VACANCY, required_skills=ELECTRICIAN_SKILLS)
        index = MatchIndex(
            jobseekers=[
                electrician("short", **short),
                electrician(
                    "meets",
                    skills=ELECTRICIAN_SKILLS - {"electrical_wiring", "conduit_installation"},
                ),
            ],
            taxonomy=taxonomy,
        )

        # when
        ranking = index.candidates_for(vacancy, k=2)

        # then the one short of the minimum still appears, below, and is told why
        assert ranking.ids == ("meets", "short")
        assert ranking.scores[1] > ranking.scores[0]  # the score alone would say otherwise
        below = ranking.explanations()[1]
        assert not below.meets_requirements
        with translation.override("en"):
            text = describe_factor(below.factor(lacks), taxonomy=taxonomy, language="en")
        assert "Below the minimum" in text

    def test_residents_come_first_then_movers_not_scored_down_then_the_others(self, taxonomy):
        # given a better-skilled mover from Dhofar, a resident, an equal mover, and one who
        # lives elsewhere and has not said they would move
        from django.utils import translation

        index = MatchIndex(
            jobseekers=[
                electrician("mover", governorate="dhofar", willing_to_relocate=True),
                electrician("stays_away", governorate="dhofar"),
                electrician("resident", skills=ELECTRICIAN_SKILLS - {"electrical_wiring"}),
                electrician(
                    "better_mover",
                    governorate="dhofar",
                    willing_to_relocate=True,
                    skills=ELECTRICIAN_SKILLS | {"lighting_installation"},
                ),
            ],
            taxonomy=taxonomy,
        )

        # when
        ranking = index.candidates_for(VACANCY, k=4)

        # then the resident comes first although movers score more; movers are not scored down
        assert ranking.ids == ("resident", "better_mover", "mover", "stays_away")
        assert ranking.scores[1] > ranking.scores[2] > ranking.scores[0]
        resident, mover = ranking.explanations()[0], ranking.explanations()[2]
        assert mover.factor(rules.LOCATION).value == 1.0
        assert mover.score == pytest.approx(
            explain_match(vacancy=VACANCY, jobseeker=electrician("same"), taxonomy=taxonomy).score
        )
        # and the explanation says which tier and why
        with translation.override("en"):
            said = [
                describe_factor(e.factor(rules.LOCATION), taxonomy=taxonomy, language="en")
                for e in (resident, mover, ranking.explanations()[3])
            ]
        assert "First tier: lives in the governorate" in said[0]
        assert "Second tier" in said[1]
        assert "would move from Dhofar" in said[1]
        assert "ranked after those who live there or would move" in said[2]

    def test_an_unknown_governorate_counts_as_not_living_there(self, taxonomy):
        index = MatchIndex(
            jobseekers=[
                electrician("unknown", governorate=None),
                electrician("unknown_mover", governorate=None, willing_to_relocate=True),
                electrician("resident", skills=ELECTRICIAN_SKILLS - {"electrical_wiring"}),
            ],
            taxonomy=taxonomy,
        )

        ranking = index.candidates_for(VACANCY, k=3)

        assert ranking.ids == ("resident", "unknown_mover", "unknown")
        assert [e.location_tier for e in ranking.explanations()] == [
            rules.RESIDENT,
            rules.MOVER,
            rules.AWAY,
        ]

    def test_a_vacancy_that_names_no_place_puts_everyone_in_the_first_tier(self, taxonomy):
        vacancy = dataclasses.replace(VACANCY, governorate=None)
        index = MatchIndex(
            jobseekers=[
                electrician("far", governorate="dhofar"),
                electrician("resident", skills=ELECTRICIAN_SKILLS - {"electrical_wiring"}),
            ],
            taxonomy=taxonomy,
        )

        assert index.candidates_for(vacancy, k=2).ids == ("far", "resident")

    def test_willing_to_relocate_beats_a_neighbouring_governorate_which_beats_far_away(
        self, taxonomy
    ):
        index = MatchIndex(
            jobseekers=[
                electrician("far", governorate="dhofar"),
                electrician("neighbour", governorate="south_al_batinah"),
                electrician("mover", governorate="dhofar", willing_to_relocate=True),
                electrician("local"),
            ],
            taxonomy=taxonomy,
        )

        assert index.candidates_for(VACANCY, k=4).ids == ("local", "mover", "neighbour", "far")

    def test_unknown_is_better_than_known_to_fall_short(self, taxonomy):
        index = MatchIndex(
            jobseekers=[
                electrician("short", education="none"),
                electrician("unknown", education=None),
            ],
            taxonomy=taxonomy,
        )

        assert index.candidates_for(VACANCY, k=2).ids == ("unknown", "short")


@pytest.fixture(scope="module")
def generated(taxonomy):
    raw = RawDataset()
    for line in generate_dataset(vacancies=120, jobseekers=3000, seed=11, taxonomy=taxonomy):
        if line["type"] == "vacancy":
            raw.vacancies.append(line)
        elif line["type"] == "jobseeker":
            raw.jobseekers.append(line)
        else:
            raw.relevant.append((line["vacancy"], line["jobseeker"]))
    return map_dataset(raw, taxonomy)


class TestEngine:
    def test_bulk_top_k_equals_scoring_everyone_and_the_explanations(self, taxonomy, generated):
        # given
        index = MatchIndex(
            jobseekers=generated.jobseekers, vacancies=generated.vacancies, taxonomy=taxonomy
        )

        # when
        rankings = index.rank_all_vacancies(k=10)

        # then
        assert len(rankings) == len(generated.vacancies)
        jobseekers = {j.id: j for j in generated.jobseekers}
        for vacancy, ranking in zip(generated.vacancies[:8], rankings[:8], strict=True):
            everyone = [
                explain_match(vacancy=vacancy, jobseeker=j, taxonomy=taxonomy)
                for j in generated.jobseekers
            ]
            keys = [e.ranking_key for e in everyone]
            best = sorted(keys, reverse=True)[:10]
            got = [e.ranking_key for e in ranking.explanations()]
            assert np.allclose(got, best), vacancy.id
            for explanation, score in zip(ranking.explanations(), ranking.scores, strict=True):
                assert explanation.score == pytest.approx(score)
                assert explanation.vacancy_id == vacancy.id
                assert explanation.jobseeker_id in jobseekers

    def test_on_demand_equals_bulk(self, taxonomy, generated):
        index = MatchIndex(
            jobseekers=generated.jobseekers, vacancies=generated.vacancies, taxonomy=taxonomy
        )
        bulk = index.rank_all_vacancies(k=5)

        for vacancy, ranking in zip(generated.vacancies[:20], bulk[:20], strict=True):
            assert index.candidates_for(vacancy, k=5).ids == ranking.ids

    def test_vacancies_for_a_jobseeker_use_the_same_score(self, taxonomy, generated):
        index = MatchIndex(
            jobseekers=generated.jobseekers, vacancies=generated.vacancies, taxonomy=taxonomy
        )
        jobseeker = next(j for j in generated.jobseekers if j.willing_to_relocate)

        ranking = index.vacancies_for(jobseeker, k=5)

        everyone = [
            explain_match(vacancy=v, jobseeker=jobseeker, taxonomy=taxonomy)
            for v in generated.vacancies
        ]
        expected = sorted((e.own_list_key for e in everyone), reverse=True)[:5]
        # would move: every vacancy in the first location tier of their own list (nothing
        # changes for movers there), then by the minimums met
        assert np.allclose([e.own_list_key for e in ranking.explanations()], expected)
        assert all(e.jobseeker_id == jobseeker.id for e in ranking.explanations())
        assert [e.score for e in ranking.explanations()] == pytest.approx(ranking.scores)

    def test_someone_who_would_not_move_sees_vacancies_where_they_live_first(
        self, taxonomy, generated
    ):
        index = MatchIndex(
            jobseekers=generated.jobseekers, vacancies=generated.vacancies, taxonomy=taxonomy
        )
        stays = next(j for j in generated.jobseekers if not j.willing_to_relocate and j.governorate)
        moves = dataclasses.replace(stays, id="moves", willing_to_relocate=True)
        vacancies = {v.id: v for v in generated.vacancies}

        home = [
            vacancies[i].governorate in (stays.governorate, None)
            for i in index.vacancies_for(stays, k=20).ids
        ]
        anywhere = index.vacancies_for(moves, k=20)

        assert home == sorted(home, reverse=True)  # every vacancy at home before any other
        assert home[0]
        # one who would move is ranked by the score alone, with no penalty for the place
        assert list(anywhere.scores) == sorted(anywhere.scores, reverse=True)
        assert any(vacancies[i].governorate != stays.governorate for i in anywhere.ids)

    def test_candidates_who_live_there_come_first_then_movers_then_the_others(
        self, taxonomy, generated
    ):
        index = MatchIndex(
            jobseekers=generated.jobseekers, vacancies=generated.vacancies, taxonomy=taxonomy
        )
        # k beyond the residents of a governorate (3,000 jobseekers in eleven)
        rankings = index.rank_all_vacancies(k=600)
        seen = set()
        for ranking in rankings[:10]:
            tiers = [e.location_tier for e in ranking.explanations()]
            assert tiers == sorted(tiers, reverse=True), ranking.subject_id
            seen.update(tiers)
        assert seen == {rules.RESIDENT, rules.MOVER, rules.AWAY}

    def test_bulk_equals_scoring_everyone_when_residents_do_not_fill_k(self, taxonomy, generated):
        # given a vacancy in a governorate where few live: its top k needs movers and others
        residents: dict[str | None, int] = {}
        for j in generated.jobseekers:
            residents[j.governorate] = residents.get(j.governorate, 0) + 1
        rare = min((g for g in residents if g), key=lambda g: residents[g])
        vacancies = [dataclasses.replace(v, governorate=rare) for v in generated.vacancies[:6]]
        index = MatchIndex(jobseekers=generated.jobseekers, vacancies=vacancies, taxonomy=taxonomy)
        k = residents[rare] + 15

        # when
        rankings = index.rank_all_vacancies(k=k)

        # then
        for vacancy, ranking in zip(vacancies, rankings, strict=True):
            everyone = [
                explain_match(vacancy=vacancy, jobseeker=j, taxonomy=taxonomy)
                for j in generated.jobseekers
            ]
            best = sorted((e.ranking_key for e in everyone), reverse=True)[:k]
            got = [e.ranking_key for e in ranking.explanations()]
            assert np.allclose(got, best), vacancy.id
            assert index.candidates_for(vacancy, k=k).ids == ranking.ids

    def test_progress_is_reported(self, taxonomy, generated):
        seen = []
        index = MatchIndex(
            jobseekers=generated.jobseekers, vacancies=generated.vacancies, taxonomy=taxonomy
        )

        index.rank_all_vacancies(k=3, progress=lambda done, total: seen.append((done, total)))

        assert seen[-1] == (len(generated.vacancies), len(generated.vacancies))


class TestMetrics:
    def test_recall_and_ndcg(self):
        assert recall_at_k(["a", "b", "c"], {"a", "c", "z"}, 2) == pytest.approx(1 / 3)
        assert ndcg_at_k(["a", "b"], {"a"}, 2) == pytest.approx(1.0)
        assert ndcg_at_k(["b", "a"], {"a"}, 2) < 1.0
