import datetime

from django.db import migrations


def load(apps, schema_editor):
    from pacte.catalogue import MISSIONS, SCHOOL_YEARS

    SchoolYear = apps.get_model("pacte", "SchoolYear")
    Mission = apps.get_model("pacte", "Mission")
    for label, start, end, part_value, cap in SCHOOL_YEARS:
        SchoolYear.objects.get_or_create(
            label=label,
            defaults={
                "start": datetime.date.fromisoformat(start),
                "end": datetime.date.fromisoformat(end),
                "part_value": part_value,
                "yearly_cap": cap,
            },
        )
    for position, data in enumerate(MISSIONS, start=1):
        Mission.objects.get_or_create(
            code=data["code"], defaults={**data, "position": position * 10, "degree": "LP"}
        )


def unload(apps, schema_editor):
    from pacte.catalogue import MISSIONS, SCHOOL_YEARS

    apps.get_model("pacte", "Mission").objects.filter(code__in=[m["code"] for m in MISSIONS]).delete()
    apps.get_model("pacte", "SchoolYear").objects.filter(
        label__in=[y[0] for y in SCHOOL_YEARS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("pacte", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
