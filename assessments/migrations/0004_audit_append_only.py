"""Audit events are append-only in the database too, not only in the application.

PostgreSQL: a trigger refuses UPDATE and DELETE of any row, whatever role runs it (TRUNCATE, used
by test teardown and by an operator purging a database on purpose, is not a row operation).
SQLite: a trigger refuses UPDATE (DELETE stays possible, since Django's test flush uses it).
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION trustcheck_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'audit events are append-only (' || TG_OP || ' refused)',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS trustcheck_audit_append_only ON assessments_auditevent;
CREATE TRIGGER trustcheck_audit_append_only
    BEFORE UPDATE OR DELETE ON assessments_auditevent
    FOR EACH ROW EXECUTE FUNCTION trustcheck_audit_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS trustcheck_audit_append_only ON assessments_auditevent;
DROP FUNCTION IF EXISTS trustcheck_audit_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS trustcheck_audit_no_update
BEFORE UPDATE ON assessments_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS trustcheck_audit_no_update;"


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_failed_login")]

    operations = [migrations.RunPython(up, down, elidable=False)]
