"""CPU time of the school proposals for one company (offres.routing.route_need), national size.

    createdb -h 127.0.0.1 -U portal portal_routing_bench
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_routing_bench \\
    .venv/bin/python bench/seed_national.py
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_routing_bench \\
    .venv/bin/python bench/routing.py [--calls 400]

On a database seeded by seed_national.py (2,100 schools placed around 16 towns, one in 50
without a position; 100,000 companies): gives each school three diplomas of the bench's
filières if it has none (as seed_pilotage.py does) and one company in two coordinates near its
town, then asks for the proposals of `--calls` companies drawn at random (filière named, or from
the NAF code; 10, 25, 50 km or the département). Prints the median, p95 and max CPU time
(time.process_time: this process only, not the database's) and wall time per call, and the
queries per call. The issue's bar: 100 ms of CPU for one company.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from entreprises.models import Company, name_key  # noqa: E402
from etablissements.models import School  # noqa: E402
from offres.models import SchoolDiploma  # noqa: E402
from offres.routing import route_need  # noqa: E402

AREAS = ["électricité", "bâtiment", "hôtellerie-restauration", "commerce-vente",
         "maintenance des véhicules", "santé-social", "logistique", "numérique"]  # fmt: skip
DISTANCES = ["10", "25", "50", "dep"]


def check_bench_database():
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(f"Refus : la base « {name} » n’est pas une base de mesure (nom sans « bench »).")


@transaction.atomic
def prepare():
    if not SchoolDiploma.objects.exists():
        SchoolDiploma.objects.bulk_create(
            (
                SchoolDiploma(
                    school_id=sid,
                    name=f"bac pro {AREAS[(sid + j * 3) % len(AREAS)]}",
                    trade_area=AREAS[(sid + j * 3) % len(AREAS)],
                    trade_area_key=name_key(AREAS[(sid + j * 3) % len(AREAS)]),
                )
                for sid in School.objects.values_list("pk", flat=True)
                for j in range(3)
            ),
            batch_size=5000,
        )
    if not Company.objects.filter(latitude__isnull=False).exists():
        towns = {
            town: (lat, lon)
            for town, lat, lon in School.objects.filter(latitude__isnull=False)
            .values_list("town", "latitude", "longitude")
            .order_by("pk")
        }
        for town, (lat, lon) in towns.items():
            Company.objects.filter(town=town, id__in=range(1, 200_000, 2)).update(
                latitude=lat, longitude=lon
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=400)
    args = parser.parse_args()
    check_bench_database()
    prepare()
    rng = random.Random(3)
    companies = list(
        Company.objects.order_by("pk").values_list("siret", "postcode", "town")[:: 100_000 // 1000]
    )
    cpu, wall, queries = [], [], []
    found = 0
    for n in range(args.calls):
        siret, postcode, town = companies[rng.randrange(len(companies))]
        trade = AREAS[rng.randrange(len(AREAS))] if n % 3 else ""
        distance = DISTANCES[n % len(DISTANCES)]
        with CaptureQueriesContext(connection) as captured:
            c0, w0 = time.process_time(), time.perf_counter()
            routing, _ = route_need(
                siret=siret, postcode=postcode, town=town, trade_area=trade, distance=distance
            )
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        queries.append(len(captured))
        found += routing.found
    print(
        f"[{connection.vendor}] {School.objects.count():,} lycées, "
        f"{Company.objects.count():,} entreprises, {args.calls} appels "
        f"({found} avec des lycées dans la distance)"
    )
    for label, values in (("CPU (ms)", cpu), ("temps réel (ms)", wall)):
        values = sorted(values)
        p95 = values[int(len(values) * 0.95) - 1]
        print(
            f"{label:16} médiane {statistics.median(values):6.1f}  p95 {p95:6.1f}  "
            f"max {values[-1]:6.1f}"
        )
    print(f"requêtes par appel : {min(queries)} à {max(queries)}")


if __name__ == "__main__":
    main()
