"""The site's pages rendered on every core (build/render_workers.py)."""

from __future__ import annotations

from pathlib import Path

from papertrail.analysis.results import analyse
from papertrail.build.render_workers import render_parts
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from papertrail.render.pages import SAVED_TABLES
from papertrail.render.site import render_site, site_parts
from papertrail.render.structured import SiteInfo
from tests.conftest import SEED_CONTENT

SITE = SiteInfo("Test", "https://news.example/")


def test_two_workers_render_the_site_one_process_renders() -> None:
    content = load_content(SEED_CONTENT).content
    analysis = analyse(content)
    alone = render_site(content, SITE, analysis=analysis)
    parts = site_parts(content, SITE, analysis=analysis)
    assert len(parts) > 2  # more than one part for each worker
    forked = [page for pages in render_parts(parts, None, workers=2) for page in pages]
    assert forked == alone  # the same pages, in the same order


def _saved_pages(cache: BuildCache, folder: Path) -> int:
    """How many finished pages ``cache`` saves for the next build."""
    cache.sweep()  # as a build does before saving: what it did not use goes
    cache.save(folder, SAVED_TABLES)
    return len(BuildCache.load(folder, SAVED_TABLES))


def test_what_workers_render_comes_back_to_the_build_cache(tmp_path: Path) -> None:
    content = load_content(SEED_CONTENT).content
    alone, forked = BuildCache(), BuildCache()
    alone.begin()
    render_parts(site_parts(content, SITE, analysis=analyse(content, alone)), alone, workers=1)
    forked.begin()
    analysis = analyse(content, forked)  # pages find the cache through their analysis
    pages = render_parts(site_parts(content, SITE, analysis=analysis), forked, workers=2)
    kept = _saved_pages(alone, tmp_path / "alone")
    assert kept > 2
    # Every finished page a worker made is in the build's cache, and saved.
    assert _saved_pages(forked, tmp_path / "forked") == kept
    # A build on two workers that reuses them all keeps them all (they count as used).
    forked.begin()
    analysis = analyse(content, forked)
    assert render_parts(site_parts(content, SITE, analysis=analysis), forked, workers=2) == pages
    assert forked.misses == 0
    assert _saved_pages(forked, tmp_path / "again") == kept
