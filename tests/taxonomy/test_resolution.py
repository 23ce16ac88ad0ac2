"""Resolution that degrades gracefully (issue 24): misspelled, Arabic and synonym phrases name
the same skill as the canonical label; a phrase the taxonomy cannot name is matched by
character n-gram similarity, and below the cut-off it still counts, in part, as "similar to".

The pairs are data (`data/skill_phrases.csv`): synonyms from the shipped list, labels with one
or two typing slips, words run together or swapped, plural endings, and Arabic labels with or
without the article and with letters confused by sound. They were written by a script apart
from the resolver; `known_miss` marks the pairs it still gets wrong (strict xfail: one that
starts passing must be unmarked)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.utils import translation

from jobseekers.matching import rules
from jobseekers.matching.explain import describe_factor, explain_match
from jobseekers.matching.records import JobseekerRecord, VacancyRecord
from taxonomy import loading
from taxonomy.ngrams import NgramIndex, grams
from taxonomy.resolve import taxonomy_from_files

PAIRS = list(csv.DictReader((Path(__file__).parent / "data" / "skill_phrases.csv").open()))
# A third set, written by hand before the loose key was tried and never fitted on: how people
# write skills on a CV or a job board (trade names, abbreviations, brands, certificates, Gulf
# Arabic words, misspellings as typed). `known_miss` marks what the resolver still gets wrong
# (strict xfail); most of those are a trade given for a skill ("plumber", "cashier").
BY_HAND = list(
    csv.DictReader(
        (Path(__file__).parent / "data" / "skill_phrases_by_hand.csv").open(encoding="utf-8")
    )
)
BY_HAND_FLOOR = 0.78


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


def test_the_pairs_cover_each_kind_of_phrasing():
    kinds = {row["kind"] for row in PAIRS}
    assert kinds == {"synonym", "misspelled", "arabic"}
    assert len(PAIRS) >= 300
    assert sum(1 for row in PAIRS if row["known_miss"]) <= len(PAIRS) // 40


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(
            row,
            id=f"{row['kind']}-{number}",
            marks=[pytest.mark.xfail(strict=True, reason="known miss")]
            if row["known_miss"]
            else [],
        )
        for number, row in enumerate(PAIRS)
    ],
)
def test_a_phrase_resolves_to_the_skill_its_canonical_label_names(taxonomy, row):
    en, _ar = taxonomy.skills[row["skill"]]
    canonical = taxonomy.resolve("skill", en)
    assert canonical is not None
    assert canonical.code == row["skill"]

    found = taxonomy.resolve("skill", row["phrase"])

    assert found is not None
    assert found.code == canonical.code


def test_the_pairs_written_by_hand_cover_each_kind_and_mostly_resolve():
    kinds = {row["kind"] for row in BY_HAND}
    assert kinds == {"synonym", "misspelled", "arabic"}
    assert len(BY_HAND) >= 300
    assert sum(1 for row in BY_HAND if not row["known_miss"]) >= BY_HAND_FLOOR * len(BY_HAND)


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(
            row,
            id=f"hand-{row['kind']}-{number}",
            marks=[pytest.mark.xfail(strict=True, reason="known miss")]
            if row["known_miss"]
            else [],
        )
        for number, row in enumerate(BY_HAND)
    ],
)
def test_a_phrase_written_by_hand_resolves_to_the_skill_it_means(taxonomy, row):
    found = taxonomy.resolve("skill", row["phrase"])

    assert found is not None
    assert found.code == row["skill"]


@pytest.mark.parametrize(
    ("phrase", "skill"),
    [
        ("HRadministration", "hr_administration"),  # words run together
        ("Risk managements", "risk_management"),  # a plural nobody listed
        ("ضفار", "dhofar"),  # a letter confused by sound (governorate below)
        ("الصلامة المهنية", "occupational_safety"),
        ("Weldingg", "arc_welding"),  # a doubled letter
    ],
)
def test_the_loose_key_meets_plurals_sounds_doubled_letters_and_run_together_words(
    taxonomy, phrase, skill
):
    kind = "governorate" if skill == "dhofar" else "skill"

    found = taxonomy.resolve(kind, phrase)

    assert found is not None
    assert (found.code, found.method) == (skill, "fuzzy")


def test_a_loose_key_two_codes_share_decides_nothing(taxonomy):
    # "sharqiyah" folds the same for north and south: nothing is taken from the loose key
    assert taxonomy.resolve("governorate", "الشرقية") is None


def test_pieces_ignore_spacing_so_run_together_words_still_meet():
    index = NgramIndex(["air conditioning", "welding"], ["hvac", "welding"])

    code, cosine = index.nearest("airconditionning") or ("", 0.0)

    assert code == "hvac"
    assert cosine > 0.6
    assert grams("a b") == grams("ab")


def test_a_phrase_below_the_cut_off_is_similar_to_a_skill_with_a_confidence(taxonomy):
    strict = taxonomy.resolve("skill", "Patientvare")
    loose = taxonomy.resolve("skill", "Patientvare", similar=True)

    assert strict is None  # a form asks again rather than guess
    assert loose is not None
    assert loose.method == "similar"
    assert loose.code == "patient_care"
    assert 0.4 <= loose.confidence < 0.62


def test_resolution_counts_every_phrase_exact_fuzzy_similar_or_none(taxonomy):
    phrases = taxonomy.skill_phrases(
        ["Electrical wiring", "electrcal wirring", "Patientvare", "honest", ""]
    )

    assert phrases.methods == {"exact": 1, "fuzzy": 1, "similar": 1, "none": 1}
    assert phrases.codes == frozenset({"electrical_wiring"})
    assert phrases.similar == (("Patientvare", "patient_care", pytest.approx(0.611, abs=0.01)),)
    assert phrases.unresolved == ("honest",)


def test_an_unresolved_phrase_still_contributes_and_the_explanation_says_similar_to(taxonomy):
    vacancy = VacancyRecord(
        id="v",
        occupation="3221",
        required_skills=frozenset({"patient_care", "first_aid"}),
        governorate="muscat",
    )
    phrases = taxonomy.skill_phrases(["first aid", "Patientvare"])
    with_phrase = JobseekerRecord(
        id="a",
        occupations=("3221",),
        skills=phrases.codes,
        similar=phrases.similar,
        governorate="muscat",
    )
    without = JobseekerRecord(
        id="b", occupations=("3221",), skills=phrases.codes, governorate="muscat"
    )

    scored = explain_match(vacancy=vacancy, jobseeker=with_phrase, taxonomy=taxonomy)
    plain = explain_match(vacancy=vacancy, jobseeker=without, taxonomy=taxonomy)

    assert scored.score > plain.score
    required = scored.factor(rules.REQUIRED_SKILLS)
    assert required.facts["similar"][0]["skill"] == "patient_care"
    assert "patient_care" in scored.missing_skills  # still what training should close
    with translation.override("en"):
        text = describe_factor(required, taxonomy=taxonomy, language="en")
    assert "“Patientvare” is similar to" in text
    assert "counted in part" in text


def test_the_ranker_agrees_with_the_explanation_on_similar_and_verified_skills(taxonomy):
    from jobseekers.matching.engine import MatchIndex

    vacancy = VacancyRecord(
        id="v", occupation="3221", required_skills=frozenset({"patient_care", "first_aid"})
    )
    people = [
        JobseekerRecord(
            id="similar",
            occupations=("3221",),
            skills=frozenset({"first_aid"}),
            similar=(("Patientvare", "patient_care", 0.61),),
        ),
        JobseekerRecord(
            id="verified",
            occupations=("3221",),
            skills=frozenset({"first_aid", "patient_care"}),
            verified=frozenset({"first_aid", "patient_care"}),
        ),
        JobseekerRecord(
            id="claimed", occupations=("3221",), skills=frozenset({"first_aid", "patient_care"})
        ),
    ]
    ranking = MatchIndex(jobseekers=people, taxonomy=taxonomy).candidates_for(vacancy, k=3)

    assert ranking.ids == ("verified", "claimed", "similar")
    for score, explanation in zip(ranking.scores, ranking.explanations(), strict=True):
        assert score == pytest.approx(explanation.score, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Mucsat", "muscat"),  # two letters swapped
        ("Musanmd", "musandam"),
        ("البرميي", "al_buraimi"),
        ("مسنمد", "musandam"),
        ("الشرقية", None),  # north or south: a close call is no answer
    ],
)
def test_a_governorate_two_slips_away_resolves_when_one_code_is_clearly_nearest(
    taxonomy, text, code
):
    found = taxonomy.resolve("governorate", text)

    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ضافر", "dhofar"),  # ظ typed as ض, and two letters swapped
        ("مصكط", "muscat"),  # ص for س and ك for ق: letters confused by sound
        ("مسكطات", "muscat"),  # and a plural ending nobody writes for a place
        ("شال الشركية", "north_ash_sharqiyah"),  # a letter dropped, ك for ق
        ("الشركية", None),  # still north or south: no answer
    ],
)
def test_a_governorate_a_sound_and_a_slip_away_resolves_when_one_code_is_clearly_nearest(
    taxonomy, text, code
):
    found = taxonomy.resolve("governorate", text)

    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("البقالوريوص", "bachelor"),  # ق for ك, ص for س
        ("دبلم بعد السانوية", "diploma"),  # a letter dropped, س for ث
        ("matser", "master"),  # two letters swapped
        ("دبلوم التعليم ارعام", "secondary"),  # the general education diploma, one slip
    ],
)
def test_an_education_level_a_sound_and_a_slip_away_resolves(taxonomy, text, code):
    found = taxonomy.resolve("education", text)

    assert (found.code if found else None) == code


def test_the_wilayat_file_lists_omans_61_wilayat_under_its_eleven_governorates(taxonomy):
    rows = loading.wilayat_rows()
    per_governorate = Counter(row["governorate"] for row in rows)

    assert len(rows) == 61
    assert set(per_governorate) == set(taxonomy.governorates)
    assert per_governorate["dhofar"] == 10
    assert per_governorate["ad_dakhiliyah"] == 8
    assert all(row["name_en"] and row["name_ar"] for row in rows)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Rakhyut", "dhofar"),  # a wilayah, in English
        ("منح", "ad_dakhiliyah"),  # in Arabic
        ("Jazer", "al_wusta"),  # without its article
        ("ولاية مدحاء", "musandam"),  # with the word for wilayah
        ("Wilayat Wadi Al Maawil", "south_al_batinah"),
        ("Jaalan Bani Bu Hassan, Oman", "south_ash_sharqiyah"),  # with the country
        ("دماء والطائيين - سلطنة عمان", "north_ash_sharqiyah"),
        ("الظاهرة، سلطنة عمان", "ad_dhahirah"),  # a governorate with the country
        ("Dhofar Governorate, Sultanate of Oman", "dhofar"),
        ("عمان", None),  # the country alone names no governorate
    ],
)
def test_a_wilayah_or_a_place_with_its_country_names_its_governorate(taxonomy, text, code):
    found = taxonomy.resolve("governorate", text)

    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("mtarah", "muscat"), ("Musanffam", "musandam"), ("الصوطى", "al_wusta")],
)
def test_the_wilayat_do_not_make_a_misspelt_governorate_a_close_call(taxonomy, text, code):
    found = taxonomy.resolve("governorate", text)

    assert (found.code if found else None) == code


@pytest.mark.django_db
def test_the_taxonomy_from_the_database_knows_the_wilayat_too():
    from taxonomy.selectors import taxonomy_from_database, taxonomy_reset

    taxonomy_reset()
    found = taxonomy_from_database().resolve("governorate", "ولاية صحم")

    assert found is not None
    assert found.code == "north_al_batinah"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ولابة السيب", "muscat"),  # the word for wilayah with a dot slipped
        ("Nizwa, Omna", "ad_dakhiliyah"),  # the country with two letters swapped
        ("صلالة - سلطنه عمان", "dhofar"),
    ],
)
def test_a_place_word_one_slip_away_is_still_dropped(taxonomy, text, code):
    found = taxonomy.resolve("governorate", text)

    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("grade 9", "primary"),  # a school grade before the last is basic education
        ("11th grade", "primary"),
        ("grade 12", "secondary"),  # the last ends with the General Education Diploma
        ("الصف الثاني عشر", "secondary"),
        ("الصف الرابع", "primary"),
        ("3 year diploma", "diploma"),  # a duration says how long, not which level
        ("Higher National Diploma", "diploma"),  # abbreviations and degree names as written
        ("BBA", "bachelor"),
        ("LLM", "master"),
        ("no qualification", "none"),
        ("bachelor of commerce", "bachelor"),  # a qualification then its field
        ("دكتوراه في الهندسة", "doctorate"),
        ("degree master's", "master"),  # a first word naming another level does not decide
        ("grade 14", None),  # no such grade
    ],
)
def test_an_education_as_people_write_it_names_its_level(taxonomy, text, code):
    found = taxonomy.resolve("education", text)

    assert (found.code if found else None) == code


@pytest.mark.django_db
def test_the_taxonomy_from_the_database_knows_education_as_written_too():
    from taxonomy.selectors import taxonomy_from_database, taxonomy_reset

    taxonomy_reset()
    found = taxonomy_from_database().resolve("education", "HND")

    assert found is not None
    assert found.code == "diploma"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("proficient in MS Excel", "ms_excel"),  # framing words before the skill
        ("welding skills", "arc_welding"),  # after it
        ("first aid (5 years)", None),  # how long: checked against the bare skill below
        ("إلمام بالمحاسبة المالية", None),  # an attached preposition, the article again
        ("basic life support", "bls_cpr"),  # part of a skill's name: not taken away
    ],
)
def test_framing_words_around_a_skill_do_not_keep_it_from_resolving(taxonomy, text, code):
    found = taxonomy.resolve("skill", text)
    expected = code
    if expected is None:  # the same skill as the phrase without its framing words
        bare = {"first aid (5 years)": "first aid", "إلمام بالمحاسبة المالية": "المحاسبة المالية"}
        expected = taxonomy.resolve("skill", bare[text]).code

    assert found is not None
    assert found.code == expected
    assert found.method in ("exact", "fuzzy")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("لحام welding", "arc_welding"),  # the Arabic label and the English one together
        ("رعاية patient care", "patient_care"),  # an Arabic head word and the English label
        ("Excel اكسل", "ms_excel"),
    ],
)
def test_a_phrase_in_two_scripts_is_read_script_by_script(taxonomy, text, code):
    found = taxonomy.resolve("skill", text)

    assert found is not None
    assert found.code == code
