"""Generated pages written by the plugin through the theme (mkdocs/theme_pages.py)."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from papertrail.mkdocs.theme_pages import FEW_PAGES, few_pages
from tests.conftest import copy_project, mkdocs_build
from tests.searchfiles import site_files


def _with_workers(project: Path, workers: int) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - papertrail:\n" in text
    config.write_text(text.replace("  - papertrail:\n", f"  - papertrail:\n      workers: {workers}\n"))
    return project


_files = site_files


@pytest.mark.slow
def test_pages_written_by_worker_processes_equal_pages_written_in_one(tmp_path: Path) -> None:
    one = _with_workers(copy_project(tmp_path / "one"), 1)
    two = _with_workers(copy_project(tmp_path / "two"), 2)  # forks even for a small site
    assert mkdocs_build(one, tmp_path / "site-one").returncode == 0
    built = mkdocs_build(two, tmp_path / "site-two", PAPERTRAIL_CACHE="true")
    assert built.returncode == 0, built.stderr
    serial, parallel = _files(tmp_path / "site-one"), _files(tmp_path / "site-two")
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []
    # The outputs the workers made are stored, under the keys the workers worked out: a
    # warm build writes the same site from them, each under the key it had (a key made
    # otherwise in a worker than in the build's process would render every page again).
    stored = _stored_keys(two)
    assert stored.keys() >= {"index.md", "stories/index.md"}
    warm = mkdocs_build(two, tmp_path / "site-warm", PAPERTRAIL_CACHE="true")
    assert warm.returncode == 0, warm.stderr
    assert _files(tmp_path / "site-warm") == parallel
    assert _stored_keys(two) == stored


def _stored_keys(project: Path) -> dict[str, str]:
    saved = json.loads((project / ".cache/plugin/papertrail/pages.json").read_text(encoding="utf-8"))
    return {path: entry[0] for path, entry in saved["data"]["pages"].items()}


def test_every_page_is_in_the_sitemap_once(seed_site: Path) -> None:
    built_site = seed_site
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((built_site / "sitemap.xml").read_bytes())
    listed = [loc.text or "" for loc in root.iterfind("s:url/s:loc", namespace)]
    assert len(listed) == len(set(listed))
    pages = {
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("index.html")
        if not p.relative_to(built_site).as_posix().startswith(("admin/", "pagefind/"))
    }
    paths = {re.sub(r"^https?://[^/]+/", "", url) + "index.html" for url in listed}
    # Generated pages (stories, topics, indexes) and docs/ pages alike.
    assert paths == pages
    assert any(p.startswith("stories/") and p != "stories/index.html" for p in paths)
    assert "about/index.html" in paths
    # Its .gz (compressed once, kept for a preview's reloads) holds the same sitemap.
    assert (
        gzip.decompress((built_site / "sitemap.xml.gz").read_bytes())
        == (built_site / "sitemap.xml").read_bytes()
    )


@pytest.mark.slow
def test_a_damaged_outputs_file_costs_a_render_not_a_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cold = mkdocs_build(project, tmp_path / "cold", PAPERTRAIL_CACHE="true")
    assert cold.returncode == 0, cold.stderr
    blob = next((project / ".cache/plugin/papertrail").glob("pages-*.bin"))
    blob.write_bytes(bytes(len(blob.read_bytes())))  # same size, every byte zero
    warm = mkdocs_build(project, tmp_path / "warm", PAPERTRAIL_CACHE="true")
    assert warm.returncode == 0, warm.stderr
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")


def test_the_pages_a_reload_writes_in_its_own_process_grow_with_the_site() -> None:
    # Forking costs in proportion to what the build holds: a large site's reload writes
    # more pages in its own process than a small one's (a blurb on 135 story pages at
    # 5,000 stories was written faster there), a cold build's pages still on every core.
    assert few_pages(100) == few_pages(2_000) == FEW_PAGES
    assert few_pages(13_500) > 135
    assert few_pages(13_500) < 13_500 / 10
