"""The shipped skills list, its links to occupations and synonyms, and the free-text resolver."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from employers.models import Governorate
from taxonomy.loading import (
    education_rows,
    esco_synonym_rows,
    governorate_rows,
    occupation_skill_rows,
    skill_rows,
    synonym_rows,
)
from taxonomy.models import EducationLevel, Occupation, OccupationSkill, Skill, Synonym
from taxonomy.resolve import fuzzy_cutoff, taxonomy_from_files
from taxonomy.selectors import skills_for_occupation, taxonomy_from_database, taxonomy_reset
from taxonomy.text import match_key, normalize, script_of

ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture
def taxonomy():
    return taxonomy_from_files()


class TestNormalize:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("كَهْرَبَائِيّ", "كهربايي"),  # diacritics, hamza seat
            ("الكهربـــاء", "الكهرباء"),  # tatweel
            ("إدارة", "اداره"),  # alef with hamza, taa marbuta
            ("أمين مستشفى", "امين مستشفي"),  # alef maqsura
            ("٣ سنوات", "3 سنوات"),  # Arabic-Indic digits
            ("  Electrician!! ", "electrician"),
            ("C# and .NET", "c# and net"),
        ],
    )
    def test_unifies_spellings(self, text, expected):
        assert normalize(text) == expected

    def test_is_idempotent_and_drops_the_arabic_article_for_lookup(self):
        assert normalize(normalize("الـكَهرباء")) == normalize("الـكَهرباء")
        assert match_key("الكهرباء") == match_key("كهرباء")

    def test_script_of(self):
        assert script_of("كهربائي") == "ar"
        assert script_of("electrician") == "en"
        assert script_of("كهربائي electrician") == "mixed"
        assert script_of("7411") == ""


class TestShippedFiles:
    def test_a_few_hundred_skills_with_both_labels_and_stable_codes(self):
        rows = skill_rows()

        assert len(rows) >= 300
        codes = [row["code"] for row in rows]
        assert len(codes) == len(set(codes))
        for row in rows:
            assert re.fullmatch(r"[a-z0-9_]+", row["code"]), row
            assert row["label_en"], row
            assert not ARABIC.search(row["label_en"]), row
            assert ARABIC.search(row["label_ar"]), row

    def test_links_name_known_skills_and_groups(self):
        skills = {row["code"] for row in skill_rows()}
        groups = set(taxonomy_from_files().occupations)

        for link in occupation_skill_rows():
            assert link["skill"] in skills, link
            assert link["isco"] in groups, link
            assert link["relation"] in {"essential", "optional"}, link

    def test_no_synonym_names_two_codes_of_one_kind(self):
        codes_by_key = defaultdict(set)
        for row in synonym_rows():
            codes_by_key[(row["kind"], match_key(row["text"]))].add(row["code"])

        ambiguous = {key: codes for key, codes in codes_by_key.items() if len(codes) > 1}
        assert ambiguous == {}

    def test_synonyms_exist_in_both_languages_for_every_kind(self):
        languages = defaultdict(set)
        for row in synonym_rows():
            languages[row["kind"]].add(row["language"])
            if row["language"] == "ar":
                assert ARABIC.search(row["text"]), row

        assert all(languages[kind] == {"en", "ar"} for kind in languages)
        assert set(languages) == {"skill", "occupation", "education", "governorate"}

    def test_education_levels_match_the_model_choices_in_order(self):
        assert [row["code"] for row in education_rows()] == list(EducationLevel.values)

    def test_the_eleven_governorates_match_the_register_and_borders_are_mutual(self):
        rows = {row["code"]: row for row in governorate_rows()}

        assert set(rows) == set(Governorate.values)
        for code, row in rows.items():
            for neighbour in row["neighbours"].split():
                assert code in rows[neighbour]["neighbours"].split(), (code, neighbour)


@pytest.mark.django_db
class TestLoadedByMigration:
    def test_skills_and_synonyms_are_in_the_database(self):
        assert Skill.objects.count() == len(skill_rows())
        shipped = len(synonym_rows()) + len(esco_synonym_rows())
        assert Synonym.objects.filter(shipped=True).count() == shipped

    def test_every_unit_group_has_required_skills(self):
        units_without = Occupation.objects.filter(level=Occupation.Level.UNIT).exclude(
            skill_links__relation=OccupationSkill.Relation.ESSENTIAL
        )

        assert list(units_without.values_list("code", flat=True)) == []

    @pytest.mark.parametrize(
        ("code", "skill"),
        [
            ("7411", "electrical_wiring"),
            ("7126", "plumbing_installation"),
            ("8322", "light_vehicle_driving"),
            ("5120", "food_preparation"),
            ("5131", "food_serving"),
            ("9112", "cleaning_techniques"),
            ("5223", "sales_techniques"),
            ("2411", "financial_accounting"),
            ("2142", "structural_design"),
            ("2512", "python"),
            ("2221", "patient_care"),
            ("7231", "engine_repair"),
            ("7212", "arc_welding"),
            ("5414", "security_patrolling"),
            ("4110", "office_administration"),
            ("2341", "lesson_planning"),
            ("3115", "mechanical_maintenance"),
            ("9313", "manual_handling"),
        ],
    )
    def test_common_unit_groups_require_their_trade(self, code, skill):
        links = {link.skill.code: link for link in skills_for_occupation(code=code)}

        assert links[skill].relation == OccupationSkill.Relation.ESSENTIAL
        assert links[skill].inherited_from == ""

    def test_a_unit_group_without_links_of_its_own_inherits_its_parents(self):
        # 7319 (handicraft workers n.e.c.) has no links of its own: sub-major 73 provides them
        links = list(skills_for_occupation(code="7319"))

        assert links
        assert {link.inherited_from for link in links} == {"73"}

    def test_the_database_taxonomy_includes_synonyms_staff_added(self):
        # given
        Synonym.objects.create(
            kind="skill", code="tiling", language="en", text="mosaic work", key="mosaic work"
        )
        taxonomy_reset()

        # when
        found = taxonomy_from_database().resolve("skill", "Mosaic Work")
        taxonomy_reset()

        # then
        assert found is not None
        assert found.code == "tiling"


class TestResolver:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("electrician", "7411"),
            ("Electrical Technician", "7411"),
            ("كهربائي", "7411"),
            ("كَهرَبائي", "7411"),
            ("electrican", "7411"),  # misspelt
            ("plumbr", "7126"),
            ("سباك", "7126"),
            ("heavy truck driver", "8332"),
            ("سائق ثقيل", "8332"),
            ("Cooks", "5120"),  # the ISCO title itself
            ("ممرضة", "2221"),
            ("7411", "7411"),
            ("٧٤١١", "7411"),  # Arabic-Indic digits
            ("741", "741"),  # a partial code names the minor group
            ("74", "74"),
            ("7419", "741"),  # not a unit group: its longest known prefix
            ("7411 electrician", "7411"),
        ],
    )
    def test_occupations(self, taxonomy, text, code):
        found = taxonomy.resolve("occupation", text)

        assert found is not None
        assert found.code == code

    @pytest.mark.parametrize(
        ("text", "code", "method"),
        [
            ("Electrical wiring", "electrical_wiring", "exact"),
            ("house wiring", "electrical_wiring", "exact"),
            ("التمديدات الكهربائية", "electrical_wiring", "exact"),
            ("تمديدات كهربائيه", "electrical_wiring", "exact"),
            ("electrical wirring", "electrical_wiring", "fuzzy"),
            ("Customer Servise", "customer_service", "fuzzy"),
            ("خدمه العملاء", "customer_service", "exact"),
            ("forklift", "forklift_operation", "exact"),
            ("الرافعه الشوكيه", "forklift_operation", "exact"),
            ("MS Excel", "ms_excel", "exact"),
        ],
    )
    def test_skills(self, taxonomy, text, code, method):
        found = taxonomy.resolve("skill", text)

        assert found is not None
        assert (found.code, found.method) == (code, method)

    @pytest.mark.parametrize("text", ["", "   ", "xyz blah", "cpx", "qwertyuiop asdf"])
    def test_unknown_text_resolves_to_nothing(self, taxonomy, text):
        assert taxonomy.resolve("skill", text) is None

    def test_short_words_must_be_spelt_exactly(self):
        assert fuzzy_cutoff("cnc") > 100
        assert fuzzy_cutoff("electrical wiring") < fuzzy_cutoff("plumb")

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("BSc", "bachelor"),
            ("بكالوريوس", "bachelor"),
            ("high scool", "secondary"),
            ("دبلوم التعليم العام", "secondary"),
            ("Diploma", "diploma"),
            ("دبلوم", "diploma"),
            ("PhD", "doctorate"),
            ("none", "none"),
            ("ماجستير", "master"),
        ],
    )
    def test_education(self, taxonomy, text, code):
        found = taxonomy.resolve("education", text)

        assert found is not None
        assert found.code == code

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Muscat", "muscat"),
            ("مسقط", "muscat"),
            ("Muscatt", "muscat"),
            ("Batinah North", "north_al_batinah"),
            ("شمال الباطنة", "north_al_batinah"),
            ("Sohar", "north_al_batinah"),
            ("Dhufar", "dhofar"),
            ("ظفار", "dhofar"),
            ("south_ash_sharqiyah", "south_ash_sharqiyah"),
        ],
    )
    def test_governorates(self, taxonomy, text, code):
        found = taxonomy.resolve("governorate", text)

        assert found is not None
        assert found.code == code

    def test_resolve_skills_reports_what_it_could_not_match(self, taxonomy):
        codes, unresolved = taxonomy.resolve_skills(["wiring", "كهرباء السيارات", "juggling", ""])

        assert codes == {"electrical_wiring", "auto_electrical"}
        assert unresolved == ["juggling"]

    def test_typical_skills_of_a_broad_group_come_from_its_units(self, taxonomy):
        required, optional = taxonomy.typical_skills("741")

        assert "electrical_troubleshooting" in required
        assert "electrical_wiring" in required | optional

    def test_an_occupation_is_inferred_from_skills(self, taxonomy):
        skills = frozenset({"electrical_wiring", "conduit_installation", "lighting_installation"})

        assert taxonomy.infer_occupation(skills) == "7411"
        assert taxonomy.infer_occupation(skills, within="83") is None

    def test_an_inferred_occupation_keeps_the_few_groups_the_skills_fit_best(self, taxonomy):
        skills = frozenset(
            {
                "electrical_wiring",
                "conduit_installation",
                "lighting_installation",
                "electrical_troubleshooting",
                "occupational_safety",
            }
        )

        guesses = taxonomy.infer_occupations(skills, limit=3)

        assert guesses == ("7411", "7412", "7421")
        assert taxonomy.infer_occupation(skills) == "7411"
        assert taxonomy.infer_occupations(frozenset({"electrical_wiring"}), limit=3) == ()
