"""The SMS status history (one row per step of every message: the relay, the receipts, the
sweeper) becomes a table partitioned by month (core.partitions): the old table's rows are
copied into monthly partitions from its first month to three months ahead, with a DEFAULT
partition for anything else; the primary key becomes (id, occurred_at), as PostgreSQL asks of a
partitioned table, and the id keeps counting where it was. The model does not change: Django
still reads and writes rows by id, which the identity sequence keeps unique."""

from django.db import migrations

FORWARD = r"""
ALTER TABLE notifications_smsstatusevent RENAME TO notifications_smsstatusevent_old;

CREATE TABLE notifications_smsstatusevent (
    LIKE notifications_smsstatusevent_old INCLUDING DEFAULTS INCLUDING IDENTITY
) PARTITION BY RANGE (occurred_at);

CREATE TABLE notifications_smsstatusevent_default
    PARTITION OF notifications_smsstatusevent DEFAULT;

DO $$
DECLARE
    first_month date := date_trunc('month', COALESCE(
        (SELECT min(occurred_at) FROM notifications_smsstatusevent_old), now()))::date;
    last_month date := (date_trunc('month', now()) + interval '3 months')::date;
    m date;
BEGIN
    m := first_month;
    WHILE m <= last_month LOOP
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF notifications_smsstatusevent FOR VALUES FROM (%L) TO (%L)',
            'notifications_smsstatusevent_p' || to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date
        );
        m := (m + interval '1 month')::date;
    END LOOP;
END $$;

INSERT INTO notifications_smsstatusevent SELECT * FROM notifications_smsstatusevent_old;
SELECT setval(
    pg_get_serial_sequence('notifications_smsstatusevent', 'id'),
    COALESCE((SELECT max(id) FROM notifications_smsstatusevent), 0) + 1,
    false
);
DROP TABLE notifications_smsstatusevent_old;

ALTER TABLE notifications_smsstatusevent ADD PRIMARY KEY (id, occurred_at);
ALTER TABLE notifications_smsstatusevent
    ADD CONSTRAINT notifications_smssta_message_id_ede56203_fk_notificat
    FOREIGN KEY (message_id) REFERENCES notifications_smsmessage (id)
    DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX notifications_smsstatusevent_occurred_at_3249985e
    ON notifications_smsstatusevent (occurred_at);
CREATE INDEX notifications_smsstatusevent_message_id_ede56203
    ON notifications_smsstatusevent (message_id);
"""


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_security_template_changes")]

    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
