"""The test database: migrated once into a template, then cloned for each pytest process.

Running 280 migrations costs 30 to 100 s on this machine, once per process. So the first
process of a run migrates into a template named after the migrations and the locked packages
(`test-tpl-<hash>`), under a file lock; every process (each pytest-xdist worker) then clones it:
a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL, in under a second. The
template stays for the next run as long as no migration and no package changed, so a second
`make test` or a single test file starts without migrating at all.
"""

import fcntl
import hashlib
import os
import re
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
LOCK_FILE = BASE_DIR / "var" / "test-database.lock"


def schema_fingerprint() -> str:
    """A hash of every migration file and of the locked package versions."""
    digest = hashlib.sha256()
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    lock = BASE_DIR / "uv.lock"
    if lock.exists():
        digest.update(lock.read_bytes())
    digest.update(repr(settings.INSTALLED_APPS).encode())
    return digest.hexdigest()[:12]


@contextmanager
def _locked():
    LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _template_name(fingerprint: str) -> str:
    if connection.vendor == "sqlite":
        return str(BASE_DIR / "var" / f"test-tpl-{fingerprint}.sqlite3")
    # The role in the name: a template another role made (a manual run as `postgres`) could
    # not be copied by this one (« permission denied to copy database »), nor dropped.
    role = re.sub(r"\W", "", connection.settings_dict.get("USER") or "")
    return f"test_{connection.settings_dict['NAME']}_tpl_{role}_{fingerprint}"


def _template_exists(name: str) -> bool:
    if connection.vendor == "sqlite":
        return Path(name).exists()
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s AND datdba = "
            "(SELECT oid FROM pg_roles WHERE rolname = current_user)",
            [name],
        )
        return cursor.fetchone() is not None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(name: str, fingerprint: str) -> bool:
    """A template of other migrations, or the clone of a process that is gone (a clone of a run
    still going, even of older migrations, is left alone)."""
    match = re.search(r"_(?:gw\d+|main)_(\d+)(?:\.sqlite3)?", name)
    if match:
        return not _alive(int(match.group(1)))
    return fingerprint not in name


def _drop_stale_templates(fingerprint: str) -> None:
    """Templates of earlier migrations, and clones a killed run left, are of no more use."""
    if connection.vendor == "sqlite":
        for path in (BASE_DIR / "var").glob("test-tpl-*.sqlite3*"):
            if _stale(path.name, fingerprint):
                path.unlink(missing_ok=True)
        return
    prefix = f"test_{connection.settings_dict['NAME']}_tpl_"
    with connection._nodb_cursor() as cursor:
        cursor.execute(  # this role's only: another's cannot be dropped by this one
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datdba = "
            "(SELECT oid FROM pg_roles WHERE rolname = current_user)",
            [prefix],
        )
        for (name,) in cursor.fetchall():
            if _stale(name, fingerprint):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _build_template(name: str, verbosity: int) -> None:
    test_settings = connection.settings_dict.setdefault("TEST", {})
    previous = test_settings.get("NAME")
    original_name = connection.settings_dict["NAME"]
    test_settings["NAME"] = name
    try:
        connection.creation.create_test_db(
            verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
    finally:
        test_settings["NAME"] = previous
        connection.settings_dict["NAME"] = original_name
        settings.DATABASES[connection.alias]["NAME"] = original_name


def clone_suffix() -> str:
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


def setup(verbosity: int = 0) -> dict:
    """Make this process's test database from the template (built first if missing)."""
    fingerprint = schema_fingerprint()
    template = _template_name(fingerprint)
    original = dict(connection.settings_dict)
    suffix = clone_suffix()
    with _locked():
        if not _template_exists(template):
            _drop_stale_templates(fingerprint)
            _build_template(template, verbosity)
        connection.settings_dict["NAME"] = template
        connection.creation.clone_test_db(suffix=suffix, verbosity=verbosity, keepdb=False)
    clone = connection.creation.get_test_db_clone_settings(suffix)
    connection.close()
    connection.settings_dict.update(clone)
    settings.DATABASES[connection.alias]["NAME"] = clone["NAME"]
    connection.ensure_connection()
    return {"original": original, "clone": clone["NAME"]}


def teardown(state: dict) -> None:
    """Drop this process's clone; the template stays for the next run."""
    connection.close()
    clone = state["clone"]
    if connection.vendor == "sqlite":
        for extra in ("", "-wal", "-shm"):
            Path(clone + extra).unlink(missing_ok=True)
    else:
        connection.settings_dict["NAME"] = state["original"]["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{clone}"')
    connection.settings_dict.update(state["original"])
    settings.DATABASES[connection.alias]["NAME"] = state["original"]["NAME"]
