"""Payments are written once and updated once (the night their settlement is reconciled). With
pages left half empty, that one update of the day's payments is a heap-only (HOT) update that
touches none of the table's seven indexes (PERFORMANCE.md: a 1M-row UPDATE 3.8 s at fillfactor
45 against 6.3 s at 100 with one index; with seven, the full pages cost 6 times more here)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_sequence_templates_first_rules")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE payments_payment SET (fillfactor = 45)",
            "ALTER TABLE payments_payment RESET (fillfactor)",
        ),
    ]
