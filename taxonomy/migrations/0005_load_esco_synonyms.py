"""Reload the shipped synonyms with the English labels ESCO lends (taxonomy.esco): about
22,500 occupation titles filed under the ISCO-08 unit groups the project knows. Synonyms
staff added are kept."""

from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.loading import load_synonyms

    load_synonyms(synonym_model=apps.get_model("taxonomy", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0004_load_skills_and_synonyms")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
