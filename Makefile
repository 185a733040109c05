# steerco: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
# The browser tests drive Debian's Chromium (Playwright cannot download its
# own browser here); `make test` installs it when missing.
CHROMIUM := /usr/bin/chromium

.PHONY: demo test install install-dev lint messages clean bench load bench-report bench-findings bench-drafts report-pages bench-import bench-pages

demo: install
	$(BIN)/steerco demo --port $(PORT)

test: install-dev $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

# steerco's bytecode is compiled here, as pip compiles the libraries': a
# command then starts without compiling 200 modules (a quarter of a second),
# also where PYTHONDONTWRITEBYTECODE is set. Python ignores a stale .pyc.
install: $(VENV)/.installed $(VENV)/.messages $(VENV)/.system
	@$(BIN)/python -m compileall -q steerco manage.py >/dev/null
install-dev: install $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

# Load test on loopback (100 users, 2 minutes; docs/performance.md, "Load").
load: install-dev
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]'
	bench/load.sh

# Compiled message catalogues are built, not committed. msgfmt comes from
# Debian's gettext, installed here if the machine lacks it.
$(VENV)/.messages: $(wildcard steerco/locale/*/LC_MESSAGES/django.po steerco/*/locale/*/LC_MESSAGES/django.po) | $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0
	touch $@

# Reports: WeasyPrint needs Pango; documents use Liberation Serif (Times New
# Roman metrics, Vietnamese glyphs) and DejaVu; HarfBuzz-Subset makes the
# PDF's font subsets the same from run to run. SoftHSM is a software PKCS#11
# token: the signing tests use it to stand for a CA's USB token (they skip
# without it). poppler-utils gives pdftoppm, which `make report-pages` uses
# to turn a report into the page images of docs/ (no test needs it).
# Installed here when missing.
REPORT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core softhsm2 poppler-utils
$(VENV)/.system: | $(BIN)/python
	@dpkg -s $(REPORT_DEBS) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $(REPORT_DEBS) >/dev/null)
	touch $@

# The example programme's report (docs/examples/, Thanh Hóa, 2025-Q3) as
# page images in docs/ (report-example-pageN.png), in a throw-away database.
report-pages: install
	$(BIN)/python bench/report_pages.py

# The steering report's benchmark: the whole-city demo report in every
# format, in a throw-away database; fails over its 10 s budget
# (docs/performance.md). Part of `make bench`.
bench-report: install
	$(BIN)/python bench/report_city.py
bench: bench-report

# Issue 21's goals, each a CPU ratio within one run (docs/performance.md):
# the Excel import against openpyxl's read-only read of the same generated
# 100.000-row workbook (first import <= 2x, unchanged file <= 1,3x, peak
# memory <= 2x), and the home page and drill-down p95 under 20 concurrent
# clients against the login page on the same server (<= 3x). Each exits 1
# when a goal is missed. Part of `make bench`.
IMPORT_ARGS ?=
bench-import: install
	$(BIN)/python bench/import_floor.py $(IMPORT_ARGS)
bench: bench-import

PAGES_ARGS ?=
bench-pages: install
	$(BIN)/python bench/pages_load.py $(PAGES_ARGS)
bench: bench-pages

# The findings pages' benchmark (roll-up, exception list, PAR-index pages and
# endpoints) on a fresh demo database; FINDINGS_ARGS="--findings 20000" adds
# findings to see the pages scale (docs/performance.md). Part of `make bench`.
FINDINGS_ARGS ?=
bench-findings: install
	$(BIN)/python bench/findings.py $(FINDINGS_ARGS)
bench: bench-findings

# The draft check's precision and recall on its test corpus (three drafts,
# TXT, DOCX and PDF, with planted errors) against a fresh demo database;
# fails when a planted error is missed or a correct figure is flagged
# (docs/performance.md, docs/draft-check.md). Part of `make bench`.
bench-drafts: install
	$(BIN)/python bench/drafts.py
bench: bench-drafts

# Re-extract the messages after changing translatable text, then translate
# the new entries. An app with its own locale/ folder keeps its own catalogue
# (fewer merge conflicts); the project catalogue takes everything else.
APP_LOCALES := $(patsubst %/locale,%,$(wildcard steerco/*/locale))
messages: install
	for app in $(APP_LOCALES); do (cd $$app && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l vi -l en --no-location); done
	cd steerco && ../$(BIN)/python ../manage.py makemessages -l vi -l en --no-location -i "lib/*" $(foreach a,$(APP_LOCALES),-i "$(notdir $(a))/*")

clean:
	rm -rf $(VENV) data

$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium >/dev/null

# The indicator engine's benchmark (docs/performance.md). Small by default;
# national scale with BENCH_ARGS="--scale 1". It runs on a SQLite file of its
# own and, when BENCH_PG_URL names an empty PostgreSQL database, there too.
# Then the dashboard's pages (bench/dashboard.py, p50/p95 per page): on a
# fresh demo database, then on the synthetic data just generated (national
# scale with BENCH_ARGS="--scale 1": about 10 min to generate, 5 to measure).
BENCH_ARGS ?= --scale 0.01
BENCH_DIR ?= /tmp/steerco-bench
BENCH_SYNTH_RUNS ?= 10
bench: install
	mkdir -p $(BENCH_DIR)
	DATABASE_URL=sqlite:///$(BENCH_DIR)/bench.sqlite3 $(BIN)/steerco bench $(BENCH_ARGS)
	@if [ -n "$(BENCH_PG_URL)" ]; then DATABASE_URL=$(BENCH_PG_URL) $(BIN)/steerco bench $(BENCH_ARGS); \
	else echo "(set BENCH_PG_URL=postgres://... to run it on PostgreSQL too)"; fi
	$(BIN)/python bench/dashboard.py
	DATABASE_URL=sqlite:///$(BENCH_DIR)/bench.sqlite3 $(BIN)/python bench/dashboard.py --synthetic --runs $(BENCH_SYNTH_RUNS)
