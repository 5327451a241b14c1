"""The build's search index (mkdocs/site_search.py): made on a thread while the plugin
finishes the build, its failures raised in the build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from papertrail.build.search import SearchBundle, SearchBundleError, build_search_bundle
from papertrail.mkdocs import site_search
from papertrail.mkdocs.site_search import SiteSearch
from tests.searchfiles import records_by_shard


def _config(site: Path) -> Any:
    return SimpleNamespace(theme={"language": "en"}, site_dir=str(site))


def test_a_build_indexes_while_it_finishes_and_waits_for_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finishing = threading.Event()
    seen: list[bool] = []

    def index(site: Path, *args: object, launched: Callable[[], object], **kwargs: object) -> SearchBundle:
        launched()  # Pagefind runs: the build goes on meanwhile
        # Indexing sees the build go on (at most a minute): it started before the end.
        seen.append(finishing.wait(60))
        return SearchBundle(site / "pagefind", 1, 1, 1, 1)

    monkeypatch.setattr(site_search, "build_search_bundle", index)
    search = SiteSearch()
    finish = search.start_index(_config(tmp_path), preview=False)
    finishing.set()  # the build's own last steps (the sitemap, saving outputs)
    finish()
    assert seen == [True]


def test_the_build_goes_on_once_pagefind_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []

    def index(site: Path, *args: object, launched: Callable[[], object], **kwargs: object) -> SearchBundle:
        time.sleep(0.2)  # linking the newest shard's pages, on the indexing thread alone
        order.append("Pagefind runs")
        launched()
        return SearchBundle(site / "pagefind", 1, 1, 1, 1)

    monkeypatch.setattr(site_search, "build_search_bundle", index)
    finish = SiteSearch().start_index(_config(tmp_path), preview=False)
    order.append("the build goes on")
    finish()
    assert order == ["Pagefind runs", "the build goes on"]


@pytest.mark.parametrize(
    ("failure", "raised"),
    [(SearchBundleError("Pagefind could not index"), PluginError), (OSError("disk full"), OSError)],
)
def test_a_failed_index_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, raised: type[Exception]
) -> None:
    def index(*args: object, **kwargs: object) -> SearchBundle:
        raise failure

    monkeypatch.setattr(site_search, "build_search_bundle", index)
    finish = SiteSearch().start_index(_config(tmp_path), preview=False)
    with pytest.raises(raised, match=str(failure)):
        finish()


# A build in its own process, saying which pages search opened to find their marks.
BUILD_COUNTING_READS = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from papertrail.build import search

opened = []
marker = search._marker

def counted(path):
    opened.append(path)
    return marker(path)

search._marker = counted
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()  # as mkdocs build does: the plugin's temporary folders go
print(json.dumps(opened))
"""


def test_a_build_does_not_read_back_the_pages_it_wrote_to_index_them(
    project_copy: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    config = project_copy / "mkdocs.yml"
    # Shards of two pages: which page is in which shard is decided by each page's date.
    settings = config.read_text(encoding="utf-8")
    assert "      content_dir: content\n" in settings
    config.write_text(
        settings.replace(
            "      content_dir: content\n", "      content_dir: content\n      search_shard_pages: 2\n"
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", BUILD_COUNTING_READS, str(config), str(site)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PAPERTRAIL_CACHE": "false", "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    opened = {Path(p).relative_to(site).as_posix() for p in json.loads(done.stdout.splitlines()[-1])}
    story_pages = {p.relative_to(site).as_posix() for p in (site / "stories").rglob("*.html")}
    assert story_pages and not opened & story_pages
    # MkDocs' own pages (docs/) are read: the plugin did not write them.
    assert "about/index.html" in opened
    # The index is the one made from the written site alone, page for page and shard for shard.
    built = records_by_shard(site)
    assert len(built) > 2
    build_search_bundle(site, "en", 2)
    assert records_by_shard(site) == built
