"""Requests per second of the public pages, served as in production, against a plain list.

    apt-get install -y wrk        # Debian's wrk, the load generator (once)
    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_bench_x \\
    .venv/bin/python bench/http.py [--duration 10] [--connections 8] [--rounds 3] [--port 8791]
                                   [--no-cache] [--mix 700]

The database must be a bench database (its name contains "bench"), already seeded by
bench/seed_national.py and migrated; the script only adds the public pages of the site if they
are missing (home page, the eight ways). It collects the static files once (kept in
var/bench-static, or BENCH_STATIC_ROOT), starts gunicorn in production mode (DEBUG=false,
2 workers, on 127.0.0.1 only), and for 3 rounds runs wrk against
each page in turn, interleaved with a plain Django list of the same companies (bench/http_urls.py:
Paginator and a minimal template, no DSFR), so that a slow minute of the machine weighs on both.
It prints each page's median req/s over the rounds and its ratio to the plain list (target:
every public page >= 0.5; the directory's page 400 >= 0.8 of its page 1), and the CPU time
(gunicorn's workers, the bench database's PostgreSQL backends and the cache's Redis server) per
request with the same
ratios inverted: on a machine shared with other work, req/s follow its load, CPU per request
much less. The public pages are served as in production, from the public page cache
(portal/public_cache.py: every request after the first is a hit); `--no-cache` renders each
request, which is what a visitor gets right after a change. Two rows more measure varied
traffic, as real visitors make it: a mix of `--mix` (700) distinct addresses drawn from the
seeded data (the directory's sectors, départements, towns, schools and pages, the calendar's
départements, months, towns and pages, the specialisation requests' towns and pages), asked in
turn by a wrk Lua script, once on a server with the public page cache and once on one without
it (two gunicorns, `--port` and the next one): the cache must never cost more than it saves.
The addresses are percent-encoded, as a browser sends them: wrk reads its Lua script as ASCII
and, on a script it cannot read, measures the command line's one address instead (any message
of wrk's now stops the bench). Two rows more ask the same mix with a campaign tag that changes
at every request (`utm_content`), so that no address ever comes twice: the worst case of the
cache, which can only cost there.
The cache is Redis, as in production: `REDIS_URL`, or the bench's own database
(redis://127.0.0.1:6379/13), emptied at the start. Nothing else is sent anywhere; gunicorn is
stopped at the end.
"""

import sys
from pathlib import Path

# This file is named like the standard library's `http`: keep its folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

# isort: split
import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from urllib.parse import quote  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent
PLAIN = ("liste Django simple (référence)", "/bench/plain/")
# A Redis database of the bench's own, emptied at the start (REDIS_URL to use another).
BENCH_REDIS = "redis://127.0.0.1:6379/13"


def pages(school_name: str) -> list[tuple[str, str]]:
    return [
        ("accueil", "/"),
        ("une façon (mentorat)", "/travailler-avec-un-lycee-professionnel/proposer-du-mentorat/"),
        ("calendrier des tuteurs", "/formations/tuteurs/"),
        ("annuaire, page 1", "/entreprises-partenaires/"),
        (
            "annuaire, secteur + département",
            "/entreprises-partenaires/?naf_section=C&departement=31",
        ),
        ("annuaire, par lycée", f"/entreprises-partenaires/?school={school_name}"),
        ("annuaire, page 400", "/entreprises-partenaires/?page=400"),
    ]


MIX = "mélange de {n} adresses (filtres, pages)"
MIX_LUA = """
local paths = {%s}
local counter = 0
function setup(thread)
  thread:set("offset", counter * math.floor(#paths / 2))
  thread:set("run", os.time() .. "-" .. counter)
  counter = counter + 1
end
function init(args)
  i = offset
  tag = run
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1]%s)
end
"""
# Each request a new address: the same pages with a campaign tag that no filter reads, as links
# shared in mails and posts carry; the cache can only cost there (worst case).
ONCE_TAG = ' .. "&utm_content=" .. tag .. "-" .. i'
ONCE = "même mélange, chaque adresse demandée une fois"


def mix_paths(count: int = 700) -> list[str]:
    """Distinct addresses a real visitor would ask for, drawn from the seeded data (Django is set
    up by then, hence the imports here): the
    directory (sector, département, town, school, pages), the tutors' calendar (département,
    month, school's town, pages) and the specialisation requests (town, pages)."""
    import random

    from entreprises.models import Company
    from etablissements.models import School
    from formations.filters import month_choices
    from offres.models import Submission

    rng = random.Random(29)
    listed = Company.objects.publicly_listed()
    departements = sorted(set(listed.values_list("departement", flat=True)) - {""})
    towns = sorted(set(listed.values_list("town", flat=True)) - {""})
    sections = sorted(set(listed.values_list("naf_section", flat=True)) - {""})
    schools = list(School.objects.order_by("pk").values_list("name", "town")[:400])
    months = [value for value, _ in month_choices()]
    requests_towns = sorted(
        set(
            Submission.objects.open_specialisation_requests().values_list(
                "company__town", flat=True
            )
        )
        - {""}
    )
    makers = [
        lambda: f"/entreprises-partenaires/?page={rng.randrange(2, 1200)}",
        lambda: (
            f"/entreprises-partenaires/?naf_section={rng.choice(sections)}"
            f"&departement={rng.choice(departements)}"
        ),
        lambda: f"/entreprises-partenaires/?town={rng.choice(towns)}&page={rng.randrange(1, 4)}",
        lambda: f"/entreprises-partenaires/?school={rng.choice(schools)[0]}",
        lambda: (
            f"/entreprises-partenaires/?naf_section={rng.choice(sections)}"
            f"&page={rng.randrange(1, 60)}"
        ),
        lambda: f"/formations/tuteurs/?page={rng.randrange(2, 300)}",
        lambda: (
            f"/formations/tuteurs/?departement={rng.choice(departements)}"
            f"&month={rng.choice(months)}"
        ),
        lambda: f"/formations/tuteurs/?school={rng.choice(schools)[1]}",
        lambda: f"/entreprises/demandes-de-formation/?page={rng.randrange(2, 150)}",
        lambda: f"/entreprises/demandes-de-formation/?ville={rng.choice(requests_towns)}",
    ]
    paths: list[str] = []
    seen = set()
    while len(paths) < count:
        # Encoded as a browser sends it (and as wrk's Lua takes it: ASCII only).
        path = quote(rng.choice(makers)().replace(" ", "+"), safe="/?&=+-_.~")
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths


def mix_script(paths: list[str], once: bool = False) -> str:
    """wrk's Lua script asking for `paths` in turn (each thread from its own offset); `once`:
    each request tagged so that no address comes twice."""
    fd, name = tempfile.mkstemp(prefix="bench-mix-", suffix=".lua")
    with os.fdopen(fd, "w") as script:
        tagged = [p if "?" in p else p + "?" for p in paths] if once else paths
        script.write(MIX_LUA % (", ".join(json.dumps(p) for p in tagged), ONCE_TAG if once else ""))
    return name


def setup_django(database_url: str) -> str:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        sys.exit(f"Base « {name} » : seule une base dont le nom contient « bench » est acceptée.")
    from etablissements.models import School
    from home.content import site_ensure_home
    from offres.demo import pages_ensure

    pages_ensure(site_ensure_home())
    school = School.objects.order_by("pk").first()
    return school.uai if school else ""


def wait_up(url: str, timeout: float = 300) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn ne répond pas sur {url}")


def wrk(url: str, duration: int, connections: int, script: str = "") -> tuple[float, int]:
    """Requests per second, and the number of requests served (`script`: wrk's Lua script)."""
    run = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
        + (["-s", script] if script else [])
        + [url],
        capture_output=True,
        text=True,
        check=True,
    )
    if run.stderr.strip():  # wrk runs on without a script it cannot read (one URL, not the mix)
        sys.exit(f"wrk : {run.stderr.strip()}")
    out = run.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{url} : {errors.group(1)} réponses en erreur\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), requests


def server_pids(master: int) -> list[int]:
    """gunicorn's workers and the PostgreSQL backends of the bench database (other sessions'
    servers and databases aside): the processes whose CPU a request costs."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    from django.db import connection

    backends = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            backends = [row[0] for row in cursor.fetchall()]
    return [int(pid) for pid in children] + backends + REDIS_PIDS


# The Redis server of the shared cache (measured too: a cache hit or a count read moves its CPU).
REDIS_PIDS: list[int] = []


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time of each of these processes still running."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def measure(url: str, args, master: int, script: str = "") -> tuple[float, float]:
    """Requests per second, and milliseconds of CPU (gunicorn + PostgreSQL) per request: the
    second figure hardly moves with the load of a shared machine, the first does. Counted per
    process still there at the end: a backend opened meanwhile counts whole (connections are
    renewed after DB_CONN_MAX_AGE), one closed meanwhile is lost (a slight underestimate)."""
    before = cpu_seconds(server_pids(master))
    rps, requests = wrk(url, args.duration, args.connections, script)
    after = cpu_seconds(server_pids(master))
    spent = sum(seconds - before.get(pid, 0) for pid, seconds in after.items())
    return rps, spent * 1000 / max(requests, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="secondes par mesure")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8791, help="et le suivant (sans cache)")
    parser.add_argument("--mix", type=int, default=700, help="adresses distinctes du mélange")
    parser.add_argument(
        "--only",
        default="",
        help="seulement les lignes dont le nom contient ce mot (« mélange »), et la liste simple",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="sans le cache des pages publiques (portal/public_cache.py) : chaque requête rendue",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk manque : apt-get install -y wrk")
    database_url = os.environ.get("DATABASE_URL", "")
    school = setup_django(database_url)
    # The shared cache as in production (Redis: what the page cache, the counts and the budgets
    # are written to). Without REDIS_URL each worker had its own 300-entry memory, which culled
    # the first-visit markers before the second visit: the cached mix never stored a page.
    redis_url = os.environ.get("REDIS_URL") or BENCH_REDIS
    import redis

    cache_server = redis.Redis.from_url(redis_url)
    cache_server.flushdb()  # a cold cache, as after a deploy
    REDIS_PIDS.append(int(cache_server.info("server")["process_id"]))

    # Collected once (minutes with compression) and kept: BENCH_STATIC_ROOT or var/bench-static.
    static_root = os.environ.get("BENCH_STATIC_ROOT", str(BASE_DIR / "var" / "bench-static"))
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": static_root,
        "DB_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "bench.http_settings",
        # Production keeps public pages 300 s in the cache; --no-cache renders every request.
        "PUBLIC_CACHE_SECONDS": "0" if args.no_cache else "300",
        "PYTHONPATH": str(BASE_DIR),
        "REDIS_URL": redis_url,
    }
    python = sys.executable
    if not (Path(static_root) / "staticfiles.json").exists():
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
    # Two servers: the public page cache on (port) and off (port + 1); the pages are measured on
    # the one of this run (--no-cache or not), the varied-traffic mix on both.
    servers = {
        cached: subprocess.Popen(
            [
                str(Path(python).with_name("gunicorn")),
                "portal.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{args.port + (0 if cached else 1)}",
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env={**env, "PUBLIC_CACHE_SECONDS": "300" if cached else "0"},
        )
        for cached in (True, False)
    }
    bases = {cached: f"http://127.0.0.1:{args.port + (0 if cached else 1)}" for cached in servers}
    mode = not args.no_cache
    paths = mix_paths(args.mix)
    script = mix_script(paths)
    mix = MIX.format(n=len(paths))
    # (label, path, server with the cache?, wrk script)
    targets = [(label, path, mode, "") for label, path in [PLAIN, *pages(school)]]
    once = mix_script(paths, once=True)
    targets += [(f"{mix}, cache", paths[0], True, script)]
    targets += [(f"{mix}, sans cache", paths[0], False, script)]
    targets += [(f"{ONCE}, cache", paths[0], True, once)]
    targets += [(f"{ONCE}, sans cache", paths[0], False, once)]
    targets = [targets[0], *(t for t in targets[1:] if args.only in t[0])]
    results: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    try:
        for base in bases.values():
            wait_up(base + PLAIN[1])
        for _, path, cached, lua in targets:  # warm both workers' caches
            wait_up(bases[cached] + path)
            wrk(bases[cached] + path, 2, args.connections, lua)
        for round_number in range(1, args.rounds + 1):
            for target in targets[1:]:
                # Interleaved: the plain list is measured again before every page.
                for label, path, cached, lua in (targets[0], target):
                    rps, ms = measure(bases[cached] + path, args, servers[cached].pid, lua)
                    results.setdefault(label, []).append(rps)
                    cpu.setdefault(label, []).append(ms)
            print(f"tour {round_number}/{args.rounds} fini", file=sys.stderr)
    finally:
        os.unlink(script)
        os.unlink(once)
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a loaded machine: keep the figures for it
                server.kill()
                server.wait()

    plain = statistics.median(results[PLAIN[0]])
    plain_cpu = statistics.median(cpu[PLAIN[0]])
    header = f"{'page':<52} {'req/s (médiane)':>16} {'rapport':>9}"
    print(f"\n{header} {'ms CPU/req':>11} {'rapport':>9}")
    for label, *_ in targets:
        rps, ms = statistics.median(results[label]), statistics.median(cpu[label])
        print(f"{label:<52} {rps:>16.1f} {rps / plain:>9.2f} {ms:>11.1f} {plain_cpu / ms:>9.2f}")
    deep = ""
    if "annuaire, page 1" in results and "annuaire, page 400" in results:
        first, last = results["annuaire, page 1"], results["annuaire, page 400"]
        first_cpu, last_cpu = cpu["annuaire, page 1"], cpu["annuaire, page 400"]
        deep = (
            f"\npage 400 / page 1 de l’annuaire : "
            f"{statistics.median(last) / statistics.median(first):.2f} en req/s, "
            f"{statistics.median(first_cpu) / statistics.median(last_cpu):.2f} en CPU par requête "
            "(cible ≥ 0,8) ;"
        )
    print(
        f"{deep}\ncible de chaque page : ≥ 0,5 de la liste simple, et du mélange avec cache : "
        f"≥ 0,5 et ≥ le mélange sans cache. {args.rounds} tours de "
        f"{args.duration} s, {args.connections} connexions, gunicorn 2 workers, DEBUG=false, "
        + ("pages sans cache." if args.no_cache else "pages en cache.")
        + f" Charge de la machine (1, 5, 15 min) : {os.getloadavg()}"
    )


if __name__ == "__main__":
    main()
