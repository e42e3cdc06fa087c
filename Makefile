# Trust Check: `make run` serves the app with demo data, `make test` runs every check.
# Everything lives in .venv; the install step reruns only when pyproject.toml or the lock changes.

VENV      := .venv
PY        := $(VENV)/bin/python
# manage.py runs with DEBUG on for development (config/settings.py defaults it to off).
MANAGE    := DEBUG=$${DEBUG:-1} $(PY) manage.py
STAMP     := $(VENV)/.installed
HOST      ?= 127.0.0.1
PORT      ?= 8000
# Where the reports' QR codes and verification addresses lead; set it to the address people use
# when that is not HOST:PORT (a proxy, a public host name).
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install system-deps test-deps postgres-check messages run serve migrate content test lint typecheck checks pytest bench lock schema clean

help:
	@echo "make run     set up (venv, system packages, database, content, demo data) and serve on http://$(HOST):$(PORT)/"
	@echo "make test    lint, format check, type check, Django checks, migrations check and the whole pytest suite"
	@echo "             (needs PostgreSQL for the fault tests: see make postgres-check)"
	@echo "make bench   benchmarks under tests/perf/ (results in var/bench/)"
	@echo "make lock    re-resolve requirements.lock from pyproject.toml"

$(STAMP): pyproject.toml requirements.lock
	@if [ ! -x $(PY) ]; then \
		python_bin=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$python_bin"; \
		"$$python_bin" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@touch $@

install: $(STAMP)

# System packages the app needs at run time: a Hangul font for the PDF reports, gettext for the
# message catalogues. The tests also drive Debian's Chromium and read PDFs back with poppler.
system-deps:
	@scripts/system-deps fonts-nanum gettext

test-deps: system-deps
	@scripts/system-deps chromium poppler-utils

# Compile the ko/en message catalogues (GNU gettext's msgfmt; installed by system-deps).
messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

content: migrate
	$(MANAGE) load_checklists

run: install system-deps messages content
	$(MANAGE) seed_demo
	@$(MAKE) --no-print-directory serve

# The web server, and a report worker beside it (django-tasks-db); Ctrl-C stops both.
serve:
	@echo "Trust Check on http://$(HOST):$(PORT)/  (Ctrl-C stops it; a report worker runs beside it)"
	@export PUBLIC_BASE_URL='$(PUBLIC_BASE_URL)'; \
	$(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# The fault tests run real gunicorn and db_worker processes on a throwaway PostgreSQL database:
# check up front that a server answers (starting a local Debian cluster that is down), or say
# exactly what is missing. RELIABILITY_POSTGRES_URL names another server; RELIABILITY_NO_POSTGRES=1
# skips those two tests on purpose.
postgres-check: install
	@$(PY) scripts/check-postgres

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy core checklists assessments remediation reports notifications portfolio config

checks: install
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) export_checklist_schema --check

pytest: install messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: test-deps postgres-check lint typecheck checks pytest

bench: install messages
	$(PY) -m tests.perf
	FUZZ_EXAMPLES=200 $(VENV)/bin/pytest tests/reliability/test_fuzz_api.py -q

lock:
	@python_bin=$$(scripts/find-python) || exit 1; \
	rm -rf var/lock-venv && "$$python_bin" -m venv var/lock-venv && \
	var/lock-venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]' && \
	var/lock-venv/bin/pip freeze --exclude-editable --disable-pip-version-check | grep -v '^trustcheck' > requirements.lock && \
	rm -rf var/lock-venv && echo "requirements.lock updated"

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
