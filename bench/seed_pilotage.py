"""Add what the académie's dashboard counts to a bench database seeded by seed_national.py.

    createdb -h 127.0.0.1 -U postgres -O portal -T portal_bench_template hd_bench
    DATABASE_URL=postgres://portal@127.0.0.1:5432/hd_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://portal@127.0.0.1:5432/hd_bench .venv/bin/python bench/seed_pilotage.py

seed_national.py holds schools, companies, partnerships and interactions; the dashboard also
counts proposals and their answers, tutor-training sessions and registrations, mentoring pairs,
events, Pacte engagements with the lien école-entreprise forfait and validated bilans. This
script adds them over the last three school years at national proportions (per school and
year: ~13 proposals received, 4 sessions of ~8 tutors, 7 mentoring pairs, 5 events, 5 pacted
teachers of whom 3 take the forfait), gives schools a kind and diplomas with a filière (the
dashboard's filters), and creates `bench-direction` (direction of school n°0). Bulk inserts;
its own tables are wiped first, so it can run again. The database name must contain "bench".
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Not bench/ itself: bench/http.py would shadow the standard library's http.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from entreprises.models import Contact, name_key  # noqa: E402
from etablissements.models import School  # noqa: E402
from etablissements.roles import Role  # noqa: E402
from etablissements.services import membership_grant  # noqa: E402
from formations.models import Event, MentoringPair, Registration, TutorTraining  # noqa: E402
from offres.models import SchoolDiploma, Submission, SubmissionSchool  # noqa: E402
from pacte.models import ActivityReport, Engagement, EngagementPart, Mission, SchoolYear  # noqa: E402

BATCH = 5000
DAYS = 3 * 365  # three school years back from today
SCHOOL_KINDS = ["LP", "LP", "LP", "LPO", "SEP"]
TRADE_AREAS = ["électricité", "bâtiment", "hôtellerie-restauration", "commerce-vente",
               "maintenance des véhicules", "santé-social", "logistique", "numérique"]  # fmt: skip
SUBMISSION_KINDS = ["stages"] * 8 + ["decouverte"] * 3 + ["mentorat"] * 2 + [
    "recrutement", "specialisation", "cmq", "professeur_associe", "formation_enseignants",
]  # fmt: skip
ANSWERS = ["acceptee"] * 6 + ["refusee"] * 2 + ["close", "soumise", "soumise"]
REGISTRATION_STATUSES = ["present"] * 7 + ["absent", "excuse", "annule"]
EVENT_KINDS = ["rentree", "semaine_lp", "premiere_pfmp", "remise_diplomes", "job_dating"]
PER_SCHOOL_YEAR = {"submissions": 9, "trainings": 4, "pairs": 7, "events": 5, "teachers": 5}
UPCOMING_PER_SCHOOL = 3  # sessions to come, within UPCOMING_DAYS: what the public calendar lists
UPCOMING_DAYS = 120
MODELS = [ActivityReport, EngagementPart, Engagement, Registration, TutorTraining, MentoringPair,
          Event, SubmissionSchool, Submission, SchoolDiploma]  # fmt: skip


class Inserter:
    def __init__(self, model):
        self.model, self.rows, self.count = model, [], 0

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if self.rows:
            self.model.objects.bulk_create(self.rows, batch_size=BATCH)
            self.count += len(self.rows)
            self.rows = []


def wipe():
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in MODELS)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        for model in MODELS:
            model.objects.all()._raw_delete(connection.alias)
    get_user_model().objects.filter(username__startswith="bench-pacte-").delete()
    get_user_model().objects.filter(username="bench-direction").delete()


def seed(quiet=False) -> dict[str, int]:
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(f"Refus : la base « {name} » n’est pas une base de mesure (nom sans « bench »).")
    rng = random.Random(17)
    now = timezone.now()
    started = time.perf_counter()
    # Bulk rows carry their own creation dates (spread over three years).
    for model in (Submission,):
        model._meta.get_field("created_at").auto_now_add = False
    school_ids = list(School.objects.order_by("pk").values_list("pk", flat=True))
    contacts = list(Contact.objects.order_by("pk").values_list("pk", "company_id"))
    years = {y.start.year: y for y in SchoolYear.objects.filter(start__lte=now.date())}
    # Each year's own lien mission (the catalogue is per school year; 2023-24 has two).
    liens = {}
    for mission in Mission.objects.filter(counts_portal_activity=True).order_by("pk"):
        liens.setdefault(mission.school_year_id, mission)
    with transaction.atomic():
        wipe()
        for kind in set(SCHOOL_KINDS):
            School.objects.filter(pk__in=school_ids[SCHOOL_KINDS.index(kind) :: 5]).update(
                kind=kind
            )
        diplomas = Inserter(SchoolDiploma)
        for sid in school_ids:
            for j in range(3):
                area = TRADE_AREAS[(sid + j * 3) % len(TRADE_AREAS)]
                diplomas.add(SchoolDiploma(
                    school_id=sid, name=f"bac pro {area}", trade_area=area,
                    trade_area_key=name_key(area),
                ))  # fmt: skip
        diplomas.flush()

        def moment():
            return now - datetime.timedelta(days=rng.randrange(DAYS), hours=rng.randrange(10))

        subs, addressees = Inserter(Submission), Inserter(SubmissionSchool)
        n_subs = len(school_ids) * PER_SCHOOL_YEAR["submissions"] * 3
        for sub_id in range(1, n_subs + 1):
            contact_id, company_id = contacts[rng.randrange(len(contacts))]
            kind = SUBMISSION_KINDS[sub_id % len(SUBMISSION_KINDS)]
            created = moment()
            subs.add(Submission(
                id=sub_id, kind=kind, company_id=company_id, contact_id=contact_id,
                status="acceptee", created_at=created,
                followup_status=["recue", "etude", "transmise", "ouverte"][sub_id % 4]
                if kind == "specialisation" else "",
                before_parcoursup=kind == "specialisation" and sub_id % 3 == 0,
            ))  # fmt: skip
            for sid in rng.sample(school_ids, 1 + (sub_id % 3 == 0)):
                answer = ANSWERS[rng.randrange(len(ANSWERS))]
                handled = created + datetime.timedelta(days=rng.randrange(0, 40), hours=2)
                addressees.add(SubmissionSchool(
                    submission_id=sub_id, school_id=sid, status=answer,
                    handled_at=None if answer == "soumise" else min(handled, now),
                ))  # fmt: skip
        subs.flush()
        addressees.flush()

        trainings, registrations = Inserter(TutorTraining), Inserter(Registration)
        pairs, events = Inserter(MentoringPair), Inserter(Event)
        tid = 0
        for sid in school_ids:
            # Past sessions (4 to 12 registrations, some attended), then sessions to come.
            sessions = [
                (moment(), "Formation des tuteurs : évaluer en PFMP", 4)
                for _ in range(PER_SCHOOL_YEAR["trainings"] * 3)
            ]
            sessions += [
                (
                    now
                    + datetime.timedelta(
                        days=rng.randrange(1, UPCOMING_DAYS), hours=rng.randrange(10)
                    ),
                    "Formation des tuteurs : accueillir un stagiaire",
                    0,
                )
                for _ in range(UPCOMING_PER_SCHOOL)
            ]
            for start, title, fewest in sessions:
                tid += 1
                trainings.add(TutorTraining(
                    id=tid, school_id=sid, title=title,
                    starts_at=start, ends_at=start + datetime.timedelta(hours=3),
                    place="Salle polyvalente", capacity=12,
                ))  # fmt: skip
                for contact_id, _ in rng.sample(contacts, rng.randrange(fewest, 13)):
                    registrations.add(Registration(
                        training_id=tid, contact_id=contact_id,
                        status=REGISTRATION_STATUSES[rng.randrange(10)]
                        if start < now else "inscrit",
                    ))  # fmt: skip
            for n in range(PER_SCHOOL_YEAR["pairs"] * 3):
                begin = moment().date()
                pairs.add(MentoringPair(
                    school_id=sid, mentor_id=contacts[rng.randrange(len(contacts))][0],
                    student_first_name="Élève", student_class="1re MELEC",
                    framing_kind="association", mode="mixte", start_date=begin,
                    planned_end=begin + datetime.timedelta(days=200),
                    ended_on=begin + datetime.timedelta(days=240) if n % 2 else None,
                ))  # fmt: skip
            for n in range(PER_SCHOOL_YEAR["events"] * 3):
                events.add(Event(
                    school_id=sid, kind=EVENT_KINDS[n % len(EVENT_KINDS)], title="Rencontre",
                    starts_at=moment(), place="Lycée",
                ))  # fmt: skip
        for inserter in (trainings, registrations, pairs, events):
            inserter.flush()

        User = get_user_model()
        teachers = Inserter(User)
        for sid in school_ids:
            for j in range(PER_SCHOOL_YEAR["teachers"]):
                teachers.add(User(
                    username=f"bench-pacte-{sid}-{j}", first_name="Prof", last_name=f"{sid}-{j}",
                    password="!",
                ))  # fmt: skip
        teachers.flush()
        teacher_ids = dict(
            User.objects.filter(username__startswith="bench-pacte-").values_list("username", "pk")
        )
        engagements, parts, reports = (
            Inserter(Engagement),
            Inserter(EngagementPart),
            Inserter(ActivityReport),
        )
        eid = 0
        current = max(years, default=now.year)
        for sid in school_ids:
            for j in range(PER_SCHOOL_YEAR["teachers"]):
                for year, school_year in years.items():
                    if year < current - 2:
                        continue
                    eid += 1
                    engagements.add(Engagement(
                        id=eid, teacher_id=teacher_ids[f"bench-pacte-{sid}-{j}"], school_id=sid,
                        school_year=school_year,
                    ))  # fmt: skip
                    lien = liens.get(school_year.pk)
                    if lien and j < 3:
                        parts.add(EngagementPart(engagement_id=eid, mission=lien, parts=Decimal(1)))
                        if year < current and rng.random() < 0.7:
                            reports.add(
                                ActivityReport(engagement_id=eid, mission=lien, status="valide")
                            )
        for inserter in (engagements, parts, reports):
            inserter.flush()

        direction = User.objects.create(
            username="bench-direction", first_name="Banc", last_name="Direction", password="!"
        )
        membership_grant(user=direction, school=School.objects.get(pk=school_ids[0]),
                         role=Role.DIRECTION)  # fmt: skip

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), MODELS):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    counts = {
        "submissions": subs.count,
        "answers": addressees.count,
        "trainings": trainings.count,
        "registrations": registrations.count,
        "mentoring pairs": pairs.count,
        "events": events.count,
        "engagements": engagements.count,
        "lien parts": parts.count,
        "validated bilans": reports.count,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if not quiet:
        print(f"[{connection.vendor}] " + ", ".join(f"{k}: {v:,}" for k, v in counts.items()))
    return counts


def main():
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    from pfmp.models import Pupil

    pupils = Pupil.objects.count()
    seed()
    if pupils:  # the TRUNCATE of the offers cascades to the PFMP placements: seeded again
        script = str(BASE_DIR / "bench" / "seed_national.py")
        subprocess.run([sys.executable, script, "--pfmp-only", "--pupils", str(pupils)], check=True)


if __name__ == "__main__":
    main()
