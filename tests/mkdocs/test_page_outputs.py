"""The stored outputs of generated pages (mkdocs/page_outputs.py): kept, saved, refused when wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papertrail.content.cache_files import CacheFileError
from papertrail.mkdocs.page_outputs import PAGE_CACHE_FILE, PageOutputs
from papertrail.render.pages import pack_html, unpack_html


def outputs() -> PageOutputs:
    return PageOutputs({"stories/x.md": ("k1", pack_html("<html>whole page</html>"))}, site="digest-1")


def test_stored_outputs_come_back_as_they_were_saved(tmp_path: Path) -> None:
    cache = outputs()
    cache.save(tmp_path)
    loaded = PageOutputs.load(tmp_path)
    assert loaded.site == "digest-1"
    assert loaded.stored == cache.stored
    output = loaded.output("stories/x.md", "k1")
    assert output is not None and unpack_html(output) == "<html>whole page</html>"


def test_an_output_is_given_only_under_its_own_key_and_site() -> None:
    cache = outputs()
    assert cache.output("stories/x.md", "k2") is None
    assert cache.output("stories/y.md", "k1") is None
    cache.begin("digest-2")  # another site (mkdocs.yml, templates, navigation): nothing holds
    assert cache.output("stories/x.md", "k1") is None


def test_a_build_keeps_only_what_it_wrote() -> None:
    cache = outputs()
    cache.begin("digest-1")
    cache.keep("stories/z.md", "k3", pack_html("z"))
    cache.commit()
    assert set(cache.stored) == {"stories/z.md"}


def test_no_file_is_an_empty_cache(tmp_path: Path) -> None:
    assert PageOutputs.load(tmp_path).stored == {}


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data["pages"].update({"stories/x.md": "not a pair"}),
        lambda data: data["pages"].update({"stories/y.md": [1, "AA=="]}),
        lambda data: data.update(pages=None),
        lambda data: data.update(site=3),
    ],
)
def test_a_cache_of_the_wrong_shape_is_refused(tmp_path: Path, damage: object) -> None:
    outputs().save(tmp_path)
    path = tmp_path / PAGE_CACHE_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    data = next(v for v in document.values() if isinstance(v, dict) and "pages" in v)
    damage(data)  # type: ignore[operator]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CacheFileError):
        PageOutputs.load(tmp_path)
