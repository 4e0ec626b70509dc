"""A real Celery worker process for the tests, on the configured broker and the test database.

Under CI=true the broker is Redis; locally the filesystem broker. The worker gets its own queue
so that a worker of `make run` or of an earlier run never takes the tests' messages.
"""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from portal.celery import app

BASE_DIR = Path(settings.BASE_DIR)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(tmp_path, extra_env: dict | None = None, concurrency: int = 1):
    """Start `celery worker` in a subprocess; yield (process, queue); stop it at the end."""
    queue = f"tests-{uuid.uuid4().hex[:8]}"
    broker_folder = tmp_path / "broker"
    (broker_folder / "processed").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": app.conf.broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_BROKER_FOLDER": str(broker_folder),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # No indicators' refresh queued after the test's writes (pilotage.freshness).
        "INDICATORS_REFRESH_DELAY_SECONDS": "0",
        **(extra_env or {}),
    }
    previous = (app.conf.task_default_queue, dict(app.conf.broker_transport_options or {}))
    app.conf.task_default_queue = queue
    if app.conf.broker_url.startswith("filesystem://"):
        app.conf.broker_transport_options = {
            "data_folder_in": str(broker_folder),
            "data_folder_out": str(broker_folder),
            "processed_folder": str(broker_folder / "processed"),
        }
    renew_broker_connections()
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-Q",
            queue,
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process, queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        app.conf.task_default_queue, app.conf.broker_transport_options = previous
        renew_broker_connections()


def renew_broker_connections() -> None:
    """The app's connection and producer pools keep the broker options of their first
    connection: a test that published earlier in this process (to the default folder of the
    filesystem broker) made this test's messages go there, where its worker never looked
    (make test: the heartbeat waited 60 s in vain). New options, new connections."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


def wait_for(predicate, timeout: float = 30, interval: float = 0.2, log_path=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    detail = Path(log_path).read_text()[-3000:] if log_path else ""
    raise AssertionError(f"condition non atteinte en {timeout} s\n{detail}")
