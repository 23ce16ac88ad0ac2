from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.loading import load_skills, load_synonyms

    load_skills(
        skill_model=apps.get_model("taxonomy", "Skill"),
        occupation_model=apps.get_model("taxonomy", "Occupation"),
        link_model=apps.get_model("taxonomy", "OccupationSkill"),
    )
    load_synonyms(synonym_model=apps.get_model("taxonomy", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_skills_and_synonyms")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
