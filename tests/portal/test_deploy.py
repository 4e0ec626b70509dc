"""The production shape: `check --deploy` is clean and docker-compose.yml is valid."""

import os
import subprocess
import sys

import pytest
import yaml
from django.conf import settings

BASE_DIR = settings.BASE_DIR


def test_check_deploy_prints_no_warning_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "x7!kq2#Lp9zR$wV4mN8bT6yH3jF1dS5aG0cE^uI&oP*lK_=+qZ",
        "ALLOWED_HOSTS": "bde.ac-exemple.fr",
        "VAR_DIR": str(tmp_path),
        # Production shares one cache between processes (rate limits); see portal.checks.
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output
    assert result.returncode == 0


@pytest.mark.compose
def test_docker_compose_describes_production():
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=BASE_DIR,
        env={**os.environ, "SECRET_KEY": "valeur-de-test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]

    assert set(services) == {"postgres", "redis-broker", "redis-cache", "web", "worker", "beat"}
    for name in services:
        assert "healthcheck" in services[name], name
    web_command = services["web"]["command"]
    web_command = " ".join(web_command) if isinstance(web_command, list) else web_command
    assert "gunicorn" in web_command
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "DatabaseScheduler" in " ".join(services["beat"]["command"])
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert services["worker"]["environment"]["CELERY_BROKER_URL"].startswith("redis://")


@pytest.mark.compose
def test_the_cache_is_bounded_and_cannot_evict_or_fill_the_broker():
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=BASE_DIR,
        env={**os.environ, "SECRET_KEY": "valeur-de-test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    services = yaml.safe_load(result.stdout)["services"]
    env = services["web"]["environment"]
    assert env["REDIS_URL"].startswith("redis://redis-cache:")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis-broker:")
    assert services["worker"]["environment"]["CELERY_BROKER_URL"] == env["CELERY_BROKER_URL"]
    cache_command = services["redis-cache"]["command"]
    assert cache_command[cache_command.index("--maxmemory") + 1] == "256mb"
    # Only keys with a timeout go: the version numbers (no timeout) never come back to 1.
    assert cache_command[cache_command.index("--maxmemory-policy") + 1] == "volatile-lru"
    broker_command = services["redis-broker"]["command"]
    assert broker_command[broker_command.index("--maxmemory-policy") + 1] == "noeviction"
    assert "--appendonly" in broker_command


def test_docker_compose_refuses_to_start_without_a_secret_key():
    if not __import__("shutil").which("docker-compose"):
        pytest.skip("docker-compose (paquet Debian) n’est pas installé")
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_dsfr_stylesheets_ask_for_no_hash_the_manifest_storage_would_break():
    """In production the manifest storage rewrites the stylesheets' url(): a fixed `integrity`
    hash made the browser refuse the DSFR (seen with DEBUG=false, pages unstyled)."""
    from django.template import Context, Template

    html = Template("{% load dsfr_tags %}{% dsfr_css %}").render(Context())
    assert "dsfr.min" in html and "integrity" not in html
