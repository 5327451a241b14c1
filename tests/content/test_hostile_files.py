"""What surrounds the content is refused too: planted caches, pipes, devices, links out.

Each case plants one thing a hostile pull request or a careless copy could leave in a
working copy, then runs what an editor or CI runs (`papertrail check`, a strict build
with the cache on, as shipped) and expects one clear line, quickly, and nothing run.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build

pytestmark = pytest.mark.slow


class _Marker:
    """Unpickling this creates a file: proof that a cache was unpickled."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.path}",))


def check(cwd: Path) -> subprocess.CompletedProcess[str]:
    # The timeout guards against a hang; it is not a performance assertion.
    return subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "check"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def cached_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(project, site, PAPERTRAIL_CACHE="true")


def test_a_planted_cache_runs_nothing(project_copy: Path, tmp_path: Path) -> None:
    # A pickle that runs a command when loaded, under every name a cache has had.
    folder = project_copy / ".cache/plugin/papertrail"
    folder.mkdir(parents=True)
    names = ["build-cache.json", "pages.json", "build-cache.pickle", "pages.pickle"]
    for name in names:
        (folder / name).write_bytes(pickle.dumps(_Marker(str(tmp_path / f"ran-{name}"))))
    result = cached_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.glob("ran-*")] == []
    assert "ignoring the build cache" in result.stderr and "ignoring the page cache" in result.stderr
    assert "papertrail: papertrail:" not in result.stderr  # the plugin named once a message
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.parametrize("kind", ["fifo", "link-to-fifo", "dev-zero", "link-out"])
def test_outlets_that_are_not_a_file_are_one_line_with_the_cache_on(
    project_copy: Path, tmp_path: Path, kind: str
) -> None:
    outlets = project_copy / "content/outlets.yml"
    outlets.unlink()
    if kind == "fifo":
        os.mkfifo(outlets)
    elif kind == "link-to-fifo":
        os.mkfifo(tmp_path / "fifo")
        outlets.symlink_to(tmp_path / "fifo")
    elif kind == "dev-zero":
        outlets.symlink_to("/dev/zero")
    else:
        (tmp_path / "outside.yml").write_text("x:\n  name: Outside\n")
        outlets.symlink_to(tmp_path / "outside.yml")
    for result in (check(project_copy), cached_build(project_copy, tmp_path / "site")):
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        assert "content/outlets.yml" in result.stderr


def test_a_docs_page_linked_out_of_the_project_is_never_published(project_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nThe password is hunter2.\n")
    (project_copy / "docs/leak.md").symlink_to(secret)
    os.mkfifo(project_copy / "docs/pipe.md")
    result = check(project_copy)
    assert result.returncode == 1
    assert "docs/leak.md: error: a link to something outside the project" in result.stderr
    assert "docs/pipe.md: error: not an ordinary file" in result.stderr
    built = cached_build(project_copy, tmp_path / "site")
    assert built.returncode != 0
    assert "docs/leak.md" in built.stderr and "docs/pipe.md" in built.stderr
    assert not (tmp_path / "site").exists() or "hunter2" not in "".join(
        p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*") if p.is_file()
    )


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(
    project_copy: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "plugin" / "papertrail").mkdir(parents=True)
    (elsewhere / "plugin" / "papertrail" / "pages.json").write_text("{}")
    (project_copy / ".cache").symlink_to(elsewhere, target_is_directory=True)
    result = cached_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "not caching in" in result.stderr and ".cache is a link" in result.stderr
    assert sorted(p.name for p in (elsewhere / "plugin" / "papertrail").iterdir()) == ["pages.json"]
    assert (elsewhere / "plugin" / "papertrail" / "pages.json").read_text() == "{}"
