# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
# Each creates .venv and installs what it needs first, at the versions uv.lock pins
# (every package, with hashes): an upstream release never changes an install.
# `make serve` installs what the preview needs; `make test` adds the test tools.
# The Python that makes .venv: python3, or the system's own /usr/bin/python3 when
# python3 is a build without profile-guided optimisation (pyenv's default), which ran
# load + check 15-20% slower and cold builds about 6% (scripts/venv_python.py).
# `make PYTHON=...` chooses another.
PYTHON ?= $(shell python3 scripts/venv_python.py 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
SERVE_STAMP := $(VENV)/.installed-serve
TEST_STAMP := $(VENV)/.installed-test
ADDR ?= 127.0.0.1:8000
# The engine: ProperDocs, the maintained continuation of MkDocs 1.x, reading the one
# mkdocs.yml (named explicitly, so it does not ask to rename it). `ENGINE=mkdocs make
# serve` runs MkDocs 1.6 instead; both build the same pages (tests/test_engines.py).
ENGINE ?= properdocs
# The web editor (/admin/): Decap CMS vendored into cms/vendor/ at the version
# cms/package-lock.json pins. Under `make serve` it saves through the preview itself.
CMS := cms/vendor/decap-cms/.integrity
# pytest on both cores (pytest-xdist; a module whose fixtures build a site keeps its
# tests on one worker: xdist_group); `make test PYTEST_ARGS=-n0` runs on one.
PYTEST_ARGS ?= -n auto --dist loadgroup
# uv never fetches a Python of its own: the machine's python3 makes .venv.
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: serve test test-fast test-content build check lint clean screenshots cms install install-test lock upgrade

# uv itself comes from PyPI through pip, pinned with hashes; then `uv sync --locked`
# installs exactly uv.lock (it stops if uv.lock no longer matches pyproject.toml:
# run `make lock`). --inexact: `make serve` after `make test` keeps the test tools.
# --compile-bytecode: every package's modules compiled once, as they are installed. A
# process otherwise compiles what it imports whenever it cannot write the compiled
# files (PYTHONDONTWRITEBYTECODE, as on this project's machines): a build of the
# real site took 1.8-2.1 s against 1.3 s.
$(UV): scripts/requirements-uv.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r scripts/requirements-uv.txt
	touch $(UV)

$(SERVE_STAMP): $(UV) pyproject.toml uv.lock
	$(UV) sync --quiet --locked --inexact --compile-bytecode --no-default-groups
	touch $(SERVE_STAMP)

$(TEST_STAMP): $(UV) pyproject.toml uv.lock
	$(UV) sync --quiet --locked --inexact --compile-bytecode --no-default-groups --group test
	touch $(TEST_STAMP)

install: $(SERVE_STAMP)
install-test: $(TEST_STAMP)

# After changing dependencies in pyproject.toml: `make lock` records them in uv.lock,
# keeping every other version. `make upgrade` moves everything to its newest release
# (Dependabot's pull requests do this package by package; the Upstream workflow tries
# all at once every week). Commit uv.lock with the change.
lock: $(UV)
	$(UV) lock

upgrade: $(UV)
	$(UV) lock --upgrade

$(CMS): cms/package.json cms/package-lock.json cms/vendor.py
	@sh cms/setup_node.sh
	$(PYTHON) cms/vendor.py
	touch $(CMS)

cms: $(CMS)

# --livereload is explicit: with click 8.2.2 to 8.3.1, mkdocs 1.6 silently turns the
# browser reload off by default (mkdocs/mkdocs#4032); newer click fixed it, and the
# flag keeps it working whichever click an install resolves. tests/mkdocs/test_serve.py runs
# this exact command and checks that an edit under content/ reloads the page.
#
# --dirty lets MkDocs skip pages whose output is still right: the papertrail plugin
# answers MkDocs' "is this page modified?" from its page cache (same source, site,
# navigation and link targets), re-renders the pages an edit affects and completes
# the search index, so a reload at 1,000 stories takes a second or two instead of a
# full rebuild. MkDocs still prints its generic warning about dirty builds.
#
# The web editor at /admin/ saves into this working copy through the preview's own
# API, which answers only the editor's page (papertrail/editor_backend.py).
serve: $(SERVE_STAMP) $(CMS)
	@$(BIN)/python scripts/check_ports.py "$(ADDR)"
	@echo "web editor: http://$(ADDR)/admin/"
	$(BIN)/$(ENGINE) serve -f mkdocs.yml --dirty --livereload --dev-addr $(ADDR)

build: $(SERVE_STAMP) $(CMS)
	$(BIN)/$(ENGINE) build -f mkdocs.yml --strict

check: $(SERVE_STAMP)
	$(BIN)/papertrail check

lint: $(TEST_STAMP)
	$(BIN)/ruff check plugins tests bench cms scripts
	$(BIN)/ruff format --check plugins tests bench cms scripts
	$(BIN)/mypy

# The browser tests drive a system Chromium or Chrome (Playwright's own download does
# not work here). tests/setup_browser.sh finds one that runs, or installs Debian's
# chromium (root or sudo needed), and prints its path; without one it says in one line
# why and how to fix it, and the tests do not start.
test: $(TEST_STAMP) $(CMS) lint
	@browser="$$(sh tests/setup_browser.sh)" || exit 1; \
	echo "browser: $$browser"; \
	PAPERTRAIL_BROWSER="$$browser" $(BIN)/python -m pytest $(PYTEST_ARGS)

# While working: everything but the browser tests and the slow end-to-end ones
# (builds in subprocesses, the preview server, the engines), in about a minute.
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) -m "not browser and not slow"

# What a pull request that changes only content/ needs: the check, a strict build, and
# the tests that read the real content (see .github/workflows/check.yml).
test-content: $(TEST_STAMP) $(CMS)
	$(BIN)/papertrail check
	$(BIN)/$(ENGINE) build -f mkdocs.yml --strict --site-dir site
	$(BIN)/python -m pytest $(PYTEST_ARGS) -m real_content

screenshots: $(TEST_STAMP)
	@browser="$$(sh tests/setup_browser.sh)" || exit 1; \
	PAPERTRAIL_BROWSER="$$browser" $(BIN)/python -m tests.screenshots $(if $(PROJECT),--project $(PROJECT))

clean:
	rm -rf $(VENV) site cms/node_modules cms/vendor
