"""Experience and willingness to move as people write them in an imported file or a job
advertisement: read into the years and the yes the matcher compares (issue 24)."""

from __future__ import annotations

import datetime

import pytest

from jobseekers.matching import MatchIndex
from jobseekers.matching.dataset import RawDataset, map_dataset
from jobseekers.matching.written import willing_written, years_written
from taxonomy.resolve import taxonomy_from_files

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(scope="module")
def taxonomy():
    return taxonomy_from_files()


@pytest.mark.parametrize(
    ("written", "years"),
    [
        (4, 4.0),
        (2.5, 2.5),
        ("3", 3.0),
        ("0", 0.0),
        ("3 yrs", 3.0),
        ("3yrs", 3.0),
        ("Experience: 4 years", 4.0),
        ("3 years in welding", 3.0),
        ("3.5 years", 3.5),
        ("1,5 years", 1.5),
        ("one year", 1.0),
        ("three", 3.0),
        ("twenty five years", 25.0),
        ("a couple of years", 2.0),
        ("a decade", 10.0),
        ("18 months", 1.5),
        ("2 years 6 months", 2.5),
        ("1 year and 6 months", 1.5),
        ("a year and a half", 1.5),
        ("half a year", 0.5),
        # a range is its lower end; "more than" its number; "less than" the whole years below
        ("2-3 years", 2.0),
        ("2 – 3 years", 2.0),
        ("3 or 4 years", 3.0),
        ("two to three years", 2.0),
        ("6 months to 1 year", 0.5),
        ("from 2 years to 3 years", 2.0),
        ("3-5 yrs exp.", 3.0),
        ("10+ yrs", 10.0),
        ("four (4) years", 4.0),
        ("5+", 5.0),
        ("+5 years", 5.0),
        ("more than 5 years", 5.0),
        ("less than 3 years", 2.0),
        ("less than a year", 0.0),
        ("fresh graduate", 0.0),
        ("no experience", 0.0),
        ("none", 0.0),
        ("since 2019", 7.0),
        ("2018-2023", 5.0),
        ("2019 to present", 7.0),
        # Arabic: digits of both kinds, words, duals, the accusative, the article's absence
        ("٧ سنوات خبرة", 7.0),
        ("7سنوات", 7.0),
        ("١٠ سنوات", 10.0),
        ("٣٫٥ سنوات", 3.5),
        ("سنتين", 2.0),
        ("سنتان", 2.0),
        ("عامين", 2.0),
        ("سنة", 1.0),
        ("سنة واحدة", 1.0),
        ("ثلاث", 3.0),
        ("عشر سنوات", 10.0),
        ("خمسة عشر عاماً", 15.0),
        ("ثمانية عشر شهراً", 1.5),
        ("ستة أشهر", 0.5),
        ("نصف سنة", 0.5),
        ("سنة ونصف", 1.5),
        ("وخمس سنوات", 5.0),
        ("خبرة لا تقل عن ثلاث سنوات", 3.0),
        ("أكثر من ٥ سنوات", 5.0),
        ("أقل من سنة", 0.0),
        ("من 2 الى 3 سنوات", 2.0),
        ("خبرة ٣-٥ سنوات", 3.0),
        ("سنة إلى سنتين", 1.0),
        ("بين 2 و 3 سنوات", 2.0),
        ("منذ 2015", 11.0),
        ("حديث التخرج", 0.0),
        ("بدون خبرة", 0.0),
    ],
)
def test_experience_written_is_read_as_years(written, years):
    assert years_written(written, today=TODAY) == years


@pytest.mark.parametrize(
    "written",
    [None, "", "n/a", "abc", "several years", "years of experience", "2019", "100 years", True],
)
def test_what_names_no_quantity_stays_unknown(written):
    assert years_written(written, today=TODAY) is None


@pytest.mark.parametrize(
    ("written", "willing"),
    [
        (True, True),
        ("yes", True),
        ("Yes", True),
        ("Y", True),
        ("نعم", True),
        ("مستعد", True),
        (1, True),
        (False, False),
        (None, False),
        ("no", False),
        ("لا", False),
        ("maybe", False),
    ],
)
def test_willingness_to_move_written(written, willing):
    assert willing_written(written) is willing


def test_a_file_with_experience_in_words_ranks_who_meets_the_minimum_first(taxonomy):
    # given a vacancy asking for three years in Arabic words, and two welders: one with five
    # years written "5 yrs", one with one year written "سنة واحدة"
    skills = ["welding", "arc welding"]
    raw = RawDataset(
        vacancies=[
            {
                "type": "vacancy",
                "id": "v",
                "isco": "7212",
                "skills": skills,
                "governorate": "muscat",
                "years_experience": "خبرة لا تقل عن ثلاث سنوات",
            }
        ],
        jobseekers=[
            {
                "type": "jobseeker",
                "id": "junior",
                "isco": "7212",
                "skills": skills,
                "governorate": "muscat",
                "years_experience": "سنة واحدة",
            },
            {
                "type": "jobseeker",
                "id": "senior",
                "isco": "7212",
                "skills": skills,
                "governorate": "muscat",
                "years_experience": "5 yrs",
                "willing_to_relocate": "نعم",
            },
        ],
    )

    # when
    mapped = map_dataset(raw, taxonomy)
    index = MatchIndex(jobseekers=mapped.jobseekers, taxonomy=taxonomy)
    ranking = index.candidates_for(mapped.vacancies[0], k=2)

    # then the minimum, both years and the yes were read, nothing counted unresolved, and the
    # one who meets the minimum comes first
    assert mapped.vacancies[0].years_min == 3.0
    assert {j.id: j.years_experience for j in mapped.jobseekers} == {
        "junior": 1.0,
        "senior": 5.0,
    }
    assert mapped.unresolved["years"] == 0
    assert [j.willing_to_relocate for j in mapped.jobseekers] == [False, True]
    assert ranking.ids == ("senior", "junior")
