"""Each school year gets its own mission catalogue, and each bilan its mission.

- The catalogue rows loaded so far served every year: each existing year gets a copy of them
  (with the administrator's edits), except that 2023-2024 takes the 2023 texts' missions (two
  lien école-entreprise forfaits, AvenirPro, Ambition emploi) in place of the 2024 ones (seed 000
  and seed 002; pacte/catalogue.py). Parts, fractions and redeployments move to their year's row.
- 2025-2026 on: the first part is not a half part unless its mission allows it (note de service
  of 22 September 2025); 2023-2024: lettres de mission written « fin août / début sept. 2023 »
  (seed 000's calendar): 8 September 2023 is taken.
- The one bilan of a Pacte becomes the bilan of its lien mission (else its first mission); the
  other missions of the Pacte get a copy of its status and text: it covered them all.
"""

import datetime

from django.db import migrations

FIELDS = [
    "code",
    "title",
    "action",
    "description",
    "part_kind",
    "hours",
    "axis",
    "degree",
    "counts_portal_activity",
    "counted_metrics",
    "opens_with_half_part",
    "default_expected_results",
    "active",
    "position",
]


def forwards(apps, schema_editor):
    from pacte.catalogue import CATALOGUE_2023, MISSIONS_2023_REPLACED, OPENS_WITH_HALF_PART, missions_of

    SchoolYear = apps.get_model("pacte", "SchoolYear")
    Mission = apps.get_model("pacte", "Mission")
    EngagementPart = apps.get_model("pacte", "EngagementPart")
    PartFraction = apps.get_model("pacte", "PartFraction")
    HoursRedeployment = apps.get_model("pacte", "HoursRedeployment")
    ActivityReport = apps.get_model("pacte", "ActivityReport")

    SchoolYear.objects.filter(start__gte=datetime.date(2025, 9, 1)).update(first_part_whole=True)
    SchoolYear.objects.filter(label=CATALOGUE_2023, letter_signature_deadline=None).update(
        letter_signature_deadline=datetime.date(2023, 9, 8)
    )

    old = list(Mission.objects.filter(school_year=None))
    by_year: dict[int, dict[str, object]] = {}
    for year in SchoolYear.objects.all():
        # Rows a year already has (a second run after going back) are kept, not duplicated.
        rows = by_year.setdefault(
            year.pk, {m.code: m for m in Mission.objects.filter(school_year=year)}
        )
        for mission in old:
            if mission.code in rows:
                continue
            if year.label == CATALOGUE_2023 and mission.code in MISSIONS_2023_REPLACED:
                continue
            data = {name: getattr(mission, name) for name in FIELDS}
            data["opens_with_half_part"] = mission.code in OPENS_WITH_HALF_PART
            rows[mission.code] = Mission.objects.create(school_year=year, **data)
        for data in missions_of(year.label):
            if data["code"] not in rows:
                rows[data["code"]] = Mission.objects.create(school_year=year, **data)

    def same(mission_id, year_id):
        mission = next(m for m in old if m.pk == mission_id)
        rows = by_year[year_id]
        if mission.code in rows:
            return rows[mission.code]
        # A 2023-2024 Pacte recorded with a 2024 mission: the first 2023 mission replacing it.
        return rows[MISSIONS_2023_REPLACED[mission.code][0]["code"]]

    old_ids = [m.pk for m in old]
    for part in EngagementPart.objects.filter(mission_id__in=old_ids).select_related(
        "engagement"
    ):
        part.mission = same(part.mission_id, part.engagement.school_year_id)
        part.save(update_fields=["mission"])
    for fraction in PartFraction.objects.filter(mission_id__in=old_ids):
        fraction.mission = same(fraction.mission_id, fraction.school_year_id)
        fraction.save(update_fields=["mission"])
    for move in HoursRedeployment.objects.filter(to_mission_id__in=old_ids).select_related(
        "from_part__engagement"
    ):
        move.to_mission = same(move.to_mission_id, move.from_part.engagement.school_year_id)
        move.save(update_fields=["to_mission"])
    Mission.objects.filter(pk__in=old_ids).delete()

    for report in ActivityReport.objects.filter(mission=None):
        parts = list(
            EngagementPart.objects.filter(engagement_id=report.engagement_id)
            .select_related("mission")
            .order_by("position", "pk")
        )
        if not parts:
            report.delete()  # a bilan of a Pacte without missions: nothing to attach it to
            continue
        main = next((p for p in parts if p.mission.counts_portal_activity), parts[0])
        report.mission = main.mission
        report.save(update_fields=["mission"])
        for part in parts:
            if part is main or part.mission_id == main.mission_id:
                continue
            ActivityReport.objects.create(
                engagement_id=report.engagement_id,
                mission=part.mission,
                status=report.status,
                comments=report.comments,
                compiled={},
                submitted_at=report.submitted_at,
                decided_by_id=report.decided_by_id,
                decided_at=report.decided_at,
                direction_comment=report.direction_comment,
            )


class Migration(migrations.Migration):
    dependencies = [("pacte", "0008_catalogue_per_year_bilan_per_mission")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
