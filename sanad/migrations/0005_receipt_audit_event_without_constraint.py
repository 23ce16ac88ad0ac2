"""A Sanad receipt's audit event is linked without a database constraint: the audit trail is
about to be partitioned by month (core 0006, which this runs before)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_audit_pseudonymise_procedure'),
        ('sanad', '0004_membership_suspended_by'),
    ]

    run_before = [("core", "0006_partition_audit_trail")]

    operations = [
        migrations.AlterField(
            model_name='sanadreceipt',
            name='audit_event',
            field=models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='sanad_receipt', to='core.auditevent'),
        ),
    ]
