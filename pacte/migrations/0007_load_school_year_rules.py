"""The Pacte's rules of each school year, as data (sources: docs/pacte-regles.md).

2023-2024 and 2024-2025: note de service of 20 July 2023 (whole parts, no carry-over).
2025-2026 on: note de service of 22 September 2025 (BO n° 37 of 2 October 2025): half parts of
9 h (RCD) or 12 h (face-à-face), carry-over until 31 October of the next year, lettre de mission
signed before the rentrée or by early October.
"""

import datetime
from decimal import Decimal

from django.db import migrations

TEXT_2023 = "Note de service du 20 juillet 2023 (part fonctionnelle de l’ISOE, Pacte en LP)"
TEXT_2025 = (
    "Note de service du 22 septembre 2025, BO n° 37 du 2 octobre 2025 (remplace celle du "
    "20 juillet 2023)"
)

# label, start, end, part value, cap, max parts, carry-over until, letters signed by, source
RULES = [
    ("2023-2024", "2023-09-01", "2024-08-31", "1250", "7500", "6", None, None, TEXT_2023),
    ("2024-2025", "2024-09-01", "2025-08-31", "1250", "7500", "6", None, None, TEXT_2023),
    (
        "2025-2026",
        "2025-09-01",
        "2026-08-31",
        "1250",
        "7500",
        "6",
        "2026-10-31",
        "2025-10-03",
        TEXT_2025,
    ),
    (
        "2026-2027",
        "2026-09-01",
        "2027-08-31",
        "1250",
        "7500",
        "6",
        "2027-10-31",
        "2026-10-02",
        TEXT_2025,
    ),
]

# Half parts from 2025-2026: 9 h for a RCD mission, 12 h for a face-à-face mission.
HALF_PART_HOURS = {"rcd": 9, "face_a_face": 12}
HALF_PART_YEARS = ["2025-2026", "2026-2027"]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(apps, schema_editor):
    SchoolYear = apps.get_model("pacte", "SchoolYear")
    Mission = apps.get_model("pacte", "Mission")
    PartFraction = apps.get_model("pacte", "PartFraction")
    for label, start, end, value, cap, max_parts, carry, sign, source in RULES:
        SchoolYear.objects.update_or_create(
            label=label,
            defaults={
                "start": _date(start),
                "end": _date(end),
                "part_value": Decimal(value),
                "yearly_cap": Decimal(cap),
                "max_parts": Decimal(max_parts),
                "carry_over_deadline": _date(carry),
                "letter_signature_deadline": _date(sign),
                "rules_source": source,
            },
        )
    missions = Mission.objects.filter(part_kind__in=HALF_PART_HOURS)
    for year in SchoolYear.objects.filter(label__in=HALF_PART_YEARS):
        for mission in missions:
            PartFraction.objects.get_or_create(
                school_year=year,
                mission=mission,
                fraction=Decimal("0.5"),
                defaults={"hours": HALF_PART_HOURS[mission.part_kind]},
            )


def unload(apps, schema_editor):
    apps.get_model("pacte", "PartFraction").objects.filter(
        school_year__label__in=HALF_PART_YEARS
    ).delete()
    apps.get_model("pacte", "SchoolYear").objects.filter(
        label__in=["2023-2024", "2024-2025"], engagements__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("pacte", "0006_school_year_rules_half_parts_carry_over")]

    operations = [migrations.RunPython(load, unload)]
