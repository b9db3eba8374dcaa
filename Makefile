# Two commands for a new user: `make run` and `make test`. Everything else here
# is what they need; re-running either is quick and does nothing twice.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# `make serve`: web server processes, and task workers beside them (0 when the workers run
# elsewhere). Two web processes fill two cores (see the README's figures).
WEB_WORKERS ?= 2
WORKERS ?= 1

.PHONY: run serve worker test setup db browser lint bench wrk clean

# The development server and one task worker; Ctrl-C stops both.
run: db
	@$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production server (gunicorn, static files by WhiteNoise) with the environment's
# settings, and $(WORKERS) task workers; Ctrl-C stops them all.
serve: $(INSTALLED)
	$(PY) manage.py migrate --no-input
	@pids=""; for n in $$(seq 1 $(WORKERS)); do $(PY) manage.py run_worker & pids="$$pids $$!"; done; \
	trap 'kill -TERM $$pids 2>/dev/null; wait $$pids 2>/dev/null' EXIT; \
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) --no-control-socket

# One more task worker, e.g. on another machine sharing DATABASE_URL and REDIS_URL.
worker: $(INSTALLED)
	$(PY) manage.py run_worker

test: db browser
	$(PY) -m pytest

setup: $(INSTALLED)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes. torch is pinned to the CPU build
# that lies on these machines' disk; a looser pin downloads several GB.
$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Migrate the database, load the seed articles (fixed primary keys, so loading
# twice duplicates nothing) and queue the alignment of what needs aligning.
db: $(INSTALLED)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddata seed
	$(PY) manage.py align_all

# The browser tests drive Debian's Chromium through Playwright; Playwright's
# own browser download is never used.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; \
	fi

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Figures, never assertions. `queue` needs PostgreSQL and Redis (it says so and stops
# without them); `load` drives the production server with Debian's wrk.
bench: db wrk
	$(PY) -m benchmarks.press.evaluate
	$(PY) -m benchmarks.textberg
	$(PY) -m benchmarks.speed
	$(PY) -m benchmarks.analysis
	$(PY) -m benchmarks.reading
	$(PY) -m benchmarks.render
	$(PY) -m benchmarks.load
	$(PY) -m benchmarks.queue
	$(PY) -m benchmarks.story_render
	$(PY) -m benchmarks.counterparts
	$(PY) -m benchmarks.vector_index

wrk:
	@if ! command -v wrk >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk; \
	fi

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles test-results
