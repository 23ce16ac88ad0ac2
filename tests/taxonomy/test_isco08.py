"""The shipped ISCO-08 classification: complete, well formed, bilingual and searchable."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from taxonomy.loading import isco08_rows
from taxonomy.models import Occupation
from taxonomy.selectors import unit_group_codes, unit_group_list

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")

# Unit groups the demo data names.
DEMO_CODES = [
    "1120",
    "1211",
    "1324",
    "2411",
    "2512",
    "2142",
    "3115",
    "3313",
    "4110",
    "4311",
    "5120",
    "5223",
    "7112",
    "7126",
    "7231",
    "8322",
    "8332",
    "9313",
    "9112",
]


def test_every_level_holds_exactly_the_published_number_of_groups():
    counts = Counter(Occupation.objects.values_list("level", flat=True))

    assert counts == {
        Occupation.Level.MAJOR: 10,
        Occupation.Level.SUB_MAJOR: 43,
        Occupation.Level.MINOR: 130,
        Occupation.Level.UNIT: 436,
    }


def test_levels_match_code_lengths_and_major_group_zero_is_the_armed_forces():
    for code, level in Occupation.objects.values_list("code", "level"):
        assert len(code) == level, code
        assert code.isdigit(), code

    armed_forces = Occupation.objects.get(code="0")
    assert armed_forces.title_en == "Armed forces occupations"
    assert armed_forces.parent is None


def test_every_group_below_a_major_group_hangs_from_its_code_minus_the_last_digit():
    by_id = {o.pk: o for o in Occupation.objects.all()}

    for occupation in by_id.values():
        if occupation.level == Occupation.Level.MAJOR:
            assert occupation.parent_id is None, occupation.code
        else:
            assert occupation.parent_id is not None, occupation.code
            assert by_id[occupation.parent_id].code == occupation.code[:-1], occupation.code


def test_every_group_above_the_unit_level_has_children():
    parents = set(Occupation.objects.exclude(parent=None).values_list("parent__code", flat=True))
    upper = set(
        Occupation.objects.exclude(level=Occupation.Level.UNIT).values_list("code", flat=True)
    )

    assert upper <= parents


def test_titles_are_in_the_right_script():
    for code, title_en, title_ar in Occupation.objects.values_list("code", "title_en", "title_ar"):
        assert ARABIC.search(title_ar), code
        assert not LATIN.search(title_ar), code
        assert LATIN.search(title_en), code
        assert not ARABIC.search(title_en), code


def test_no_code_appears_twice_in_the_file():
    codes = [row["code"] for row in isco08_rows()]

    assert len(codes) == len(set(codes))


def test_official_english_titles_of_a_few_well_known_groups():
    titles = dict(
        Occupation.objects.filter(code__in=["1120", "7411", "9313", "0110"]).values_list(
            "code", "title_en"
        )
    )

    assert titles == {
        "1120": "Managing directors and chief executives",
        "7411": "Building and related electricians",
        "9313": "Building construction labourers",
        "0110": "Commissioned armed forces officers",
    }


def test_the_demo_codes_are_unit_groups():
    units = set(
        Occupation.objects.filter(code__in=DEMO_CODES, level=Occupation.Level.UNIT).values_list(
            "code", flat=True
        )
    )

    assert units == set(DEMO_CODES)


def test_unit_group_codes_lists_all_436_unit_groups():
    codes = unit_group_codes()

    assert len(codes) == 436
    assert all(len(code) == 4 for code in codes)
    assert set(DEMO_CODES) <= codes


def test_unit_group_search_finds_electricians_in_english_and_in_arabic():
    english = list(unit_group_list(search="electric").values_list("code", flat=True))
    arabic = list(unit_group_list(search="كهربائي").values_list("code", flat=True))

    assert "7411" in english
    assert any(code.startswith("7") for code in arabic)


def test_unit_group_search_by_code_prefix_returns_only_unit_groups():
    found = list(unit_group_list(search="741").values_list("code", flat=True))

    assert found == ["7411", "7412", "7413"]


def test_the_shipped_file_holds_619_rows_with_no_blank_titles():
    rows = isco08_rows()

    assert len(rows) == 619
    for row in rows:
        assert set(row) == {"code", "title_en", "title_ar"}
        assert row["title_en"].strip(), row["code"]
        assert row["title_ar"].strip(), row["code"]
        assert row["title_en"] == row["title_en"].strip(), row["code"]
        assert row["title_ar"] == row["title_ar"].strip(), row["code"]
