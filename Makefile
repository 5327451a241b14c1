# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
# Each creates .venv and installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

.PHONY: serve test build check lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# --livereload is explicit: with click > 8.2.1 mkdocs 1.6 silently turns the
# browser reload off by default (mkdocs/mkdocs#4032).
serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dev-addr $(ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/papertrail check

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/ruff format --check plugins tests
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) site
