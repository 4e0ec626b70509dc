"""Time the académie's dashboard at national size: the hourly refresh, then the pages.

    createdb -h 127.0.0.1 -U postgres -O portal -T portal_bench_template portal_bench_wt17
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_bench_wt17 \\
    .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_bench_wt17 \\
    .venv/bin/python bench/pilotage.py [--repeat 30]

Runs on a database already seeded by `bench/seed_national.py` (2,100 schools, 100,000
companies, 300,000 partnerships, 1,000,000 interactions), whose name contains "bench": it
rebuilds the summary table (`pilotage.services.indicators_refresh`, what beat runs hourly) and
prints its time, then requests each page `--repeat` times in process with Django's test client
(no web server) as `bench-admin` (the academy administrator) and `bench-direction` (a school's
direction, from `bench/seed_pilotage.py`, which also adds proposals, sessions, mentoring, events
and Pacte figures), with and without filters, and prints median, p95 and queries.
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

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from pilotage.models import SchoolYearFigures  # noqa: E402
from pilotage.services import indicators_refresh, year_start_of  # noqa: E402

LAST = year_start_of(django.utils.timezone.localdate()) - 1
PAGES = [
    ("bench-admin", "tableau de bord, académie", "/admin/pilotage/", {}),
    ("bench-admin", "  année précédente, page 20", "/admin/pilotage/", {"annee": LAST, "p": "20"}),
    ("bench-admin", "  filtre département 31", "/admin/pilotage/", {"departement": "31"}),
    (
        "bench-admin",
        "  filtre type LP + filière",
        "/admin/pilotage/",
        {"type": "LP", "filiere": "électricité"},
    ),  # fmt: skip
    ("bench-admin", "  filtre type LP", "/admin/pilotage/", {"type": "LP"}),
    ("bench-admin", "  export XLSX (2 100 établissements)", "/admin/pilotage/indicateurs.xlsx", {}),
    ("bench-direction", "tableau de bord, direction", "/admin/pilotage/", {}),
    ("bench-direction", "  année précédente", "/admin/pilotage/", {"annee": LAST}),
    (
        "bench-admin",
        "demandes d’ouverture de formation",
        "/admin/pilotage/demandes-de-formation/",
        {},
    ),  # fmt: skip
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="vider le cache avant chaque requête (le corps du tableau de bord y est gardé "
        "jusqu’au prochain recalcul)",
    )
    parser.add_argument(
        "--no-refresh", action="store_true", help="garder le tableau récapitulatif déjà calculé"
    )
    args = parser.parse_args()
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("La base doit être une base de banc d’essai (son nom contient « bench »).")
    if not args.no_refresh:
        started = time.perf_counter()
        rows = indicators_refresh()
        refresh = time.perf_counter() - started
        print(f"[{connection.vendor}] recalcul des indicateurs : {refresh:.1f} s, {rows:,} lignes")
    print(f"  lignes du tableau récapitulatif : {SchoolYearFigures.objects.count():,}")
    clients = {}
    for username in {username for username, *_ in PAGES}:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            print(f"  ({username} absent : lancez bench/seed_pilotage.py)")
            continue
        clients[username] = Client()
        clients[username].force_login(user)
    # CPU: this process's own time (Python + template), less swayed by a loaded machine; SQL: the
    # database's share as the client waited for it.
    print(f"{'page':<40} {'médiane':>9} {'p95':>9} {'CPU méd.':>9} {'SQL méd.':>9} {'requêtes':>9}")
    for username, label, path, params in PAGES:
        client = clients.get(username)
        if client is None:
            continue
        client.get(path, params)  # warm: the first request compiles templates
        times, cpu, sql = [], [], []
        for _ in range(args.repeat):
            if args.cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(path, params)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{label:<40} {statistics.median(times):>7.0f}ms {p95:>7.0f}ms "
            f"{statistics.median(cpu):>7.0f}ms {statistics.median(sql):>7.0f}ms {len(queries):>9}"
        )


if __name__ == "__main__":
    main()
