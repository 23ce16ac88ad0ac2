"""The scan log becomes a table partitioned by month of the scan (core.partitions, ADR 0024):
the primary key becomes (id, scanned_at); nothing refers to it by a constraint."""

from django.db import migrations

from core.partitions import table_partition_by_month


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        table_partition_by_month(cursor, "workstatus_scanlog", "scanned_at")


class Migration(migrations.Migration):
    dependencies = [("workstatus", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
