"""The reference data of PFMP, as data: the terminale's end-of-year weeks per school year, and
the allowance rates of APlyPro's public data (to check against the decree of 11 August 2023)."""

from decimal import Decimal

from django.db import migrations

PARCOURS = [
    ("2023-2024", "parcours différencié", 6),
    ("2024-2025", "parcours différencié", 6),
    # Reported as reduced to 4 weeks and renamed from 2025-2026 (to check on the year's text).
    ("2025-2026", "parcours personnalisé", 4),
    ("2026-2027", "parcours personnalisé", 4),
]

# cycle year -> (per day, yearly cap); terminale's cap changes each year.
RATES = {
    "2nde_bp": ("10", "300"),
    "1re_bp": ("15", "600"),
    "cap1": ("10", "350"),
    "cap2": ("15", "525"),
}
TERMINALE_CAPS = {
    "2023-2024": "800",
    "2024-2025": "1200",
    "2025-2026": "1000",
    "2026-2027": "1000",
}


def forwards(apps, schema_editor):
    ParcoursRule = apps.get_model("pfmp", "ParcoursRule")
    AllowanceRate = apps.get_model("pfmp", "AllowanceRate")
    for school_year, name, weeks in PARCOURS:
        ParcoursRule.objects.get_or_create(
            school_year=school_year, defaults={"name": name, "weeks": weeks}
        )
    for school_year, terminale_cap in TERMINALE_CAPS.items():
        rates = {**RATES, "tle_bp": ("20", terminale_cap)}
        for cycle_year, (per_day, cap) in rates.items():
            AllowanceRate.objects.get_or_create(
                school_year=school_year,
                cycle_year=cycle_year,
                defaults={"per_day": Decimal(per_day), "yearly_cap": Decimal(cap)},
            )


class Migration(migrations.Migration):
    dependencies = [("pfmp", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
