# Two commands for a new user: `make run` and `make test`. Everything else here
# is what they need; re-running either is quick and does nothing twice.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup db browser lint bench clean

run: db
	$(PY) manage.py runserver $(HOST):$(PORT)

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

# Migrate the SQLite database, load the seed articles (fixed primary keys, so
# loading twice duplicates nothing) and align what needs aligning.
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

bench: db
	$(PY) -m benchmarks.textberg
	$(PY) -m benchmarks.speed
	$(PY) -m benchmarks.render
	$(PY) -m benchmarks.story_render
	$(PY) -m benchmarks.counterparts
	$(PY) -m benchmarks.vector_index

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results
