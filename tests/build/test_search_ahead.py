"""Older search shards indexed while MkDocs renders (build/search_ahead.py) hold the same
records as shards indexed from the written site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from papertrail.build import search, search_ahead
from papertrail.build.search import build_search_bundle
from papertrail.build.search_ahead import IndexAhead, SearchDocument
from papertrail.render.packed_html import pack_html
from tests.conftest import copy_project
from tests.searchfiles import records_by_shard

SHARD_PAGES = 5  # small shards: the seed site spreads over several


def test_shards_indexed_ahead_equal_shards_indexed_from_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - papertrail:\n", f"  - papertrail:\n      search_shard_pages: {SHARD_PAGES}\n", 1
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--verbose",
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PAPERTRAIL_CACHE": "false", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    said = next(line for line in result.stderr.splitlines() if "shards indexed ahead" in line)
    ahead, total = (int(n) for n in said.split("; ")[1].split(" shards")[0].split(" of "))
    # Shards of generated pages only were indexed while MkDocs rendered (the newest, and
    # any holding hand-written or undated pages, at the end).
    assert total > 2 and 0 < ahead < total, said
    made_ahead = records_by_shard(site)
    # The same site indexed afresh from its written pages.
    again = tmp_path / "again"
    shutil.copytree(site, again)
    build_search_bundle(again, "en", SHARD_PAGES)
    assert records_by_shard(again) == made_ahead


def test_shards_are_made_in_the_scratch_folder_and_a_killed_build_s_leftovers_go(tmp_path: Path) -> None:
    # Indexing ahead works in the plugin's cache folder (on the site's file system: the
    # shards are moved into the site, not copied), and leaves nothing there once taken.
    scratch = tmp_path / "cache"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left_by_dead = scratch / f"search-ahead-{dead.pid}-x"
    running = scratch / f"search-ahead-{os.getppid()}-y"  # another build, still running
    for folder in (left_by_dead, running):
        (folder / "in-1").mkdir(parents=True)
    documents = [
        SearchDocument(
            f"stories/s{n}/index.html", pack_html(f"<p>Story {n} text</p>"), "story", f"2024-01-{n:02}"
        )
        for n in range(1, 7)
    ]
    ahead = IndexAhead(documents, [], 2, "en", scratch)
    assert ahead._work.parent == scratch
    assert not left_by_dead.exists() and running.exists()
    done = ahead.take(ahead.plan, "en")
    assert sorted(done) == [1, 2]  # the two older shards; the newest is indexed at the end
    assert all(
        out.is_relative_to(scratch) and (out / "pagefind-entry.json").is_file() for _, out in done.values()
    )
    ahead.close()
    assert sorted(p.name for p in scratch.iterdir()) == [running.name]


def test_the_newest_shard_is_indexed_while_older_ones_still_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build's end indexes the shards not indexed ahead without waiting for those that
    # are: here the older shards' indexing waits until the newest shard's has started.
    site = tmp_path / "site"
    documents = []
    for n in range(1, 7):
        document = SearchDocument(
            f"stories/s{n}/index.html", pack_html(f"<p>Story {n} text</p>"), "story", f"2024-01-{n:02}"
        )
        page = site / document.path
        page.parent.mkdir(parents=True)
        page.write_text(search_ahead._page(document, "en"), encoding="utf-8")
        documents.append(document)
    newest_started = threading.Event()
    index_newest, index_older = search.index_folder, search_ahead.index_folder

    def newest(folder: Path, out: Path, language: str | None) -> int:
        newest_started.set()
        return index_newest(folder, out, language)

    def older(folder: Path, out: Path, language: str | None) -> int:
        if not newest_started.wait(10):
            raise search.SearchBundleError("the newest shard waited for the older ones")
        return index_older(folder, out, language)

    monkeypatch.setattr(search, "index_folder", newest)
    monkeypatch.setattr(search_ahead, "index_folder", older)
    ahead = IndexAhead(documents, [], 2, "en", tmp_path / "scratch")
    try:
        bundle = build_search_bundle(site, "en", 2, ahead=ahead)
    finally:
        ahead.close()
    assert (bundle.shards, bundle.ahead, bundle.pages) == (3, 2, 6)
