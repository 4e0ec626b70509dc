"""Real Celery workers for the reminder proofs: restartable on one queue, killable with SIGKILL.

Like tests/celery_worker.py, but the worker runs in its own process group (so SIGKILL reaches
the pool processes too, as when a container is killed) and a restarted worker listens on the
same queue as the one it replaces.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

from portal.celery import app
from tests.celery_worker import BASE_DIR, database_url, wait_for


class Worker:
    def __init__(self, tmp_path, env: dict, concurrency: int = 1):
        self.tmp_path = tmp_path
        self.queue = f"tests-rappels-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.broker_folder = tmp_path / "broker"
        (self.broker_folder / "processed").mkdir(parents=True, exist_ok=True)

    @property
    def log_path(self):
        return self.tmp_path / f"worker-{self.starts}.log"

    def start(self):
        self.starts += 1
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": app.conf.broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_BROKER_FOLDER": str(self.broker_folder),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # No indicators' refresh queued after the test's writes (pilotage.freshness).
            "INDICATORS_REFRESH_DELAY_SECONDS": "0",
            **self.env,
        }
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "portal",
                    "worker",
                    "-Q",
                    self.queue,
                    f"--concurrency={self.concurrency}",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    f"--hostname=rappels-{self.queue}-{self.starts}@%h",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self._ready, timeout=60, log_path=self.log_path)

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError(self.log_path.read_text()[-3000:])
        return " ready." in self.log_path.read_text()

    def kill(self):
        """SIGKILL the whole worker (main process and pool), as an OOM killer or `docker kill`."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def logs(self) -> str:
        return "\n".join(
            (self.tmp_path / f"worker-{n}.log").read_text()[-2000:]
            for n in range(1, self.starts + 1)
        )


@contextmanager
def reminder_worker(tmp_path, env: dict, concurrency: int = 1):
    """A started worker; the test process sends its tasks to the worker's queue."""
    worker = Worker(tmp_path, env, concurrency)
    previous = (app.conf.task_default_queue, dict(app.conf.broker_transport_options or {}))
    app.conf.task_default_queue = worker.queue
    filesystem = app.conf.broker_url.startswith("filesystem://")
    if filesystem:
        app.conf.broker_transport_options = {
            "data_folder_in": str(worker.broker_folder),
            "data_folder_out": str(worker.broker_folder),
            "processed_folder": str(worker.broker_folder / "processed"),
        }
        _forget_connections()  # a pooled connection would still write to an older folder
    try:
        worker.start()
        yield worker
    finally:
        worker.stop()
        app.conf.task_default_queue, app.conf.broker_transport_options = previous
        if filesystem:
            _forget_connections()


def _forget_connections():
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def beat_until(predicate, worker: Worker, *, timeout: float = 90, every: float = 1.0):
    """Play beat: send the scan and outbox tasks every `every` seconds until `predicate()`."""
    from courriels.tasks import send
    from rappels.tasks import scan

    deadline = time.monotonic() + timeout
    last = 0.0
    while time.monotonic() < deadline:
        if predicate():
            return
        if time.monotonic() - last >= every:
            scan.delay()
            send.delay()
            last = time.monotonic()
        time.sleep(0.2)
    raise AssertionError(f"condition non atteinte en {timeout} s\n{worker.logs()}")
