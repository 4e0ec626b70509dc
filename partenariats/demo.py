"""Demo partnerships of the demo companies with their school: every status, conventions,
roadmaps and journals. Idempotent: a partnership that exists is left as it is."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from entreprises.demo import DEMO_COMPANIES
from entreprises.services import company_by_siret
from etablissements.demo import SCHOOLS
from etablissements.models import School

from .models import Interaction, Partnership, PartnershipStatus, RoadmapAction
from .services import (
    interaction_log,
    partnership_get_or_create,
    partnership_refresh_last_interaction,
    partnership_set_status,
    partnership_set_teacher,
)

# status per demo company (index in entreprises.demo.DEMO_COMPANIES); the path through the
# lifecycle is replayed so that each partnership's status history is plausible.
STATUS_PATHS = {
    PartnershipStatus.PROSPECT: [],
    PartnershipStatus.ACTIVE: [PartnershipStatus.ACTIVE],
    PartnershipStatus.DORMANT: [PartnershipStatus.ACTIVE, PartnershipStatus.DORMANT],
    PartnershipStatus.ENDED: [PartnershipStatus.ACTIVE, PartnershipStatus.ENDED],
}
STATUSES = [
    PartnershipStatus.ACTIVE,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.DORMANT,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.PROSPECT,
    PartnershipStatus.ENDED,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.PROSPECT,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.DORMANT,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.PROSPECT,
    PartnershipStatus.ACTIVE,
    PartnershipStatus.ENDED,
]

ROADMAP = [
    ("Accueil de stagiaires de première (PFMP de janvier)", 75, True),
    ("Visite de l’atelier par la classe de seconde", 40, True),
    ("Participation au stage dating du lycée", -20, False),
    ("Tuteur invité à la formation des tuteurs", -60, False),
]
JOURNAL = [
    ("reunion", 200, "Rencontre avec la dirigeante : besoins en stagiaires pour l’année."),
    ("visite", 120, "Visite de l’élève en PFMP, bon accueil du tuteur."),
    ("appel", 45, "Point téléphonique sur les dates de la prochaine PFMP."),
    ("courriel", 10, "Envoi de la convention et du calendrier des périodes."),
]


def _school_year(day: datetime.date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


@transaction.atomic
def load() -> dict:

    today = timezone.localdate()
    schools = {s.uai: s for s in School.objects.filter(uai__in=[d["uai"] for d in SCHOOLS])}
    users = get_user_model().objects.filter(username__in=["rbde", "rbde2", "enseignant"])
    users = {u.username: u for u in users}
    created_partnerships = []
    for index, data in enumerate(DEMO_COMPANIES):
        school = schools.get(SCHOOLS[data["school"]]["uai"])
        company = company_by_siret(data["siret"])
        if school is None or company is None:
            continue
        rbde = users.get("rbde" if data["school"] == 0 else "rbde2")
        partnership, created = partnership_get_or_create(school=school, company=company, by=rbde)
        if not created:
            continue
        status = STATUSES[index % len(STATUSES)]
        for step in STATUS_PATHS[status]:
            partnership = partnership_set_status(
                partnership=partnership, status=step, by=rbde, comment="données de démonstration"
            )
        if status != PartnershipStatus.PROSPECT:
            # One convention of the first school ends within 60 days: the dashboard shows it.
            end = today + datetime.timedelta(days=40 if index == 2 else 400 + 30 * index)
            partnership.convention_signed_on = end - datetime.timedelta(days=730)
            partnership.convention_end = end
            partnership.save()
            if data["school"] == 0 and "enseignant" in users and index % 2 == 0:
                partnership = partnership_set_teacher(
                    partnership=partnership,
                    teacher=users["enseignant"],
                    by=rbde,
                    on=today - datetime.timedelta(days=90),
                )
        if status in (PartnershipStatus.ACTIVE, PartnershipStatus.DORMANT):
            # A dormant partnership's journal stops long ago (the 6-month reminder fires).
            shift = 200 if status == PartnershipStatus.DORMANT else 0
            for kind, days_ago, note in JOURNAL:
                interaction_log(
                    partnership=partnership,
                    kind=kind,
                    occurred_on=today - datetime.timedelta(days=days_ago + shift),
                    author=rbde,
                    note=note,
                )
            RoadmapAction.objects.bulk_create(
                RoadmapAction(
                    partnership=partnership,
                    school_year=_school_year(today),
                    title=title,
                    planned_on=today - datetime.timedelta(days=days_ago),
                    done=done,
                    done_on=today - datetime.timedelta(days=days_ago) if done else None,
                )
                for title, days_ago, done in ROADMAP
            )
        partnership_refresh_last_interaction(partnership=partnership)
        created_partnerships.append(partnership)
    return {
        "partnerships": Partnership.objects.count(),
        "interactions": Interaction.objects.count(),
        "created": len(created_partnerships),
    }
