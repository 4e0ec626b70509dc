"""What common.admin_cells (the staff lists' cells drawn in Python) saves: each staff list of
bench/lists_pages.py requested with the cells drawn in Python and through Wagtail's templates,
in turn, request after request, and the CPU time of each (time.process_time: what the load of
a shared machine moves least). Prints the share of a list's CPU the Python cells save.

    DATABASE_URL=postgres://portal@127.0.0.1:5432/portal_cells_bench \\
    .venv/bin/python bench/admin_cells.py [--repeat 10] [--only LABEL]

The database is seeded beforehand (bench/seed_national.py --companies N, bench/seed_pilotage.py).
STYLE.md asks to keep the Python cells only if they save at least a third of a list's CPU.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Not bench/ itself: bench/http.py would shadow the standard library's http.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))

from bench.lists import PAGES, Target, _params, fetch, kind_of  # noqa: E402  (sets Django up)

# isort: split
from common import admin_cells  # noqa: E402
from portal.startup import settle  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only")
    args = parser.parse_args()
    target = Target()
    target.prepare()
    settle()
    print(
        f"{target.companies:,} companies; CPU ms per request (median), cells in Python vs templates"
    )
    savings = []
    for label, login, path, params in PAGES:
        if kind_of(label) == "export" or (args.only and args.only not in label):
            continue
        page_params = _params(params, target.companies)
        client = target.clients[login]
        spent = {True: [], False: []}
        for enabled in (True, False):  # warm both paths
            admin_cells.ENABLED = enabled
            fetch(client, path, page_params)
        for _ in range(args.repeat):
            for enabled in (True, False):
                admin_cells.ENABLED = enabled
                start = time.process_time()
                fetch(client, path, page_params)
                spent[enabled].append((time.process_time() - start) * 1000)
        quick, slow = statistics.median(spent[True]), statistics.median(spent[False])
        saved = 1 - quick / slow if slow else 0.0
        savings.append(saved)
        print(f"{label:<55} {quick:7.1f} {slow:7.1f}  saves {saved:5.0%}")
    admin_cells.ENABLED = True
    print(f"median saving over {len(savings)} lists: {statistics.median(savings):.0%}")


if __name__ == "__main__":
    main()
