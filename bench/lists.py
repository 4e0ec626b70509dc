"""Time the staff and public lists at two sizes: median and p95 per request, queries per request.

    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_ent_bench \\
    .venv/bin/python bench/lists.py [--sizes 1000,100000] [--repeat 20]

    DATABASE_URL=sqlite:///var/bench-entreprises.sqlite3 .venv/bin/python bench/lists.py

For each size (a number of companies; the other volumes follow, see seed_national.py) the bench
database is wiped and seeded, then each page is requested `--repeat` times in process with
Django's test client (no network, no web server): the admin partnership list and the admin
company list (as the RBDE of a school with 600 partners, and as an academy administrator who
sees the whole country), their filters, search, sorting and CSV exports, and the public
directory. The database must be a bench database (its name contains "bench").
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Not bench/ itself: bench/http.py would shadow the standard library's http.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from bench.seed_national import seed, uai_for  # noqa: E402  (sets Django up)

# isort: split
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# (label, login or None for the public, path, query parameters)
PAGES = [
    ("admin partenariats, RBDE", "bench-rbde", "/admin/partenariats/", {}),
    ("  filtre statut + département", "bench-rbde", "/admin/partenariats/",
     {"status": "actif", "departement": "31"}),
    ("  filtre sans interaction depuis", "bench-rbde", "/admin/partenariats/",
     {"no_interaction_since": "2026-01-01"}),
    ("  recherche « Garage »", "bench-rbde", "/admin/partenariats/", {"q": "Garage"}),
    ("  tri fin de convention, page 3", "bench-rbde", "/admin/partenariats/",
     {"ordering": "-convention_end", "p": "3"}),
    ("  export CSV (600 lignes)", "bench-rbde", "/admin/partenariats/", {"export": "csv"}),
    ("admin partenariats, académie", "bench-admin", "/admin/partenariats/", {}),
    ("  filtre statut + secteur + label", "bench-admin", "/admin/partenariats/",
     {"status": "en_sommeil", "sector": "F", "label": "cmq"}),
    ("  convention finissant avant", "bench-admin", "/admin/partenariats/",
     {"convention_end_before": "2027-01-01", "p": "10"}),
    ("admin entreprises, RBDE", "bench-rbde", "/admin/entreprises/", {}),
    ("  filtre commune + secteur", "bench-rbde", "/admin/entreprises/",
     {"town": "Toul", "naf_section": "F"}),
    ("  recherche par SIRET", "bench-rbde", "/admin/entreprises/", {"q": "100"}),
    ("  export CSV", "bench-rbde", "/admin/entreprises/", {"export": "csv"}),
    ("admin entreprises, académie", "bench-admin", "/admin/entreprises/", {}),
    ("  filtre département 2A, page 2", "bench-admin", "/admin/entreprises/",
     {"departement": "2A", "p": "2"}),
    ("annuaire public", None, "/entreprises-partenaires/", {}),
    ("  filtre secteur + département", None, "/entreprises-partenaires/",
     {"naf_section": "I", "departement": "31"}),
    ("  filtre lycée (UAI), page 5", None, "/entreprises-partenaires/",
     {"school": uai_for(0), "page": "5"}),
]  # fmt: skip


def fetch(client, path, params):
    response = client.get(path, params)
    if response.status_code != 200:
        raise SystemExit(f"{path} {params} → {response.status_code}")
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def measure(repeat: int) -> list[tuple[str, float, float, int]]:
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="bench-")}
    clients = {None: Client()}
    for username in ("bench-rbde", "bench-admin"):
        clients[username] = Client()
        clients[username].force_login(users[username])
    results = []
    for label, login, path, params in PAGES:
        client = clients[login]
        fetch(client, path, params)  # warm caches (templates, sessions, the planner)
        times, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                fetch(client, path, params)
                times.append((time.perf_counter() - start) * 1000)
            queries = len(captured.captured_queries)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        results.append((label, statistics.median(times), p95, queries))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="companies, comma-separated")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--no-seed", action="store_true", help="measure the data already there (one size)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.no_seed:
        from entreprises.models import Company

        sizes = [Company.objects.count()]
    table = {}
    for size in sizes:
        if not args.no_seed:
            seed(size)
        for label, median, p95, queries in measure(args.repeat):
            table.setdefault(label, {})[size] = (median, p95, queries)
    print(f"\n{connection.vendor}, {args.repeat} requests per page; ms median / p95 (queries)")
    header = "".join(f" | {size:>7,} companies" for size in sizes)
    print(f"{'page':<36}{header}")
    for label, by_size in table.items():
        cells = "".join(
            f" | {m:7.1f} / {p:7.1f} ({q:>2})" for m, p, q in (by_size[s] for s in sizes)
        )
        print(f"{label:<36}{cells}")


if __name__ == "__main__":
    main()
