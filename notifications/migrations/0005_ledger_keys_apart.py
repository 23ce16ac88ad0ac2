"""Before the SMS ledger is partitioned by month (0006): its unique indexes go (a partitioned
table cannot hold one without the month), the idempotency keys move to a table of their own
(filled from the ledger), and the status history's reference to a message is kept by the ORM.
The reference and the provider's id stay indexed."""

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_partition_status_history'),
    ]

    operations = [
        migrations.CreateModel(
            name='SmsIdempotencyKey',
            fields=[
                ('key', models.CharField(max_length=200, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
        ),
        migrations.AlterField(
            model_name='smsmessage',
            name='idempotency_key',
            field=models.CharField(db_index=True, max_length=200, verbose_name='idempotency key'),
        ),
        migrations.AlterField(
            model_name='smsmessage',
            name='provider_sid',
            field=models.CharField(blank=True, db_index=True, max_length=64, null=True, verbose_name='provider message id'),
        ),
        migrations.AlterField(
            model_name='smsmessage',
            name='public_id',
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='reference'),
        ),
        migrations.AlterField(
            model_name='smsstatusevent',
            name='message',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='notifications.smsmessage'),
        ),
        migrations.RunSQL(
            "INSERT INTO notifications_smsidempotencykey (key, created_at) "
            "SELECT idempotency_key, created_at FROM notifications_smsmessage",
            migrations.RunSQL.noop,
        ),
    ]
