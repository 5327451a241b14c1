"""The page cache (mkdocs/page_cache.py) as plain data: saved, read back, refused when wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papertrail.content.cache_files import CacheFileError
from papertrail.mkdocs.page_cache import PAGE_CACHE_FILE, PageCache, StoredPage
from papertrail.render.pages import pack_html


def stored(key: str = "k1") -> StoredPage:
    return StoredPage(
        key=key,
        source_key="s1",
        html_z=pack_html("<p>Hello</p>"),
        toc=[{"level": 2, "id": "a", "name": "A", "children": []}],
        title="A page",
        anchors={"a", "b"},
        links_to_anchors={"other.md": {"x": "y"}},
        targets={"other.md": True},
        output_z=pack_html("<html>whole page</html>"),
    )


def test_stored_pages_come_back_as_they_were_saved(tmp_path: Path) -> None:
    cache = PageCache({"stories/x.md": stored()}, site="digest-1")
    cache.save(tmp_path)
    loaded = PageCache.load(tmp_path)
    assert loaded.site == "digest-1"
    assert loaded.stored == cache.stored
    assert loaded.stored["stories/x.md"].html == "<p>Hello</p>"
    assert loaded.stored["stories/x.md"].output == "<html>whole page</html>"


def test_no_file_is_an_empty_cache(tmp_path: Path) -> None:
    assert PageCache.load(tmp_path).stored == {}


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data["pages"]["stories/x.md"].update(anchors="not a list"),
        lambda data: data["pages"].update({"stories/y.md": ["a", "list"]}),
        lambda data: data.update(pages=None),
    ],
)
def test_a_cache_of_the_wrong_shape_is_refused(tmp_path: Path, damage: object) -> None:
    PageCache({"stories/x.md": stored()}, site="digest-1").save(tmp_path)
    path = tmp_path / PAGE_CACHE_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    data = next(v for v in document.values() if isinstance(v, dict) and "pages" in v)
    damage(data)  # type: ignore[operator]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CacheFileError):
        PageCache.load(tmp_path)
