"""The LP options mission takes its official name from 2025-2026 (sources: docs/pacte-regles.md).

The arrêté of 8 September 2025, article 1, renames a line of the table of article 2-2 of the
arrêté of 15 January 1993: « Enseignement complémentaire en groupes d'effectifs réduits » becomes
« Intervention dans le cadre d'activités optionnelles dans la voie professionnelle », the name
the 2024 nomenclature (seed 002) already gives to the options activities (codage,
entrepreneuriat, LV2, art oratoire, philosophie…), the portal's ``lp-faf-options``. Only the
2025-2026 and 2026-2027 rows still carrying the portal's former title change: an administrator's
own title is kept, and 2023-2024 and 2024-2025 keep the wording of their time.
"""

from django.db import migrations

CODE = "lp-faf-options"
YEARS = ["2025-2026", "2026-2027"]
OLD_TITLE = "Permettre aux lycéens d’avoir des options"
NEW_TITLE = "Intervention dans le cadre d’activités optionnelles dans la voie professionnelle"


def _rename(apps, old, new):
    apps.get_model("pacte", "Mission").objects.filter(
        code=CODE, school_year__label__in=YEARS, title=old
    ).update(title=new)


def forwards(apps, schema_editor):
    _rename(apps, OLD_TITLE, NEW_TITLE)


def backwards(apps, schema_editor):
    _rename(apps, NEW_TITLE, OLD_TITLE)


class Migration(migrations.Migration):
    dependencies = [("pacte", "0013_load_interim_report_dates")]

    operations = [migrations.RunPython(forwards, backwards)]
