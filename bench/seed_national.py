"""Seed a bench database with national-scale companies, partnerships and journals (bulk inserts).

    createdb -h 127.0.0.1 -U portal portal_ent_bench
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_ent_bench \\
    .venv/bin/python bench/seed_national.py [--companies 100000]

    DATABASE_URL=sqlite:///var/bench-entreprises.sqlite3 .venv/bin/python bench/seed_national.py

The database must be a bench database (its name contains "bench"): its schools, companies,
contacts and partnerships are wiped first. Volumes follow the number of companies, as in the
issue: for 100,000 companies, 2,100 schools, 300,000 partnerships, 1,000,000 interactions and
50,000 contacts. School n°0 (UAI 0990000 + letter) is a big one (600 partners, from 1,000
companies on): the bench logins `bench-rbde` (its RBDE) and `bench-admin` (academy
administrator) read the lists. Rows get explicit ids and go in by batches of BATCH rows; nothing
is kept in memory.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Not bench/ itself: bench/http.py would shadow the standard library's http.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from stdnum import luhn  # noqa: E402

from entreprises.models import (  # noqa: E402
    Company,
    CompanyMerge,
    Contact,
    ContactErasure,
    name_key,
)
from entreprises.validators import departement_from_postcode, naf_section  # noqa: E402
from etablissements.models import Membership, School  # noqa: E402
from etablissements.roles import Role  # noqa: E402
from etablissements.services import academy_admin_grant, membership_grant  # noqa: E402
from etablissements.validators import uai_check_letter  # noqa: E402
from offres.models import Submission, SubmissionSchool  # noqa: E402
from partenariats.models import (  # noqa: E402
    Interaction,
    Partnership,
    PartnershipStatusChange,
    RoadmapAction,
)
from pfmp.models import (  # noqa: E402
    PfmpPeriod,
    Placement,
    PlacementStatusChange,
    Pupil,
    SchoolClass,
)
from pilotage.placement_figures import placement_figures_refresh  # noqa: E402

BATCH = 5000
BIG_SCHOOL_PARTNERS = 600
# The first CMQ_BLOCK companies are CMQ members at every size, besides one in 11: the 1,000
# companies' seed then holds a page of 50 partnerships for the academy's status + sector + label
# filter (bench/lists_pages.py), a fixed block that the national seed hardly notices.
CMQ_BLOCK = 150
# Likewise the first DIRECTORY_BLOCK companies are listed restaurants of Toulouse (sector I,
# département 31: the public directory's sector + département filter holds two pages at 1,000
# companies), and the next ones up to PLACE_BLOCK are in Ajaccio (2A: the academy's
# département filter holds a second page).
DIRECTORY_BLOCK = 40
PLACE_BLOCK = 150
NAF_CODES = ["43.21A", "56.10A", "45.20A", "47.11D", "88.10A", "41.20A", "55.10Z", "62.01Z",
             "10.71C", "25.62B", "49.41A", "86.10Z", "96.02A", "33.12Z", "81.21Z"]  # fmt: skip
PLACES = [("31000", "Toulouse"), ("82000", "Montauban"), ("65000", "Tarbes"),
          ("75011", "Paris"), ("69003", "Lyon"), ("13001", "Marseille"), ("59000", "Lille"),
          ("33000", "Bordeaux"), ("20000", "Ajaccio"), ("20200", "Bastia"),
          ("97400", "Saint-Denis"), ("97200", "Fort-de-France"), ("44000", "Nantes"),
          ("67000", "Strasbourg"), ("35000", "Rennes"), ("34000", "Montpellier")]  # fmt: skip
# Where each place is (latitude, longitude): schools are spread up to ~40 km around it, as the
# Annuaire de l'éducation places them; one school in 50 has no position (routing lists it last).
COORDS = {"Toulouse": (43.60, 1.44), "Montauban": (44.02, 1.35), "Tarbes": (43.23, 0.08),
          "Paris": (48.86, 2.35), "Lyon": (45.76, 4.84), "Marseille": (43.30, 5.37),
          "Lille": (50.63, 3.06), "Bordeaux": (44.84, -0.58), "Ajaccio": (41.93, 8.74),
          "Bastia": (42.70, 9.45), "Saint-Denis": (-20.88, 55.45),
          "Fort-de-France": (14.61, -61.07), "Nantes": (47.22, -1.55),
          "Strasbourg": (48.58, 7.75), "Rennes": (48.11, -1.68),
          "Montpellier": (43.61, 3.88)}  # fmt: skip
WORDS = ["Garage", "Boulangerie", "Électricité", "Brasserie", "Menuiserie", "Maçonnerie",
         "Transports", "Pharmacie", "Hôtel", "Atelier", "Services", "Plomberie", "Coiffure",
         "Informatique", "Maintenance"]  # fmt: skip
STATUSES = ["actif"] * 10 + ["prospect"] * 4 + ["en_sommeil"] * 3 + ["termine"] * 3
KINDS = ["reunion", "appel", "visite", "evenement", "courriel"]


def volumes(companies: int) -> dict[str, int]:
    return {
        "schools": max(10, round(companies * 0.021)),
        "companies": companies,
        "partnerships": companies * 3,
        "interactions": companies * 10,
        "contacts": companies // 2,
    }


def siret_for(n: int) -> str:
    """A Luhn-valid SIRET; every 10th company is a second site of the previous legal unit."""
    unit = n - 1 if n % 10 == 1 and n > 0 else n
    base = f"{10_000_000 + unit * 37:08d}"[-8:]
    siren = base + luhn.calc_check_digit(base)
    nic = f"{1 + (n % 10 == 1):04d}"
    body = siren + nic
    return body + luhn.calc_check_digit(body)


def uai_for(n: int) -> str:
    digits = f"{990000 + n:07d}"
    return digits + uai_check_letter(digits)


class Inserter:
    """Buffers rows of one model and writes them BATCH at a time."""

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


def check_bench_database():
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(f"Refus : la base « {name} » n’est pas une base de mesure (nom sans « bench »).")


def wipe():
    through = Contact.schools.through
    models = [PlacementStatusChange, Placement, Pupil, PfmpPeriod, SchoolClass,
              Interaction, RoadmapAction, PartnershipStatusChange, Partnership, ContactErasure,
              CompanyMerge, through, Contact, Company, Membership, School]  # fmt: skip
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        for model in models:
            model.objects.all()._raw_delete(connection.alias)
    get_user_model().objects.filter(username__startswith="bench-").delete()


def bench_users(big_school):
    User = get_user_model()
    users = {}
    for username, role in (("bench-rbde", Role.RBDE), ("bench-teacher", Role.TEACHER)):
        user = User.objects.create(username=username, first_name="Banc", last_name=username)
        user.set_unusable_password()
        user.save()
        membership_grant(user=user, school=big_school, role=role)
        users[username] = user
    admin = User.objects.create(username="bench-admin", first_name="Banc", last_name="Académie")
    academy_admin_grant(user=admin)
    users["bench-admin"] = admin
    return users


def seed(companies: int = 100_000, quiet: bool = False) -> dict[str, int]:
    """Wipe and fill the bench database; returns the row counts."""
    check_bench_database()
    call_command("migrate", verbosity=0)
    rng = random.Random(42)
    where = random.Random(7)  # its own stream: the companies' draws stay as they were
    sizes = volumes(companies)
    today = datetime.date.today()
    started = time.perf_counter()
    with transaction.atomic():
        wipe()
        schools = Inserter(School)
        for n in range(sizes["schools"]):
            postcode, town = PLACES[n % len(PLACES)]
            lat, lon = COORDS[town]
            placed = n % 50 != 49
            schools.add(School(
                id=n + 1, uai=uai_for(n), name=f"Lycée professionnel n°{n}", kind="LP",
                town=town, postcode=postcode, academy="Banc",
                latitude=round(lat + where.uniform(-0.35, 0.35), 5) if placed else None,
                longitude=round(lon + where.uniform(-0.45, 0.45), 5) if placed else None,
            ))  # fmt: skip
        schools.flush()
        users = bench_users(School.objects.get(pk=1))
        teacher_id = users["bench-teacher"].pk

        firms = Inserter(Company)
        for n in range(companies):
            postcode, town = PLACES[rng.randrange(len(PLACES))]
            naf = NAF_CODES[n % len(NAF_CODES)]
            if n < DIRECTORY_BLOCK:
                postcode, town, naf = "31000", "Toulouse", "56.10A"
            elif n < PLACE_BLOCK:
                postcode, town = "20000", "Ajaccio"
            name = f"{WORDS[n % len(WORDS)]} {town} {n}"
            siret = siret_for(n)
            firms.add(Company(
                id=n + 1, siret=siret, siren=siret[:9], name=name, name_key=name_key(name),
                naf_code=naf, naf_section=naf_section(naf), size_band="10-49",
                address=f"{n % 200 + 1} rue de l’Industrie", postcode=postcode, town=town,
                departement=departement_from_postcode(postcode),
                label_cmq=n % 11 == 0 or n < CMQ_BLOCK, label_ptech=n % 29 == 0,
                public_listing=n % 4 == 0 or n < DIRECTORY_BLOCK,
            ))  # fmt: skip
        firms.flush()

        school_count = sizes["schools"]
        # 600 from 1,000 companies on: the big school's lists and exports hold the same rows at
        # every size measured, so that a ratio of sizes measures the size, not the row count.
        big = min(BIG_SCHOOL_PARTNERS, companies * 3 // 5)
        partnerships, interactions = Inserter(Partnership), Inserter(Interaction)
        per_partnership = sizes["interactions"] / sizes["partnerships"]
        pid = iid = 0
        contact_schools = {}
        for n in range(companies):
            schools_of = [1 + (n * 37 + j * (school_count // 3)) % (school_count - 1) + 1
                          for j in range(3)]  # fmt: skip
            if n < big:
                schools_of[0] = 1
            for school_id in schools_of:
                pid += 1
                status = STATUSES[rng.randrange(len(STATUSES))]
                with_convention = status in ("actif", "en_sommeil") and rng.random() < 0.6
                end = today + datetime.timedelta(days=rng.randrange(-700, 1100))
                count = int(per_partnership) + (rng.random() < per_partnership % 1)
                dates = [today - datetime.timedelta(days=rng.randrange(0, 1100))
                         for _ in range(count)]  # fmt: skip
                partnerships.add(Partnership(
                    id=pid, school_id=school_id, company_id=n + 1, status=status,
                    teacher_id=teacher_id if school_id == 1 and n % 3 == 0 else None,
                    convention_signed_on=end - datetime.timedelta(days=730)
                    if with_convention else None,
                    convention_end=end if with_convention else None,
                    last_interaction_on=max(dates) if dates else None,
                ))  # fmt: skip
                for day in dates:
                    iid += 1
                    interactions.add(Interaction(
                        id=iid, partnership_id=pid, kind=KINDS[iid % len(KINDS)],
                        occurred_on=day, note="Point sur les stages et la prochaine PFMP.",
                    ))  # fmt: skip
            if n % 2 == 0:
                contact_schools[n + 1] = schools_of[0]
            if len(partnerships.rows) >= BATCH:
                partnerships.flush()
        partnerships.flush()
        interactions.flush()

        contacts, links = Inserter(Contact), Inserter(Contact.schools.through)
        for cid, (company_id, school_id) in enumerate(contact_schools.items(), start=1):
            contacts.add(Contact(
                id=cid, company_id=company_id, first_name="Prénom", last_name=f"Nom{cid}",
                role="tuteur", email=f"contact{cid}@entreprise.example",
            ))  # fmt: skip
            links.add(Contact.schools.through(contact_id=cid, school_id=school_id))
        contacts.flush()
        links.flush()

    models = [School, Company, Partnership, Interaction, Contact]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    counts = {
        "schools": schools.count,
        "companies": firms.count,
        "partnerships": partnerships.count,
        "interactions": interactions.count,
        "contacts": contacts.count,
        "big school partnerships": Partnership.objects.filter(school_id=1).count(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    if not quiet:
        print(f"[{connection.vendor}] " + ", ".join(f"{k}: {v:,}" for k, v in counts.items()))
    return counts


# --- PFMP placements (issue 25) ------------------------------------------------------------
# 620,000 pupils in 2,100 schools for 100,000 companies (6.2 a company), 30 a class, 3 periods a
# class. The big school (n°0) has PFMP_BIG_CLASSES classes at every size, its board the same rows
# at every size; PFMP_OFFERS accepted offers of places (« Bac pro MELEC ») from its partners feed
# the suggestions. Run after seed_pilotage.py, whose TRUNCATE … CASCADE of the offers would empty
# the placements (lists.py does; by hand: `seed_national.py --pfmp-only`).
PUPILS_PER_COMPANY = 6.2
PUPILS_PER_CLASS = 30
PFMP_BIG_CLASSES = 10
PFMP_OFFERS = 60


def seed_pfmp(quiet: bool = False, pupils_total: int | None = None) -> dict[str, int]:
    """The PFMP rows (see above); `pupils_total` forces their volume (620,000: the national
    size on a smaller base of companies, to measure the placements alone)."""
    check_bench_database()
    rng = random.Random(25)
    today = datetime.date.today()
    first = today.year if today.month >= 9 else today.year - 1
    year = f"{first}-{first + 1}"
    companies = Company.objects.count()
    school_ids = list(School.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    with transaction.atomic():
        models = [PlacementStatusChange, Placement, Pupil, PfmpPeriod, SchoolClass]
        for model in models:
            model.objects.all()._raw_delete(connection.alias)
        Submission.objects.filter(details__bench_pfmp=True).delete()
        wanted = pupils_total or companies * PUPILS_PER_COMPANY
        total_classes = max(PFMP_BIG_CLASSES + 1, round(wanted / PUPILS_PER_CLASS))
        classes, periods = Inserter(SchoolClass), Inserter(PfmpPeriod)
        pupils, placements = Inserter(Pupil), Inserter(Placement)
        others = school_ids[1:] or school_ids
        cid = pid = pupil_id = placement_id = 0
        for n in range(total_classes):
            school_id = 1 if n < PFMP_BIG_CLASSES else others[n % len(others)]
            cid += 1
            classes.add(SchoolClass(
                id=cid, school_id=school_id, school_year=year, name=f"1MELEC{n}",
                trade="MELEC", cycle_year="1re_bp",
            ))  # fmt: skip
            class_periods = []
            for offset in (10, 60, 120):
                pid += 1
                start = today + datetime.timedelta(days=offset + n % 7)
                periods.add(PfmpPeriod(id=pid, school_class_id=cid, start=start,
                                       end=start + datetime.timedelta(days=25)))  # fmt: skip
                class_periods.append(pid)
            for _ in range(PUPILS_PER_CLASS):
                pupil_id += 1
                pupils.add(Pupil(id=pupil_id, school_class_id=cid, first_name="Prénom",
                                 last_name=f"Élève{pupil_id}"))  # fmt: skip
                draw = rng.random()
                if draw < 0.7:  # 60 % agreed, 10 % a lead for the first period
                    placement_id += 1
                    placements.add(Placement(
                        id=placement_id, pupil_id=pupil_id, period_id=class_periods[0],
                        company_id=1 + rng.randrange(companies),
                        status="accord" if draw < 0.6 else "piste",
                    ))  # fmt: skip
            if len(classes.rows) >= BATCH // 10:
                classes.flush()
                periods.flush()
        for inserter in (classes, periods, pupils, placements):
            inserter.flush()
        School.objects.filter(pk=1).update(latitude="43.60000", longitude="1.44000")
        offer_contacts = dict(
            Contact.objects.filter(company_id__lte=PFMP_OFFERS * 2)
            .order_by("company_id")
            .values_list("company_id", "pk")
        )
        for company_id, contact_id in list(offer_contacts.items())[:PFMP_OFFERS]:
            Company.objects.filter(pk=company_id).update(
                latitude=f"{43 + company_id / 100:.5f}", longitude="1.44000"
            )
            offer = Submission.objects.create(
                kind="stages", company_id=company_id, contact_id=contact_id, status="acceptee",
                details={"placement": "pfmp", "diploma": "Bac pro MELEC", "places": 3,
                         "period1_start": None, "period1_end": None, "bench_pfmp": True},
            )  # fmt: skip
            SubmissionSchool.objects.create(submission=offer, school_id=1, status="acceptee")
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [SchoolClass, PfmpPeriod, Pupil, Placement]
        ):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    seeded = time.perf_counter()
    with transaction.atomic():  # the placement rates' summary rows, as the hourly refresh
        placement_figures_refresh(years=[first], today=today, now=timezone.now())
    with connection.cursor() as cursor:  # their statistics (the ANALYZE above saw them empty)
        cursor.execute("ANALYZE")
    counts = {
        "classes": classes.count,
        "periods": periods.count,
        "pupils": pupils.count,
        "placements": placements.count,
        "seconds": round(seeded - started, 1),
        "rates refresh seconds": round(time.perf_counter() - seeded, 1),
    }
    if not quiet:
        print(f"[{connection.vendor}] PFMP " + ", ".join(f"{k}: {v:,}" for k, v in counts.items()))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--pfmp-only", action="store_true", help="only the PFMP placements")
    parser.add_argument("--pupils", type=int, help="PFMP pupils (default: 6.2 per company)")
    args = parser.parse_args()
    if not args.pfmp_only:
        seed(args.companies)
    seed_pfmp(pupils_total=args.pupils)


if __name__ == "__main__":
    main()
