"""Search entries made on the second core are exactly the ones Material's plugin makes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from papertrail.render.pages import pack_html
from tests.conftest import copy_project, mkdocs_build


def test_the_search_index_is_the_same_with_entries_made_ahead(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    ahead = mkdocs_build(project, tmp_path / "ahead", PAPERTRAIL_SEARCH_MIN_PAGES="0")
    usual = mkdocs_build(project, tmp_path / "usual", PAPERTRAIL_SEARCH_MIN_PAGES="1000000000")
    assert ahead.returncode == 0, ahead.stderr
    assert usual.returncode == 0, usual.stderr
    made = (tmp_path / "ahead/search/search_index.json").read_bytes()
    assert made == (tmp_path / "usual/search/search_index.json").read_bytes()
    assert b'"location":"stories/' in made  # generated pages are in it


def test_a_failed_worker_leaves_the_page_to_material() -> None:
    from papertrail.search_index import PageText, SearchEntries

    pages = [
        PageText(f"p{i}.md", f"p{i}/", "Title", pack_html("<h1>Title</h1><p>Text.</p>")) for i in range(3)
    ]
    work = SearchEntries(pages)  # below the threshold: nothing is made ahead
    assert work.take("p0.md") is None
    broken = SearchEntries.__new__(SearchEntries)
    broken._executor = None

    class Failed:
        def result(self) -> None:
            raise RuntimeError("worker died")

    broken._futures = {"p0.md": Failed()}  # type: ignore[dict-item]
    assert broken.take("p0.md") is None


@pytest.mark.parametrize(
    "html",
    [
        '<h1>Title</h1><p>Intro <em>text</em>.</p><h2 id="part">Part<a class="headerlink" href="#part">¶</a></h2><ul><li>One</li></ul>',
        '<p>No heading first</p><h2 id="a">A</h2><pre><code>x  =  1\n</code></pre><h3 id="b">B &amp; C</h3><p> </p>',
        '<div class="admonition"><h2 id="n">Nested</h2><p>in a div</p></div><p>after</p>',
    ],
)
def test_entries_are_what_materials_own_method_makes(html: str) -> None:
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import get_toc

    from papertrail.search_index import PageText, entries_for

    ids = re.findall(r'<h\d id="([^"]+)">', html)
    toc = get_toc([{"level": 2, "id": i, "name": i, "children": []} for i in ids])
    page = SimpleNamespace(content=html, toc=toc, url="x/", meta={"title": "Title"}, title="Title")
    index = SearchIndex()
    index.add_entry_from_context(page)
    assert entries_for(PageText("x.md", "x/", "Title", pack_html(html))) == index.entries
