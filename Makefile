# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
UV := python3 -m uv
# The demo's links (mails, open data) name the port it serves: PORTAL_BASE_URL in settings.
DEMO_ENV := PORTAL_PORT=$(PORT)

# Under CI=true the suite runs on PostgreSQL and Redis (started by scripts/services.sh).
ifeq ($(CI),true)
export DATABASE_URL ?= postgres://portal@127.0.0.1:5432/portal
export CELERY_BROKER_URL ?= redis://127.0.0.1:6379/1
export REDIS_URL ?= redis://127.0.0.1:6379/2
endif

.PHONY: run test install install-test services lint format migrate demo worker beat web bench-help clean

run: install migrate demo ## Install, migrate, load the demo and start web + worker + beat
	@echo ""
	@echo "  Portail : http://127.0.0.1:$(PORT)/   —   espace des établissements : http://127.0.0.1:$(PORT)/admin/"
	@echo "  Courriels envoyés : fichiers dans var/mail/   —   Ctrl-C arrête les trois processus."
	@echo ""
	@$(PY) manage.py seed_demo --logins-only
	@echo ""
	$(DEMO_ENV) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile -p $(PORT)

# The whole suite runs in one process per core (pytest-xdist) and prints its 15 slowest tests.
# One file or one test, in seconds: .venv/bin/pytest tests/offres/test_espace.py -k withdraw
PYTEST_ARGS ?= --numprocesses=logical --dist=worksteal --durations=15

test: install-test services lint ## Install test tools, start services under CI, lint, run the suite
	$(VENV)/bin/pytest $(PYTEST_ARGS)

install:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(UV) sync --frozen --no-default-groups --inexact --compile-bytecode
	@mkdir -p var/mail var/celery-broker/processed var/media var/static

install-test:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(UV) sync --frozen --group test --compile-bytecode
	@mkdir -p var/mail var/celery-broker/processed var/media var/static
	bash scripts/system-packages.sh
	@# The W3C Nu HTML Checker (vnu-jar, package-lock.json) for tests/home/test_html_validity.py.
	@# --ignore-scripts: its postinstall would fetch a Java runtime; Debian's Java 17 serves.
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm absent : le test du vérificateur HTML sera ignoré"; fi
	@# A real OpenID Connect provider for the ProConnect browser test, from the committed lock
	@# (installed again only when the lock changed).
	@if command -v npm >/dev/null && [ ! tests/browser/oidc/node_modules/.package-lock.json -nt tests/browser/oidc/package-lock.json ]; then \
		npm ci --prefix tests/browser/oidc --ignore-scripts --no-audit --no-fund --silent; fi

services:
	bash scripts/services.sh

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate:
	$(PY) manage.py migrate --noinput

demo:
	$(DEMO_ENV) $(PY) manage.py seed_demo --quiet-logins

clean:
	rm -rf var/portal.sqlite3* var/test-portal.sqlite3* var/celery-broker var/mail
