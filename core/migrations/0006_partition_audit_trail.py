"""The audit trail becomes a table partitioned by month of `occurred_at` (core.partitions).

Rows, indexes, foreign keys, the id's sequence and the append-only trigger are kept; the
trigger is defined on the partitioned table, so PostgreSQL clones it onto every partition,
including those made later. The primary key becomes (id, occurred_at). The one reference into
the trail (a Sanad receipt's event) was made constraint-free first (sanad 0005 runs before).

The trigger learns one more exception, for `core.partitions.partition_create`: a row may leave
the DEFAULT partition when the session names (`portal.partition_move_to`) the table that already
holds an identical copy of it, which is how a month's partition takes in the rows the default
partition caught. Nothing else is ever deleted; the pseudonymising UPDATE is unchanged (0005).
"""

from django.db import migrations

from core.partitions import table_partition_by_month

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION core_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    move_to text := coalesce(current_setting('portal.partition_move_to', true), '');
    kept boolean;
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('portal.audit_pseudonymise', true) = 'on'
       AND NEW.id = OLD.id
       AND NEW.action = OLD.action
       AND NEW.occurred_at = OLD.occurred_at
       AND NEW.object_type = OLD.object_type
       AND NEW.object_id = OLD.object_id
       AND NEW.request_id = OLD.request_id
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.subject_id IS NOT DISTINCT FROM OLD.subject_id
       AND NEW.on_behalf_of_id IS NOT DISTINCT FROM OLD.on_behalf_of_id
    THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'core_auditevent_default' AND move_to <> '' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I AS copy WHERE copy.id = $1 '
                       'AND to_jsonb(copy) = $2)', move_to)
            INTO kept USING OLD.id, to_jsonb(OLD);
        IF kept THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(TRIGGER_FUNCTION)
        table_partition_by_month(cursor, "core_auditevent", "occurred_at")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_pseudonymise_procedure")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
