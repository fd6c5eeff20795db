# Pavilion: `make run` serves the site on one machine, `make test` is what CI runs.
#
#   make run                  venv + requirements, frontend npm ci, migrate, collectstatic,
#                             demo conference (once), then Daphne on 127.0.0.1:$(PORT)
#                             and a Celery worker with embedded beat (broker: files in var/celery)
#   make test                 system packages/services, dev venv, ruff, pytest on SQLite
#                             and on PostgreSQL (two streams at once: scripts/test-passes.sh)
#   make cluster N=3          nginx on $(PORT) in front of N Daphne processes, Redis between them
#   make lint | test-sqlite | test-postgres | demo | clean
#
# Re-running is cheap: installs are redone only when the requirement files change (stamps in .venv/).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The settings default to production (DEBUG off, a real SECRET_KEY required); the targets here
# are for one development machine and run with DEBUG on unless told otherwise (DEBUG=0 make …).
DEBUG ?= 1
export DEBUG
# The PostgreSQL pass of `make test`; pytest-django creates (and drops) test_<name>.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pavilion
PYTEST_ARGS ?=

# The demo conference is loaded once per database: the stamp is named after it.
DB_ID := $(shell printf '%s' "$${DATABASE_URL:-$${SQLITE_PATH:-var/pavilion.sqlite3}}" | md5sum | cut -c1-12)
DEMO_STAMP := var/.demo-conference-$(DB_ID)

.PHONY: help run serve cluster setup venv dev-venv node-deps migrate static demo demo-if-available \
	test system-deps lint format test-sqlite test-postgres test-passes clean

help:
	@sed -n '1,12p' Makefile | sed 's/^# \{0,1\}//'

# --- Python environments ------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.requirements.stamp: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev.stamp: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.requirements.stamp

dev-venv: $(VENV)/.requirements-dev.stamp

# --- Frontend (only when frontend/package.json exists) ----------------------------

node-deps:
	@if [ -f frontend/package.json ]; then \
		stamp=frontend/node_modules/.npm-ci.stamp; \
		if [ ! -f $$stamp ] || [ frontend/package.json -nt $$stamp ] \
			|| { [ -f frontend/package-lock.json ] && [ frontend/package-lock.json -nt $$stamp ]; }; then \
			echo "npm ci (frontend)"; \
			(cd frontend && npm ci --no-audit --no-fund) && touch $$stamp; \
		fi; \
	fi

# --- make run -----------------------------------------------------------------------

migrate: venv
	@mkdir -p var
	@if [ -z "$${DATABASE_URL:-}" ] && [ ! -f "$${SQLITE_PATH:-var/pavilion.sqlite3}" ]; then rm -f $(DEMO_STAMP); fi
	$(PY) manage.py migrate --noinput

static: venv node-deps
	$(PY) manage.py collectstatic --noinput --verbosity 0

# The command is another app's; load it only where it exists, and only once per database.
demo-if-available: migrate
	@if [ -f $(DEMO_STAMP) ]; then \
		: already loaded; \
	elif $(PY) manage.py help load_demo_conference >/dev/null 2>&1; then \
		echo "loading the demo conference and exhibition"; \
		$(PY) manage.py load_demo_conference --live-now && $(PY) manage.py load_demo_exhibition \
			&& $(PY) manage.py load_demo_orgs && $(PY) manage.py load_demo_accounts \
			&& $(PY) manage.py load_demo_agenda && $(PY) manage.py load_demo_meetings \
			&& $(PY) manage.py load_demo_networking && $(PY) manage.py load_demo_matchmaking \
			&& $(PY) manage.py load_demo_recruitment \
			&& $(PY) manage.py load_demo_candidates \
			&& $(PY) manage.py load_demo_matchmaking_board \
			&& $(PY) manage.py load_demo_activities && $(PY) manage.py load_demo_competition \
			&& touch $(DEMO_STAMP); \
	else \
		echo "(no load_demo_conference command yet: starting without demo data)"; \
	fi

# Load the demo conference again (e.g. to move its sessions to "now").
demo: migrate
	rm -f $(DEMO_STAMP)
	$(PY) manage.py load_demo_conference --live-now
	$(PY) manage.py load_demo_exhibition
	$(PY) manage.py load_demo_orgs
	$(PY) manage.py load_demo_accounts
	$(PY) manage.py load_demo_agenda
	$(PY) manage.py load_demo_meetings
	$(PY) manage.py load_demo_networking
	$(PY) manage.py load_demo_matchmaking
	$(PY) manage.py load_demo_recruitment
	$(PY) manage.py load_demo_candidates
	$(PY) manage.py load_demo_matchmaking_board
	$(PY) manage.py load_demo_activities
	$(PY) manage.py load_demo_competition
	touch $(DEMO_STAMP)

setup: venv node-deps migrate static demo-if-available

# Sequential on purpose (also under make -j).
run:
	$(MAKE) --no-print-directory setup
	$(MAKE) --no-print-directory serve

# Daphne, and beside it one Celery worker with the beat scheduler embedded (-B): notification
# e-mails and reminders. Without REDIS_URL their broker is files in var/celery/ (kombu's
# filesystem transport): nothing more to install or start (docs/operations.md).
serve: venv
	@mkdir -p var
	@echo "Pavilion on http://$(HOST):$(PORT)/ (Celery worker + beat: var/celery-worker.log)"
	$(VENV)/bin/celery -A config worker --beat --concurrency=1 --loglevel=INFO \
		--schedule var/celerybeat >var/celery-worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/daphne -e tcp:port=$(PORT):interface=$(HOST):backlog=1024 config.asgi:application

# Several processes behind one port (see scripts/cluster.sh and docs/operations.md).
N ?= 2
cluster:
	$(MAKE) --no-print-directory setup
	PORT=$(PORT) HOST=$(HOST) scripts/cluster.sh $(N)

# --- make test ----------------------------------------------------------------------

system-deps:
	scripts/setup-test-deps.sh

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

test-sqlite: dev-venv
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -q $(PYTEST_ARGS)

# The browser tests ran in the SQLite pass; they do not depend on the database engine.
test-postgres: dev-venv
	env -u REDIS_URL DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest -q -m "not e2e" $(PYTEST_ARGS)

# The passes in three streams at once: SQLite browser tests | SQLite rest | PostgreSQL
# (TEST_STREAMS=2: the rest of SQLite, then PostgreSQL, in one stream; TEST_STREAMS=1: one after
# the other). Logs and seconds per pass in var/test-logs/.
test-passes: dev-venv
	scripts/test-passes.sh $(PY) $(TEST_DATABASE_URL) $(PYTEST_ARGS)

# Sequential on purpose (also under make -j): each step needs the one before.
test:
	$(MAKE) --no-print-directory system-deps
	$(MAKE) --no-print-directory dev-venv node-deps
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-passes

format: dev-venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles frontend/node_modules var/.demo-conference-*
