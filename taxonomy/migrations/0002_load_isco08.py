from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.loading import load_isco08

    load_isco08(apps.get_model("taxonomy", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
