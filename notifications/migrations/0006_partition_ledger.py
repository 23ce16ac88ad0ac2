"""The SMS ledger becomes a table partitioned by month of its creation (core.partitions): rows,
indexes, foreign keys and the id's sequence are kept, the primary key becomes (id, created_at).
The references into it were made constraint-free first (0005, and employment 0012 runs before
this one)."""

from django.db import migrations

from core.partitions import table_partition_by_month


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        table_partition_by_month(cursor, "notifications_smsmessage", "created_at")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0005_ledger_keys_apart")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
