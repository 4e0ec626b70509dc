"""PostgreSQL's planner told that a random read costs little more than a sequential one.

The default `random_page_cost = 4` is for spinning disks; on SSDs and with the portal's working
set in memory, 1.1 is the usual setting (PostgreSQL's documentation, « Planner Cost
Constants »). With 4, the académie's partnerships filtered by one lycée (600 of 300,000) were
read by walking the 100,000 companies in name order in two parallel workers, probing each for a
partnership of that lycée (31 ms, bench/lists.py) instead of reading the lycée's 600 rows and
sorting them (0.9 ms). Set on the database (`ALTER DATABASE … SET`), so that it holds for every
new session, through a connection pooler too; a database role that may not alter its database
keeps the server's value (a notice, not a failure). SQLite has no planner costs.
"""

from django.db import migrations

# ALTER DATABASE needs its name, which only dynamic SQL gives; `{}`: SET … or RESET ….
ALTER = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I {}', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'random_page_cost unchanged: this role may not alter its database';
END $$;
"""
SET = ALTER.format("SET random_page_cost = 1.1")
RESET = ALTER.format("RESET random_page_cost")


def _run(schema_editor, sql: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)  # no parameters: format()'s %I is PostgreSQL's, not a placeholder


def forwards(apps, schema_editor):
    _run(schema_editor, SET)


def backwards(apps, schema_editor):
    _run(schema_editor, RESET)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
