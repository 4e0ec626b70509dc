"""The interim bilans of each school year, as data (sources: docs/pacte-regles.md).

2025-2026: two interim bilans sent to the rectorat, « en janvier et en avril » (the BO n° 37 of
2 October 2025 as presented by a union): the last working day of each month is entered, so that
the reminders leave in time; the academy adjusts it. 2026-2027: no text yet, 2025-2026's pattern
is copied. 2023-2024 and 2024-2025 had none.
"""

import datetime

from django.db import migrations

INTERIM_REPORTS = {
    "2025-2026": ("2026-01-30", "2026-04-30"),
    "2026-2027": ("2027-01-29", "2027-04-30"),
}


def load(apps, schema_editor):
    SchoolYear = apps.get_model("pacte", "SchoolYear")
    for label, (first, second) in INTERIM_REPORTS.items():
        SchoolYear.objects.filter(label=label, first_interim_report_on=None).update(
            first_interim_report_on=datetime.date.fromisoformat(first),
            second_interim_report_on=datetime.date.fromisoformat(second),
        )


def unload(apps, schema_editor):
    apps.get_model("pacte", "SchoolYear").objects.filter(label__in=INTERIM_REPORTS).update(
        first_interim_report_on=None, second_interim_report_on=None
    )


class Migration(migrations.Migration):
    dependencies = [("pacte", "0012_school_year_interim_reports")]

    operations = [migrations.RunPython(load, unload)]
