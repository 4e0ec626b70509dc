"""`make run PORT=8101`: the demo's links (mails, open data) name the port it serves, in each of
the Procfile's processes, though honcho gives each one a PORT of its own."""

import importlib.util
import shlex
import subprocess
from itertools import takewhile

from django.conf import settings
from honcho.environ import expand_processes, parse_procfile

from portal import settings as settings_module

BASE_DIR = settings.BASE_DIR


def base_url(monkeypatch, **environ) -> str:
    """PORTAL_BASE_URL as portal/settings.py computes it in a process with this environment."""
    with monkeypatch.context() as patch:
        for name in ("PORT", "PORTAL_PORT", "PORTAL_BASE_URL"):
            patch.delenv(name, raising=False)
        for name, value in environ.items():
            patch.setenv(name, value)
        # A fresh copy of the settings module; the running Django keeps its own.
        spec = importlib.util.spec_from_file_location("settings_probe", settings_module.__file__)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module.PORTAL_BASE_URL


def honcho_line(port: int) -> dict[str, str]:
    """The environment `make run PORT=…` gives honcho (its recipe, as `make -n` prints it)."""
    recipe = subprocess.run(
        ["make", "-n", "run", f"PORT={port}"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    [line] = [line for line in recipe.splitlines() if "honcho start" in line]
    assignments = takewhile(lambda word: "=" in word, shlex.split(line))
    return dict(word.split("=", 1) for word in assignments)


def test_every_process_of_make_run_links_to_the_port_it_serves(monkeypatch):
    env = honcho_line(8101)
    procfile = parse_procfile((BASE_DIR / "Procfile").read_text())
    processes = expand_processes(procfile.processes, env=env, port=8101)

    ports = {p.name: p.env["PORT"] for p in processes}
    assert ports == {"web.1": "8101", "worker.1": "8201", "beat.1": "8301"}  # honcho's own
    for process in processes:
        demo_env = {k: process.env[k] for k in ("PORT", "PORTAL_PORT")}
        assert base_url(monkeypatch, **demo_env) == "http://127.0.0.1:8101", process.name


def test_the_portals_own_address_wins_and_the_default_stays_8000(monkeypatch):
    assert base_url(
        monkeypatch, PORTAL_PORT="8101", PORTAL_BASE_URL="https://bde.ac-toulouse.fr/"
    ) == ("https://bde.ac-toulouse.fr")
    assert base_url(monkeypatch) == "http://127.0.0.1:8000"
