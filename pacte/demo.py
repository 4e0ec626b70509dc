"""Demo Pacte: the demo teacher's engagement for the current school year (reference
composition, lien école-entreprise targets), a validated lettre de mission and a few actions
logged outside the portal. Idempotent: an existing engagement is left as it is."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from etablissements.models import Membership
from etablissements.roles import Role

from .catalogue import LIEN_ENTREPRISE_CODE
from .models import Engagement, Mission, SchoolYear
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


@transaction.atomic
def load() -> None:
    User = get_user_model()
    teacher = User.objects.filter(username="enseignant").first()
    boss = User.objects.filter(username="direction").first()
    year = SchoolYear.objects.current()
    if not (teacher and boss and year):
        return
    membership = Membership.objects.filter(user=teacher, role=Role.TEACHER).first()
    if membership is None or Engagement.objects.filter(teacher=teacher, school_year=year).exists():
        return
    school = membership.school
    teacher_profile_set(user=teacher, school=school, status="plp")
    engagement = engagement_create(teacher=teacher, school=school, school_year=year, by=boss)
    missions = {m.code: m for m in Mission.objects.all()}
    specs = [PartSpec(mission=missions["lp-rcd"], place="Lycée", periodicity="À la demande")]
    specs += [PartSpec(mission=missions[c], place="Lycée") for c in FACE_TO_FACE]
    specs += [
        PartSpec(
            mission=missions[LIEN_ENTREPRISE_CODE],
            place="Lycée et entreprises partenaires",
            periodicity="Toute l’année",
            expected_results="Deux sessions de formation des tuteurs (vingt tuteurs formés), "
            "dix partenariats suivis avec une interaction par trimestre.",
            targets={"formations_animees": 2, "tuteurs_formes": 20, "partenariats_suivis": 10},
        ),
        PartSpec(mission=missions["lp-forfait-tutorat"], place="Lycée", periodicity="Hebdo."),
    ]
    engagement_set_parts(engagement=engagement, parts=specs, by=boss)
    mission_letter_validate(letter=mission_letter_prepare(engagement=engagement), by=boss)
    today = timezone.localdate()
    for days, kind, hours, text in [
        (20, "supports", 3, "Fiche « rôle et missions du tuteur » pour les bac pro MELEC"),
        (10, "tuteurs", 2, "Visite de deux tuteurs en entreprise pendant la PFMP"),
    ]:
        day = max(today - datetime.timedelta(days=days), year.start)
        if day <= today:
            activity_log_add(
                engagement=engagement,
                by=teacher,
                occurred_on=day,
                kind=kind,
                hours=hours,
                description=text,
            )
