"""2024-2025 had half parts: a RCD half (9 h) even as first part, others after a whole part.

Sources (docs/pacte-regles.md, [S10] and [S4]): for 2024-2025, the académie announced that RCD
Pactes « seront sécables (soit 9h) dès la 1ère part allouée » and that for other missions a whole
part comes before a half one (Sgen-CFDT Nord-Pas-de-Calais, CSA académique of 27 June 2024); the
note de service of 22 September 2025 widens to Devoirs faits and Stages de réussite a half part
« jusqu'alors limitée au remplacement de courte durée » (SNALC). Migration 0007 had loaded
2024-2025 with whole parts only. Only the values still as loaded change: an administrator's
fraction, first-part rule or opening mission is kept.
"""

from decimal import Decimal

from django.db import migrations

LABEL = "2024-2025"
HALF = Decimal("0.5")
HALF_PART_HOURS = {"rcd": 9, "face_a_face": 12}
STAGES = "lp-faf-stages-reussite"  # opens with a half part from 2025-2026 only


def _models(apps):
    """2024-2025 (None if not loaded), and the models its rules live in."""
    year = apps.get_model("pacte", "SchoolYear").objects.filter(label=LABEL).first()
    return year, apps.get_model("pacte", "Mission"), apps.get_model("pacte", "PartFraction")


def forwards(apps, schema_editor):
    year, Mission, PartFraction = _models(apps)
    if year is None:
        return
    SchoolYear = type(year)
    SchoolYear.objects.filter(pk=year.pk, first_part_whole=False).update(first_part_whole=True)
    Mission.objects.filter(school_year=year, code=STAGES, opens_with_half_part=True).update(
        opens_with_half_part=False
    )
    for mission in Mission.objects.filter(school_year=year, part_kind__in=HALF_PART_HOURS):
        PartFraction.objects.get_or_create(
            school_year=year,
            mission=mission,
            fraction=HALF,
            defaults={"hours": HALF_PART_HOURS[mission.part_kind]},
        )


def backwards(apps, schema_editor):
    year, Mission, PartFraction = _models(apps)
    if year is None:
        return
    SchoolYear = type(year)
    for kind, hours in HALF_PART_HOURS.items():
        PartFraction.objects.filter(
            school_year=year, mission__part_kind=kind, fraction=HALF, hours=hours
        ).delete()
    Mission.objects.filter(school_year=year, code=STAGES, opens_with_half_part=False).update(
        opens_with_half_part=True
    )
    SchoolYear.objects.filter(pk=year.pk, first_part_whole=True).update(first_part_whole=False)


class Migration(migrations.Migration):
    dependencies = [("pacte", "0014_options_mission_official_title")]

    operations = [migrations.RunPython(forwards, backwards)]
