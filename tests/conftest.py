"""Shared fixtures: a small valid content folder that each test breaks in one way, the
frozen seed newsroom, and the real content.

Two newsrooms are built here:

- ``SEED_CONTENT`` (``tests/fixtures/newsroom/content``), the seeds' content frozen:
  tests that check the seeds' pages word for word, or break a known story, use it;
- ``CONTENT``, the real ``content/`` editors change every day: only tests marked
  ``real_content`` read it, and they check what holds for any content (no errors, a
  strict build, links that resolve), never counts or ids.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_CONTENT = FIXTURES / "newsroom" / "content"

STORY = """\
---
title: A test story
published: 2025-09-03T10:00:00+00:00
summary: Something happened.
entities: [alpha]
questions: [why]
papers:
  - source: paper-one
    says: The Daily says it happened.
sources: [paper-two]
by: [reporter]
---

## What's happened

Alpha Person did it.

## What's behind the headline?

Reasons.

## How we got here

History.
"""

FILES = {
    "outlets.yml": """\
        daily:
          name: The Daily
          url: https://daily.example/
          country: Nowhere
        """,
    "authors.yml": """\
        reporter:
          name: Rita Reporter
          role: Reporter
        """,
    "entities/alpha.yml": """\
        name: Alpha Person
        kind: person
        summary: Alpha is a person.
        aliases: [Alpha]
        """,
    "questions/why.md": """\
        ---
        title: Why?
        entities: [alpha]
        ---

        Because Alpha said so.
        """,
    "sources/paper-one.md": """\
        ---
        title: It happened
        outlet: daily
        url: https://daily.example/one
        published: 2025-09-02
        author: Dana Writer
        ---

        The first paragraph of the article.
        """,
    "sources/paper-two.md": """\
        ---
        title: It happened again
        outlet: daily
        ---
        """,
}


WriteContent = Callable[..., Path]


@pytest.fixture
def write_content(tmp_path: Path) -> WriteContent:
    """Write the small valid content folder, with overrides (None removes a file)."""

    def write(overrides: dict[str, str | bytes | None] | None = None, story: str | None = STORY) -> Path:
        root = tmp_path / "content"
        files: dict[str, str | bytes | None] = {k: textwrap.dedent(v) for k, v in FILES.items()}
        if story is not None:
            files["stories/test-story.md"] = story
        files.update(overrides or {})
        for name, text in files.items():
            if text is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return root

    return write


def wait_for(condition: Callable[[], object], seconds: float = 10.0) -> bool:
    """Whether ``condition()`` comes true within ``seconds`` (asked every 10 ms): for what
    another thread or process does, never as a measure of speed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def run_cli(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``papertrail ARGS`` in ``cwd`` as the command runs it, in this process.

    The command's own ``main`` with its output captured: a subprocess spent half a
    second importing the package, for every call. Tests of what a separate process
    does (standard input from a pipe, the environment) start one themselves.
    """
    from papertrail.tools import cli

    out, err = io.StringIO(), io.StringIO()
    here, saved_stdin = os.getcwd(), sys.stdin
    os.chdir(cwd)
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(list(args))
            except SystemExit as exit:  # argparse's usage errors
                status = exit.code if isinstance(exit.code, int) else 2
    finally:
        os.chdir(here)
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(["papertrail", *args], status, out.getvalue(), err.getvalue())


def mkdocs_build(
    project: Path, site: Path, engine: str = "mkdocs", **env: str
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site``, with extra environment variables.

    Builds start cold (``PAPERTRAIL_CACHE=false``) unless a test passes ``PAPERTRAIL_CACHE``:
    a test of the pages must not pass on pages an earlier run left in the cache. ``engine``
    is ``mkdocs`` or ``properdocs`` (`make build` runs ProperDocs; tests/test_engines.py
    checks that both build the same pages).
    """
    return subprocess.run(
        [
            sys.executable,
            "-m",
            engine,
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        timeout=600,  # a build that hangs (a pipe read, a lock) fails the test instead of the run
        env={
            **os.environ,
            # MkDocs' and ProperDocs' notices about MkDocs 2 (the plugin calls ProperDocs').
            "NO_MKDOCS_2_WARNING": "1",
            "DISABLE_MKDOCS_2_WARNING": "true",
            "PAPERTRAIL_CACHE": "false",
            **env,
        },
    )


def copy_project(dest: Path, content: Path = SEED_CONTENT) -> Path:
    """A project (mkdocs.yml, docs/) in ``dest`` with ``content`` as its content folder."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(content, dest / "content")
    return dest


def build_once(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    project: Callable[[Path], Path],
) -> Path:
    """A site built once per test run, shared by every pytest-xdist worker.

    Workers are separate processes with a session each; the first to take the lock
    builds the site into the run's shared temporary folder (the parent of the
    workers' own), the others wait and read it. Tests only read it (a test that
    changes a site builds its own).
    """
    own = tmp_path_factory.getbasetemp()
    # Only a worker's config has `workerinput` (an environment variable would be
    # inherited by a pytest that a test starts, which would then share a folder
    # with every earlier run).
    shared = own.parent if hasattr(request.config, "workerinput") else own
    out, done = shared / f"{name}-site", shared / f"{name}-site.built"
    with FileLock(str(shared / f"{name}.lock")):
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(shared / f"{name}-project", ignore_errors=True)
            result = mkdocs_build(project(shared / f"{name}-project"), out)
            assert result.returncode == 0, result.stderr
            done.touch()
    return out


@pytest.fixture(scope="session")
def seed_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed newsroom, built once per test run with ``mkdocs build --strict``."""
    return build_once(request, tmp_path_factory, "seed", lambda folder: copy_project(folder / "project"))


@pytest.fixture(scope="session")
def real_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (``content/`` as editors left it), built with ``mkdocs build --strict``."""
    return build_once(request, tmp_path_factory, "real", lambda _folder: ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the seed newsroom's site (mkdocs.yml, docs/, content/) to build or break."""
    return copy_project(tmp_path / "project")
