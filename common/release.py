"""Which release of the code is running: part of the key of every cached rendering, so that a
deploy never serves HTML that the previous templates made.

`PORTAL_RELEASE` (docker-compose sets it to the image's revision) wins; otherwise a digest of
the sizes and modification times of the project's Python files and templates, which every
process of one checkout computes alike (web workers and the Celery worker agree) and which
changes with any edit.
"""

import hashlib
import os
from functools import cache
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "var", "node_modules", ".git", "tests", "bench", "docs", "__pycache__"}
SUFFIXES = (".py", ".html", ".txt", ".js", ".css")


@cache
def release() -> str:
    named = os.environ.get("PORTAL_RELEASE", "").strip()
    if named:
        return named[:40]
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(BASE_DIR):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES):
                path = Path(root, name)
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(BASE_DIR)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:16]
