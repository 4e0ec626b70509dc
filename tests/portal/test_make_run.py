"""`make run`'s processes (Procfile under honcho) on the embedded default: SQLite + filesystem."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR
pytestmark = pytest.mark.worker


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthz(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.loads(response.read())
    except OSError:
        return None


def test_procfile_starts_web_worker_and_beat_that_work_together(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"VAR_DIR": str(tmp_path), "CELERY_BROKER_FOLDER": str(tmp_path / "broker")})
    (tmp_path / "broker" / "processed").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = _free_port()
    honcho = subprocess.Popen(
        [str(BASE_DIR / ".venv/bin/honcho"), "start", "-f", "Procfile", "-p", str(port)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        state = None
        deadline = time.monotonic() + 300
        # beat runs the heartbeat at start-up; the worker writes it; the web server reads it.
        while time.monotonic() < deadline:
            state = _healthz(port)
            if state and state["worker"]["ok"]:
                break
            time.sleep(1)
    finally:
        os.killpg(honcho.pid, signal.SIGINT)
        output = honcho.communicate(timeout=60)[0]

    assert state is not None, output[-3000:]
    assert state["worker"]["ok"], output[-3000:]
    # The embedded default: SQLite in VAR_DIR and the filesystem broker.
    assert (tmp_path / "portal.sqlite3").exists()
    assert "Connected to filesystem://" in output
    for process in ("web.1", "worker.1", "beat.1"):
        assert f"{process} started" in output
    # Ctrl-C stops all three.
    assert honcho.returncode is not None
