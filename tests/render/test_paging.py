"""Lists that paginate (render/paging.py): every entry once, links that find their page,
pages whose weight does not grow with the archive."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from collections import Counter

import pytest

from papertrail.build.pipeline import load_valid_content
from papertrail.content.model import Content
from papertrail.content.urls import page_url
from papertrail.render import RenderedPage, render_site
from papertrail.render.paging import PAGE_SIZE, make_pager, page_path, split_pages
from papertrail.render.paths import Linker
from papertrail.render.structured import SiteInfo
from tests.conftest import ROOT

SITE = SiteInfo("Paging", "https://example.org/news/", True)
_HREF = re.compile(r'\bhref="([^"#:]*)(?:#([^"]*))?"')
_ID = re.compile(r'\bid="([^"]+)"')


def test_page_paths_and_sizes() -> None:
    assert page_path("stories/index.md", 1) == "stories/index.md"
    assert page_path("stories/index.md", 2) == "stories/page/2.md"
    assert page_path("topics/x.md", 3) == "topics/x/page/3.md"
    assert [len(p) for p in split_pages(list(range(101)), 50)] == [50, 50, 1]
    assert [list(p) for p in split_pages([], 50)] == [[]]


def test_pager_numbers_links_and_gaps() -> None:
    links = Linker(page_path("stories/index.md", 5))
    pager = make_pager("stories/index.md", 5, 9, links)
    assert pager is not None
    assert [item.label for item in pager.links] == ["1", "…", "3", "4", "5", "6", "7", "…", "9"]
    assert [item.current for item in pager.links].count(True) == 1
    assert pager.newer == "../4/" and pager.older == "../6/"
    first = next(item for item in pager.links if item.label == "1")
    assert first.href == "../../"
    assert make_pager("stories/index.md", 1, 1, Linker("stories/index.md")) is None


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> tuple[Content, dict[str, RenderedPage]]:
    """A synthetic newsroom big enough that every kind of list takes several pages."""
    folder = tmp_path_factory.mktemp("paging") / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench/make_corpus.py"), "--stories", "450", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    content, _ = load_valid_content(folder / "content")
    assert max(len(s) for s in content.sources_by_outlet.values()) > PAGE_SIZE
    return content, {page.path: page for page in render_site(content, SITE)}


def _linked_pages(pages: dict[str, RenderedPage], path: str) -> list[str]:
    """The generated pages that page ``path`` links to (each link once)."""
    urls = {page_url(p, True).rstrip("/"): p for p in pages}
    base = posixpath.dirname(page_url(path, True) + "x")
    found = []
    for href, _ in _HREF.findall(pages[path].html):
        if href:
            target = urls.get(posixpath.normpath(posixpath.join(base, href)).strip("/").removeprefix("."))
            if target is not None:
                found.append(target)
    return found


def test_every_link_and_anchor_between_pages_finds_its_page(
    newsroom: tuple[Content, dict[str, RenderedPage]],
) -> None:
    _, pages = newsroom
    paths = {page_url(p, True).rstrip("/"): p for p in pages}
    ids = {path: set(_ID.findall(page.html)) for path, page in pages.items()}
    missing = []
    for path, page in pages.items():
        base = posixpath.dirname(page_url(path, True) + "x")
        for href, anchor in _HREF.findall(page.html):
            if not href and not anchor:
                continue
            url = posixpath.normpath(posixpath.join(base, href)) if href else page_url(path, True)
            target = paths.get(url.strip("/").removeprefix("."))
            if target is None:
                if not href.endswith((".xml", ".css", ".js")):
                    missing.append(f"{path}: {href}")
                continue
            if anchor and anchor not in ids[target]:
                missing.append(f"{path}: {href}#{anchor}")
    assert missing == []


def test_every_entry_of_a_list_is_on_exactly_one_of_its_pages(
    newsroom: tuple[Content, dict[str, RenderedPage]],
) -> None:
    content, pages = newsroom
    index_pages = [p for p in pages if p == "stories/index.md" or p.startswith("stories/page/")]
    assert len(index_pages) == -(-len(content.stories) // PAGE_SIZE)
    listed = Counter(
        target
        for p in index_pages
        for target in _linked_pages(pages, p)
        if target.startswith("stories/") and "/page/" not in target and target != "stories/index.md"
    )
    assert set(listed) == {f"stories/{s}.md" for s in content.stories}
    assert set(listed.values()) == {1}
    outlet = max(content.sources_by_outlet, key=lambda o: len(content.sources_by_outlet[o]))
    outlet_pages = [
        p for p in pages if p == f"outlets/{outlet}.md" or p.startswith(f"outlets/{outlet}/page/")
    ]
    anchors = Counter(a for p in outlet_pages for a in _ID.findall(pages[p].html) if a.startswith("source-"))
    assert set(anchors) == {f"source-{s.id}" for s in content.sources_by_outlet[outlet]}
    assert set(anchors.values()) == {1}
    # Page 1 of each list is a search result; the pages after it are not.
    assert pages[f"outlets/{outlet}.md"].meta.get("pt_search") is not False
    assert all(pages[p].meta.get("pt_search") is False for p in outlet_pages if "/page/" in p)


def test_no_page_grows_past_a_bound_with_the_lists_it_holds(
    newsroom: tuple[Content, dict[str, RenderedPage]],
) -> None:
    _, pages = newsroom
    # Generated articles only (the theme adds ~20 kB around each): a page with 50 of the
    # longest entries, not the archive.
    heaviest = max(pages.values(), key=lambda p: len(p.html.encode()))
    assert len(heaviest.html.encode()) < 100_000, heaviest.path
