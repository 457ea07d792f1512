# The front door. `make run` serves the demo site; `make test` runs the linters and the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/newsroom

# Local-only settings for `make run`: a generated secret, plain HTTP on localhost, uploads served
# by Django, the page cache in local memory (one process), made-up reads for the most-read list
# (demo data: demo/reads.py), emails printed on the console (unless EMAIL_URL is set). Production
# sets its own environment (README.md, "Configuration").
LOCAL_ENV := DJANGO_SECRET_KEY="$$(cat var/secret_key)" DJANGO_HTTPS=false NEWSROOM_SERVE_MEDIA=true \
	NEWSROOM_PAGE_CACHE=true NEWSROOM_DEMO_READS=true EMAIL_URL="$${EMAIL_URL:-console://}"
MANAGE := $(LOCAL_ENV) $(BIN)/python manage.py

# Every file collectstatic reads: the project's and each app's static/ folders (not var/static,
# where it writes), with their folders (a file added or removed), the settings (storages, apps) and
# the installed packages (Django's admin files).
STATIC_SOURCES := $(shell find static $(filter-out var/static,$(wildcard */static)) 2>/dev/null)
COLLECTED_STATIC := var/static/staticfiles.json

# The local database, migrated and given the demo content by `make run` when a migration, the
# demo's code or the installed packages changed, or the database is not there (the stamp
# records the last time). With DATABASE_URL set, another database: done every time.
LOCAL_DB := var/db.sqlite3
DEMO_STAMP := var/.demo-seeded
DEMO_SOURCES := $(wildcard */migrations/*.py) $(shell find demo -name '*.py' 2>/dev/null)
DEMO_ALWAYS := $(if $(or $(DATABASE_URL),$(if $(wildcard $(LOCAL_DB)),,none)),FORCE)

# The benchmark (docs/performance.md): N stories, DB=sqlite|postgres|both, seconds per load run.
N ?= 10000
DB ?= sqlite
DURATION ?= 10
CONNECTIONS ?= 16
# Production serving: gunicorn with the production settings (debug off, secure cookies unless
# DJANGO_HTTPS=false is set: plain HTTP on localhost needs it, see README.md "Production").
WORKERS ?= 2
SERVE_ENV := DJANGO_SECRET_KEY="$$(cat var/secret_key)" DJANGO_DEBUG=false

# $(call with_worker,WORKER,SERVER): the background worker (docs/tasks.md) beside the server.
# Ctrl-C or SIGTERM stops both, and so does the server stopping on its own; the shell waits for
# both, so no worker is left behind (the worker finishes the task it is running first).
with_worker = $(1) & worker=$$!; $(2) & server=$$!; \
	trap 'kill -TERM $$server $$worker 2>/dev/null; wait' EXIT; trap 'exit 130' INT TERM; \
	wait $$server

# The checkers the suite holds public pages to (tests/test_html_valid.py,
# tests/test_accessible_pages.py), pinned, from npm into var/node/ (never committed). The Nu
# HTML Checker runs on Java; without npm or java those two tests are skipped, except under CI.
VNU_VERSION := 26.9.27
AXE_VERSION := 4.14.1
PAGE_CHECKERS := var/node/.installed-vnu-$(VNU_VERSION)-axe-$(AXE_VERSION)

.PHONY: FORCE help screenshots run test lint typecheck format check-migrations test-postgres migrate demo clean bench bench-replay serve bench-images page-checkers messages

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# A second `make run` with nothing changed does no setup work it did before: the static files are
# collected again only when a static file, the settings or the installed packages changed (the
# manifest is the stamp), and the database is migrated and the demo loaded (in one process, whose
# system checks the server then skips) only when DEMO_STAMP says something changed.
run: $(VENV)/.run-deps var/secret_key $(COLLECTED_STATIC) $(DEMO_STAMP)  ## Set up everything and serve the demo site (and its background worker) on http://$(HOST):$(PORT)
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/), with a background worker. Stop both with Ctrl-C."
	$(call with_worker,$(MANAGE) run_worker,$(MANAGE) runserver --skip-checks $(HOST):$(PORT))

test: $(VENV)/.dev-deps lint typecheck check-migrations page-checkers  ## Linters, mypy and the whole test suite (SQLite)
	$(BIN)/pytest

test-postgres: $(VENV)/.dev-deps page-checkers  ## The whole test suite on PostgreSQL ($$POSTGRES_TEST_URL)
	DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/pytest

lint: $(VENV)/.dev-deps  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-deps  ## mypy with django-stubs over every app (settings in pyproject.toml)
	$(BIN)/mypy

format: $(VENV)/.dev-deps  ## Format and autofix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(VENV)/.dev-deps  ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run

# The admin's translations (docs/translations.md): gather the strings of the code into
# locale/*/LC_MESSAGES/*.po, then compile the .mo files (committed, so a clone needs no gettext).
# Needs GNU gettext (apt-get install gettext). Readers' templates (public/jinja2/) are not translated yet.
MESSAGES_IGNORE := --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' \
	--ignore='bench/*' --ignore='docs/*'
messages: $(VENV)/.dev-deps  ## Update the translation catalogs from the code and compile them (needs gettext)
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemessages --all --no-obsolete \
	  --add-location=file $(MESSAGES_IGNORE)
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemessages --all --no-obsolete \
	  --add-location=file --domain=djangojs $(MESSAGES_IGNORE) --ignore='static/admin/*'
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compilemessages --locale=vi \
	  $(MESSAGES_IGNORE)

migrate: $(VENV)/.run-deps var/secret_key  ## Apply migrations to the local database
	$(MANAGE) migrate --noinput

demo: $(VENV)/.run-deps var/secret_key  ## Load the demo content (safe to run again)
	$(MANAGE) seed_demo --with-accounts

bench-images: $(VENV)/.run-deps  ## Time renditions, and the upload request against the worker (docs/images.md)
	$(BIN)/python -m images.bench
	$(BIN)/python -m images.bench uploads

bench: $(VENV)/.run-deps  ## Benchmark the public pages: N=10000 DB=sqlite|postgres|both DURATION=10
	$(BIN)/python -m bench --n $(N) --db $(DB) --duration $(DURATION) --connections $(CONNECTIONS) $(BENCH_ARGS)

bench-replay: $(VENV)/.run-deps  ## A news day through the page cache (hit rate, renders/s): N=10000 DB=sqlite|postgres REPLAY_ARGS=
	$(BIN)/python -m bench.replay --n $(N) --db $(DB) $(REPLAY_ARGS)

serve: $(VENV)/.run-deps var/secret_key  ## Serve with gunicorn and production settings (and a background worker) on http://$(HOST):$(PORT)
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py analyze_database
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving with gunicorn ($(WORKERS) workers, debug off) and a background worker on http://$(HOST):$(PORT)/"
	@echo "Cookies are Secure unless DJANGO_HTTPS=false (for plain HTTP: DJANGO_HTTPS=false make serve)."
	$(call with_worker,$(SERVE_ENV) $(BIN)/python manage.py run_worker,\
	  $(SERVE_ENV) $(BIN)/gunicorn newsroom.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT) \
	  --access-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}")

screenshots: $(VENV)/.dev-deps  ## Photograph the desk and the workflow panel into docs/img/ (Playwright, /usr/bin/chromium)
	$(BIN)/python docs/screenshots.py

page-checkers:  ## Install the Nu HTML Checker and axe-core (pinned, from npm) under var/node/
	@if [ -f $(PAGE_CHECKERS) ]; then :; \
	elif command -v npm >/dev/null; then \
	  npm install --prefix var/node --no-save --no-package-lock --ignore-scripts --no-audit \
	    --no-fund --loglevel=error vnu-jar@$(VNU_VERSION) axe-core@$(AXE_VERSION) && \
	  touch $(PAGE_CHECKERS); \
	else echo "npm not found: the HTML validity and accessibility tests will be skipped."; fi

clean:  ## Remove the virtualenv and local data (database, uploads, collected static files)
	rm -rf $(VENV) var

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

$(COLLECTED_STATIC): $(STATIC_SOURCES) newsroom/settings.py $(VENV)/.run-deps | var/secret_key
	@echo "Collecting and compressing static files (first run, or a static file changed)..."
	$(MANAGE) collectstatic --noinput --verbosity 0
	touch $@

$(DEMO_STAMP): $(DEMO_SOURCES) $(VENV)/.run-deps $(DEMO_ALWAYS) | var/secret_key
	@echo "Migrating the database and loading the demo (a new database, or a migration, the demo or the packages changed)..."
	$(MANAGE) seed_demo --migrate --with-accounts
	touch $@

FORCE:

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
