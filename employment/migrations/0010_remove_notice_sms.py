"""The single notice message of a case is replaced by its WorkerNotice (0009)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("employment", "0009_verified_contact_and_proofs"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='abscondingreport',
            name='notice_sms',
        ),
        migrations.RemoveField(
            model_name='termination',
            name='notice_sms',
        ),
    ]
