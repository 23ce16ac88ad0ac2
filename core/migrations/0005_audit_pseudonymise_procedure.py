"""The one way to change audit events: pseudonymise the personal fields of a person whose data
is past its retention (core.retention), by a database procedure.

The append-only trigger still refuses every UPDATE and DELETE, except an UPDATE made inside
`core_audit_pseudonymise(person_id, token)`: that function sets a transaction-local flag the
trigger reads, and the trigger then lets through only a change of the personal fields
(`actor_label`, `object_repr`, `before`, `after`, `ip_address`); the action, the time, the
object's type and id, the request id and the links to the people stay. A plain UPDATE, even
with the flag set by hand, cannot change anything else.

    SELECT core_audit_pseudonymise(42, 'pseudonymised:7f3a9c');  -- the events changed

Events already pseudonymised (their object_repr starts with 'pseudonymised:') are left alone.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION core_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
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
    RAISE EXCEPTION 'audit events are append-only: % refused on core_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE FUNCTION core_audit_pseudonymise(p_person bigint, p_token text)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    changed integer;
BEGIN
    PERFORM set_config('portal.audit_pseudonymise', 'on', true);
    UPDATE core_auditevent SET
        actor_label = CASE WHEN actor_id = p_person OR actor_label <> '' THEN p_token
                           ELSE actor_label END,
        object_repr = p_token,
        before = CASE WHEN before IS NULL THEN NULL
                      ELSE jsonb_build_object('pseudonymised', true) END,
        after = CASE WHEN after IS NULL THEN NULL
                     ELSE jsonb_build_object('pseudonymised', true) END,
        ip_address = NULL
    WHERE (subject_id = p_person OR on_behalf_of_id = p_person OR actor_id = p_person)
      AND object_repr NOT LIKE 'pseudonymised:%';
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM set_config('portal.audit_pseudonymise', 'off', true);
    RETURN changed;
END;
$$;
"""

REVERSE = """
DROP FUNCTION IF EXISTS core_audit_pseudonymise(bigint, text);
CREATE OR REPLACE FUNCTION core_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on core_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0004_first_retention_rules")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
