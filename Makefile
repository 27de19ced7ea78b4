# Stammtisch: `make run` serves the site with demo content, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/stammtisch
DEV_ENV := DEBUG=true

.PHONY: install install-dev run test lint format messages check-postgres clean bench

# The first Python $(PYTHON_VERSION) found: pyenv's, then python3.12 on the PATH.
PYTHON_BIN := $(shell (command -v pyenv >/dev/null && pyenv which python$(PYTHON_VERSION) 2>/dev/null) || command -v python$(PYTHON_VERSION) || command -v python3)

$(PY):
	@$(PYTHON_BIN) -c 'import sys; v = "%d.%d" % sys.version_info[:2]; sys.exit(0 if v == "$(PYTHON_VERSION)" else "Python $(PYTHON_VERSION) is needed, found " + v + " ($(PYTHON_BIN)). Install it (pyenv install $(PYTHON_VERSION)).")'
	$(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "  Stammtisch runs at http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
	@echo
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

check-postgres: install-dev
	@DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) scripts/check_postgres.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install-dev
	$(DEV_ENV) $(PY) manage.py makemessages -l de -l en --no-location --ignore=.venv --ignore=staticfiles --ignore=tests
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv

test: check-postgres lint
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" DATABASE_POOL=false $(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) -m pytest -n 2 $(PYTEST_ARGS)
	@echo "== Smoke run on SQLite =="
	@# A private SQLite file per run: two runs on one machine (two checkouts, CI runners) never share it.
	smoke_dir="$$(mktemp -d -t stammtisch-smoke.XXXXXX)" && trap 'rm -rf "$$smoke_dir"' EXIT && \
	export DATABASE_URL="sqlite:///$$smoke_dir/smoke.sqlite3" && \
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v0 && \
	$(DEV_ENV) $(PY) manage.py seed_demo && \
	$(PY) -m pytest -m smoke -p no:xdist $(PYTEST_ARGS)

# The benchmark (docs/PERFORMANCE.md): fills the database stammtisch_bench with seed_scale (once), serves the site
# with gunicorn as in production and loads it with wrk. BENCH_ARGS go to scripts/bench.py, e.g.
# BENCH_ARGS="--duration 5 --seed-args --threads 2000 --posts 100000 --big-thread 20000"; both page-cache modes by
# default (BENCH_ARGS="--page-cache on" or "--page-cache off" for one).
bench: install
	@command -v wrk >/dev/null || { echo "Installing wrk ..."; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(PY) scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
