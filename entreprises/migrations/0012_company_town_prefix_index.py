"""A prefix index on the companies' town, upper-cased, for PostgreSQL.

The directory's « Commune » and the specialisation requests' « Commune de l’entreprise » filter
by the start of the town, case ignored (`town__istartswith`: `UPPER(town) LIKE 'LYON%'`). At
national size (100,000 companies) that was a scan of the whole table, 17 to 60 ms a request;
with this index, 1 to 5 ms. Django cannot declare an operator class on an expression in a way
SQLite accepts, and SQLite (the demo) has no use for it: the index is made on PostgreSQL only.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS company_town_upper_prefix "
    "ON entreprises_company (UPPER(town) text_pattern_ops)"
)
DROP = "DROP INDEX IF EXISTS company_town_upper_prefix"


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("entreprises", "0011_company_position_precision"),
    ]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
