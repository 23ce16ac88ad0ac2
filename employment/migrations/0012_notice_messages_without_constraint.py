"""A notice's text messages are linked without a database constraint: the SMS ledger is about
to be partitioned by month (notifications 0006, which this runs before)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('employment', '0011_rule_sets_drafted_by_staff'),
        ('notifications', '0005_ledger_keys_apart'),
    ]

    run_before = [("notifications", "0006_partition_ledger")]

    operations = [
        migrations.AlterField(
            model_name='workernotice',
            name='messages',
            field=models.ManyToManyField(blank=True, db_constraint=False, related_name='+', to='notifications.smsmessage', verbose_name='text messages'),
        ),
    ]
