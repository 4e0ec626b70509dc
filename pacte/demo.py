"""Demo Pacte of the demo teacher, idempotent (an existing engagement is left as it is):

- the current school year: the reference composition, lien école-entreprise targets, a
  validated lettre de mission and a few actions logged outside the portal;
- 2023-2024, as the texts were then: both lien école-entreprise forfaits (train tutors; help
  sustain partnerships), each with its own bilan;
- 2025-2026, under the note de service of 22 September 2025: a half RCD part (9 h).
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from etablissements.models import Membership
from etablissements.roles import Role

from .catalogue import LIEN_ENTREPRISE_CODE, LIEN_PARTNERSHIPS_CODE, LIEN_TUTORS_CODE
from .models import Engagement, Mission, MissionLetter, SchoolYear
from .reminders import LETTER_NOTICE_DAYS
from .services import (
    PartSpec,
    activity_log_add,
    engagement_create,
    engagement_set_parts,
    mission_letter_prepare,
    mission_letter_validate,
    teacher_profile_set,
)

FACE_TO_FACE = ["lp-faf-options", "lp-faf-petits-groupes", "lp-faf-decouverte-metiers"]


def _lien_spec(mission: Mission, targets: dict, results: str) -> PartSpec:
    return PartSpec(
        mission=mission,
        place="Lycée et entreprises partenaires",
        periodicity="Toute l’année",
        expected_results=results,
        targets=targets,
    )


def _specs(year: SchoolYear) -> list[PartSpec]:
    missions = {m.code: m for m in Mission.objects.for_year(year)}
    rcd_parts = Decimal("0.5") if year.label == "2025-2026" else 1
    specs = [
        PartSpec(
            mission=missions["lp-rcd"],
            parts=rcd_parts,
            place="Lycée",
            periodicity="À la demande",
        )
    ]
    specs += [PartSpec(mission=missions[c], place="Lycée") for c in FACE_TO_FACE]
    if LIEN_ENTREPRISE_CODE in missions:
        specs.append(
            _lien_spec(
                missions[LIEN_ENTREPRISE_CODE],
                {"formations_animees": 2, "tuteurs_formes": 20, "partenariats_suivis": 10},
                "Deux sessions de formation des tuteurs (vingt tuteurs formés), dix partenariats "
                "suivis avec une interaction par trimestre.",
            )
        )
        specs.append(
            PartSpec(mission=missions["lp-forfait-tutorat"], place="Lycée", periodicity="Hebdo.")
        )
    else:  # 2023-2024: the two lien forfaits of the 2023 texts
        specs.append(
            _lien_spec(
                missions[LIEN_TUTORS_CODE],
                {"formations_animees": 2, "tuteurs_formes": 15},
                "Deux sessions pour les tuteurs qui accueillent pour la première fois.",
            )
        )
        specs.append(
            _lien_spec(
                missions[LIEN_PARTNERSHIPS_CODE],
                {"partenariats_suivis": 8},
                "Huit partenariats suivis, partenaires réunis à la remise des diplômes.",
            )
        )
    return specs


def _pacte(teacher, boss, school, year: SchoolYear) -> Engagement | None:
    if Engagement.objects.filter(teacher=teacher, school_year=year).exists():
        return None
    engagement = engagement_create(teacher=teacher, school=school, school_year=year, by=boss)
    engagement_set_parts(engagement=engagement, parts=_specs(year), by=boss)
    letter = mission_letter_validate(letter=mission_letter_prepare(engagement=engagement), by=boss)
    # Signed at the start of its year, as a direction does, not on the day the demo loads: else
    # the teacher's first reminder mail announces every year's letter "validated today".
    signed = timezone.make_aware(
        datetime.datetime.combine(year.start + datetime.timedelta(days=20), datetime.time(10))
    )
    latest = timezone.now() - datetime.timedelta(days=LETTER_NOTICE_DAYS + 1)
    MissionLetter.objects.filter(pk=letter.pk).update(validated_at=min(signed, latest))
    return engagement


@transaction.atomic
def load() -> None:
    User = get_user_model()
    teacher = User.objects.filter(username="enseignant").first()
    boss = User.objects.filter(username="direction").first()
    current = SchoolYear.objects.current()
    if not (teacher and boss and current):
        return
    membership = Membership.objects.filter(user=teacher, role=Role.TEACHER).first()
    if membership is None:
        return
    school = membership.school
    teacher_profile_set(user=teacher, school=school, status="plp")
    for past in SchoolYear.objects.filter(label__in=["2023-2024", "2025-2026"]).exclude(
        pk=current.pk
    ):
        _pacte(teacher, boss, school, past)
    engagement = _pacte(teacher, boss, school, current)
    if engagement is None:
        return
    today = timezone.localdate()
    for days, kind, hours, text in [
        (20, "supports", 3, "Fiche « rôle et missions du tuteur » pour les bac pro MELEC"),
        (10, "tuteurs", 2, "Visite de deux tuteurs en entreprise pendant la PFMP"),
    ]:
        day = max(today - datetime.timedelta(days=days), current.start)
        if day <= today:
            activity_log_add(
                engagement=engagement,
                by=teacher,
                occurred_on=day,
                kind=kind,
                hours=hours,
                description=text,
            )
