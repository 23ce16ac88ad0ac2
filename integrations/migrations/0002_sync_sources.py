"""One sync source per government entity, each starting at the beginning of its feed."""

from django.db import migrations

ENTITIES = (
    "commerce_registry",
    "social_insurance",
    "wage_protection",
    "passport_directorate",
    "health_ministry",
    "chamber_of_commerce",
)


def create_sources(apps, schema_editor):
    SyncSource = apps.get_model("integrations", "SyncSource")
    for entity in ENTITIES:
        SyncSource.objects.get_or_create(entity=entity)


class Migration(migrations.Migration):
    dependencies = [("integrations", "0001_initial")]

    operations = [migrations.RunPython(create_sources, migrations.RunPython.noop)]
