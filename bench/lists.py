"""Time every staff list, filter, export and dashboard at two sizes: median and p95 per request,
queries per request, and the ratio of the national size to the small one.

    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_ent_bench \\
    .venv/bin/python bench/lists.py [--sizes 1000,100000] [--repeat 20] [--only LABEL]

Two databases rather than one reseeded (the national seed takes minutes). Best, both in one
run, page by page and request by request in turn, so that the machine's slow minutes weigh on
both sizes alike (on a shared machine, two runs a few minutes apart differ by up to 40 %):

    DATABASE_URL=…/hc3_bench1k .venv/bin/python bench/seed_national.py --companies 1000
    DATABASE_URL=…/hc3_bench1k .venv/bin/python bench/seed_pilotage.py
    DATABASE_URL=…/hc3_bench .venv/bin/python bench/lists.py --against hc3_bench1k

or one after the other: measure the small one, save, then the national copy against it:

    DATABASE_URL=…/hc3_bench1k .venv/bin/python bench/lists.py --sizes 1000 --save var/l1k.json
    DATABASE_URL=…/hc3_bench .venv/bin/python bench/lists.py --no-seed --baseline var/l1k.json

The national PFMP volume alone (issue 25: 620,000 pupils) on the 1,000 companies' base, which
seeds in minutes rather than the national seed's quarter of an hour: both databases hold 1,000
companies, so the table files them under their pupils:

    DATABASE_URL=…/x_bench1k .venv/bin/python bench/seed_national.py --companies 1000
    DATABASE_URL=…/x_bench .venv/bin/python bench/seed_national.py --companies 1000
    DATABASE_URL=…/x_bench .venv/bin/python bench/seed_national.py --pfmp-only --pupils 620000
    DATABASE_URL=…/x_bench .venv/bin/python bench/lists.py --against x_bench1k --only PFMP

With PFMP in `--only` (or without `--only`) the suggestions for one pupil are timed too (CPU
and wall ms, on DATABASE_URL's database).

For each size (a number of companies; the other volumes follow, see seed_national.py) the bench
database is wiped and seeded (not with --no-seed: seed_national.py, then seed_pilotage.py for
the dashboards' rows), the cache is cleared, then each page of bench/lists_pages.py is requested
`--repeat` times in process with Django's test client (no network, no web server), as the RBDE,
teacher and direction of a school with 600 partners and as an academy administrator who sees the
whole country. Each filtered page fills a page of rows at every size (bench/lists_pages.py
says how: values per size where needed, dates relative to today, the seed's fixed blocks), so
that a ratio measures the size, not the number of rows shown. A row ends with "!" when it
misses a target: 1.2 × the first size, p95 ≤ 100 ms for a page, ≤ 300 ms for an export. The
database must be a bench database (its name contains "bench").

Before measuring, the process settles as portal/wsgi.py does (portal/startup.py: the loaded
objects out of the garbage collector's full walks, which otherwise land a 150–200 ms pause in
about one request in forty); `--no-settle` measures without.
"""

import argparse
import json
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

from bench.lists_pages import PAGES, BySize  # noqa: E402
from bench.seed_national import seed, seed_pfmp, uai_for  # noqa: E402  (sets Django up)
from bench.seed_pilotage import seed as seed_pilotage  # noqa: E402

# isort: split
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache, caches  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connection, connections  # noqa: E402
from django.db.utils import load_backend  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from entreprises.models import Company  # noqa: E402
from etablissements.models import School  # noqa: E402
from etablissements.roles import Role  # noqa: E402
from etablissements.services import membership_grant  # noqa: E402
from pfmp.models import PfmpPeriod, Pupil  # noqa: E402
from pfmp.selectors import suggestions  # noqa: E402
from portal.startup import settle  # noqa: E402

TARGET_RATIO = 1.2  # each page at national size within 1.2 × its time at 1k rows
TARGET_P95 = {"list": 100.0, "export": 300.0}  # ms


def kind_of(label: str) -> str:
    return "export" if "export" in label else "list"


def bench_direction():
    """The direction of the big school (older seeds have none): created on first run."""
    User = get_user_model()
    user = User.objects.filter(username="bench-direction").first()
    if user is None:
        user = User.objects.create(username="bench-direction", first_name="Banc",
                                   last_name="Direction")  # fmt: skip
        user.set_unusable_password()
        user.save()
        membership_grant(user=user, school=School.objects.get(uai=uai_for(0)), role=Role.DIRECTION)
    return user


def fetch(client, path, params):
    response = client.get(path, params)
    if response.status_code != 200:
        raise SystemExit(f"{path} {params} → {response.status_code}")
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def db_time(captured) -> float:
    """The database's own time for these queries (EXPLAIN ANALYZE's execution times, ms): what
    the load of a shared machine moves least, unlike the request's wall time."""
    total = 0.0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if connection.vendor != "postgresql" or not query["sql"].lstrip().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + query["sql"])
            last = cursor.fetchall()[-1][0]  # "Execution Time: 1.234 ms"
            total += float(last.split(":")[1].split()[0])
    return total


class Target:
    """One bench database, with its own connection, its own cache keys (the same Redis holds
    both: counts cached under one database must not be read under the other) and its own
    signed-in clients (sessions live in the database)."""

    def __init__(self, name: str | None = None):
        settings_dict = dict(connections.settings["default"])
        if name:
            settings_dict["NAME"] = name
        self.name = settings_dict["NAME"]
        backend = load_backend(settings_dict["ENGINE"])
        self.wrapper = backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
        self.clients = None
        self.companies = 0
        self.pupils = 0
        self.key = 0  # what its figures are filed under: its companies (or pupils, see measure)

    def use(self) -> None:
        connections[DEFAULT_DB_ALIAS] = self.wrapper
        caches["default"].key_prefix = f"bench-{self.name}"

    def prepare(self) -> None:
        self.use()
        cache.clear()
        bench_direction()
        users = {
            u.username: u for u in get_user_model().objects.filter(username__startswith="bench-")
        }
        self.clients = {None: Client()}
        for username in ("bench-rbde", "bench-teacher", "bench-direction", "bench-admin"):
            self.clients[username] = Client()
            self.clients[username].force_login(users[username])
        self.companies = Company.objects.count()
        self.pupils = Pupil.objects.count()
        self.key = self.companies


def measure(
    repeat: int, only: str | None = None, targets: list[Target] | None = None, settled=True
):
    """{companies: [(label, median ms, p95 ms, queries, db ms)]}. With several targets, each
    page is requested on each database in turn, request after request: a slow minute of a
    shared machine weighs on every size alike. Targets of as many companies (the national
    PFMP volume seeded on a 1,000 companies' base: seed_national.py --pfmp-only --pupils) are
    filed under their pupils instead, or their figures would land under one key."""
    targets = targets or [Target()]
    for target in targets:
        target.prepare()
    if len({t.companies for t in targets}) < len(targets):
        for target in targets:
            target.key = target.pupils
    if settled:  # as portal/wsgi.py does once the portal is loaded (portal/startup.py)
        print(f"settled: {settle():,} objects out of the collector's full walks")
    results = {target.key: [] for target in targets}
    for label, login, path, params in PAGES:
        if only and only not in label:
            continue
        times = {t.key: [] for t in targets}
        queries, captured = {}, {}
        for target in targets:  # warm caches (templates, sessions, the planner)
            target.use()
            fetch(target.clients[login], path, _params(params, target.companies))
        for _ in range(repeat):
            for target in targets:
                target.use()
                page_params = _params(params, target.companies)
                with CaptureQueriesContext(connection) as capture:
                    start = time.perf_counter()
                    fetch(target.clients[login], path, page_params)
                    times[target.key].append((time.perf_counter() - start) * 1000)
                queries[target.key] = len(capture.captured_queries)
                captured[target.key] = capture
        for target in targets:
            target.use()
            spent = sorted(times[target.key])
            p95 = spent[min(len(spent) - 1, round(0.95 * (len(spent) - 1)))]
            results[target.key].append((
                label, statistics.median(spent), p95, queries[target.key],
                db_time(captured[target.key]),
            ))  # fmt: skip
    return results


def _params(params, companies: int) -> dict:
    return params.at(companies) if isinstance(params, BySize) else params


def verdict(label, by_size, sizes) -> str:
    """Ratio of the last size's median to the first's, and what misses a target."""
    if len(sizes) < 2:
        p95 = by_size[sizes[0]][1]
        return "" if p95 <= TARGET_P95[kind_of(label)] else "  p95 !"
    first, last = by_size[sizes[0]], by_size[sizes[-1]]
    ratio = last[0] / first[0] if first[0] else 0.0
    misses = [m for m, bad in (("ratio", ratio > TARGET_RATIO),
                               ("p95", last[1] > TARGET_P95[kind_of(label)])) if bad]  # fmt: skip
    return f" | {ratio:4.2f} ×" + (f"  {' + '.join(misses)} !" if misses else "")


def print_table(table, sizes, repeat, unit="companies"):
    print(f"\n{connection.vendor}, {repeat} requests per page; ms median / p95 (queries), then the "
          "database's own ms for one request (EXPLAIN ANALYZE)")  # fmt: skip
    print(f"targets: ≤ {TARGET_RATIO} × the first size; p95 ≤ {TARGET_P95['list']:.0f} ms "
          f"(lists), ≤ {TARGET_P95['export']:.0f} ms (exports)")  # fmt: skip
    header = "".join(f" | {size:>7,} {unit:<9}{'':>9}" for size in sizes)
    ratio = " | ratio" if len(sizes) > 1 else ""
    print(f"{'page':<38}{header}{ratio}")
    for label, by_size in table.items():
        cells = "".join(
            f" | {m:7.1f} / {p:7.1f} ({q:>2}) db {(d or [float('nan')])[0]:6.1f}"
            for m, p, q, *d in (by_size[s] for s in sizes)
        )
        print(f"{label:<38}{cells}{verdict(label, by_size, sizes)}")


def suggestions_cpu(repeat: int = 50) -> tuple[float, float]:
    """CPU ms (process time: what the shared machine's load moves least) and wall ms, median,
    of the suggestions for one pupil of the big school's first period that has some (issue 25:
    ≤ 100 ms of CPU at national size; which period has offers depends on the seed's order)."""
    periods = PfmpPeriod.objects.filter(school_class__school__uai=uai_for(0))
    for period in periods.select_related("school_class__school").order_by("pk")[:100]:
        if suggestions(period=period):
            break
    cpu, wall = [], []
    for _ in range(repeat):
        started, started_wall = time.process_time(), time.perf_counter()
        found = suggestions(period=period)
        cpu.append((time.process_time() - started) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    assert found, "no suggestion: seed the PFMP rows (seed_national.py --pfmp-only)"
    return statistics.median(cpu), statistics.median(wall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="companies, comma-separated")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--no-seed", action="store_true", help="measure the data already there (one size)"
    )
    parser.add_argument("--save", help="write the measures to this JSON file")
    parser.add_argument(
        "--baseline", help="a JSON file written by --save (another database): its sizes first"
    )
    parser.add_argument("--only", help="measure only the pages whose label contains this")
    parser.add_argument(
        "--against",
        help="another bench database's name (a small one): measured with DATABASE_URL's, "
        "page by page and request by request in turn (implies --no-seed)",
    )
    parser.add_argument(
        "--no-settle",
        action="store_true",
        help="leave the loaded objects to the garbage collector's full walks (portal/startup.py)",
    )
    args = parser.parse_args()
    if args.against:
        targets = [Target(args.against), Target()]
        table = {}
        results = measure(args.repeat, args.only, targets, settled=not args.no_settle)
        for size, rows in results.items():
            for label, *measures in rows:
                table.setdefault(label, {})[size] = tuple(measures)
        sizes = sorted(t.key for t in targets)
        unit = "companies" if targets[0].key == targets[0].companies else "pupils"
        if args.save:
            Path(args.save).write_text(json.dumps(table, ensure_ascii=False, indent=1))
        print(f"\ninterleaved: {targets[0].name} and {targets[1].name}")
        print_table(table, sizes, args.repeat, unit)
        if not args.only or "PFMP" in args.only:  # on DATABASE_URL's (the national) database
            targets[-1].use()
            cpu, wall = suggestions_cpu()
            print(
                f"suggestions PFMP pour un élève ({targets[-1].name}) : {cpu:.1f} ms CPU, "
                f"{wall:.1f} ms (médianes)"
            )
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.no_seed:
        sizes = [Company.objects.count()]
    table = {}
    if args.baseline:
        saved = json.loads(Path(args.baseline).read_text())
        for label, by_size in saved.items():
            table[label] = {int(size): tuple(v) for size, v in by_size.items()}
        sizes = sorted({s for by_size in table.values() for s in by_size} - set(sizes)) + sizes
    for size in sizes:
        if args.baseline and all(size in by_size for by_size in table.values()):
            continue
        if not args.no_seed:
            seed(size)
            seed_pilotage(quiet=True)  # what the dashboards count, at the same proportions
            seed_pfmp(quiet=True)  # after seed_pilotage: its TRUNCATE of the offers cascades
        results = measure(args.repeat, args.only, settled=not args.no_settle)
        for label, *measures in next(iter(results.values())):
            table.setdefault(label, {})[size] = tuple(measures)
    table = {label: by_size for label, by_size in table.items() if len(by_size) == len(sizes)}
    if args.save:
        Path(args.save).write_text(json.dumps(table, ensure_ascii=False, indent=1))
    print_table(table, sizes, args.repeat)
    if not args.only or "PFMP" in args.only:
        cpu, wall = suggestions_cpu()
        print(f"suggestions PFMP pour un élève : {cpu:.1f} ms CPU, {wall:.1f} ms (médianes)")


if __name__ == "__main__":
    main()
