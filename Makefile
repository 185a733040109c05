# steerco: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
# The browser tests drive Debian's Chromium (Playwright cannot download its
# own browser here); `make test` installs it when missing.
CHROMIUM := /usr/bin/chromium

.PHONY: demo test install install-dev lint messages clean bench

demo: install
	$(BIN)/steerco demo --port $(PORT)

test: install-dev $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

install: $(VENV)/.installed $(VENV)/.messages
install-dev: install $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

# Compiled message catalogues are built, not committed. msgfmt comes from
# Debian's gettext, installed here if the machine lacks it.
$(VENV)/.messages: $(wildcard steerco/locale/*/LC_MESSAGES/django.po steerco/*/locale/*/LC_MESSAGES/django.po) | $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0
	touch $@

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

# Benchmarks, not tests: each prints its own figures (docs/performance.md).
# One line per benchmark that runs on its own fresh database.
bench: install
	$(BIN)/python bench/dashboard.py
