"""The stored outputs of generated pages (mkdocs/page_outputs.py): kept, saved, refused when wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from mkdocs.structure.files import File

from papertrail.content.cache_files import CacheFileError
from papertrail.mkdocs.page_outputs import PAGE_CACHE_FILE, OutputKeys, PageOutputs
from papertrail.render.packed_html import pack_html, unpack_html
from papertrail.render.pages import RenderedPage


def outputs() -> PageOutputs:
    return PageOutputs(
        {
            "stories/x.md": ("k1", pack_html("<html>whole page</html>")),
            "topics/y.md": ("k2", pack_html("<html>another</html>")),
        },
        site="digest-1",
    )


def _text(cache: PageOutputs, path: str, key: str) -> str | None:
    output = cache.output(path, key)
    data = cache.read(output) if output is not None else None
    return unpack_html(data) if data is not None else None


def test_stored_outputs_come_back_as_they_were_saved(tmp_path: Path) -> None:
    outputs().save(tmp_path)
    loaded = PageOutputs.load(tmp_path)
    assert loaded.site == "digest-1"
    assert _text(loaded, "stories/x.md", "k1") == "<html>whole page</html>"
    assert _text(loaded, "topics/y.md", "k2") == "<html>another</html>"
    # Kept on disk, read when asked: the index holds no page's text.
    assert "whole page" not in (tmp_path / PAGE_CACHE_FILE).read_text(encoding="utf-8")


def test_saving_again_keeps_what_was_read_from_the_last_file_and_leaves_one_file(tmp_path: Path) -> None:
    outputs().save(tmp_path)
    loaded = PageOutputs.load(tmp_path)
    loaded.begin("digest-1")
    kept = loaded.output("stories/x.md", "k1")
    assert kept is not None
    loaded.keep("stories/x.md", "k1", kept)
    loaded.keep("stories/new.md", "k3", pack_html("<html>new</html>"))
    loaded.commit()
    loaded.save(tmp_path)
    again = PageOutputs.load(tmp_path)
    assert _text(again, "stories/x.md", "k1") == "<html>whole page</html>"
    assert _text(again, "stories/new.md", "k3") == "<html>new</html>"
    assert again.output("topics/y.md", "k2") is None  # not written by the last build
    assert len(list(tmp_path.glob("pages-*.bin"))) == 1


def test_an_output_is_given_only_under_its_own_key_and_site() -> None:
    cache = outputs()
    assert cache.output("stories/x.md", "k2") is None
    assert cache.output("stories/z.md", "k1") is None
    cache.begin("digest-2")  # another site (mkdocs.yml, templates, navigation): nothing holds
    assert cache.output("stories/x.md", "k1") is None


def test_no_file_is_an_empty_cache(tmp_path: Path) -> None:
    assert PageOutputs.load(tmp_path).stored == {}


def _index(folder: Path) -> tuple[Path, dict[str, object]]:
    path = folder / PAGE_CACHE_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    return path, next(v for v in document.values() if isinstance(v, dict) and "pages" in v)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data["pages"].update({"stories/x.md": "not a triple"}),
        lambda data: data["pages"].update({"stories/x.md": ["k1", 0, 10**9]}),  # past the file's end
        lambda data: data["pages"].update({"stories/x.md": ["k1", -5, 3]}),
        lambda data: data.update(blob="../../etc/passwd"),
        lambda data: data.update(blob="pages-0000000000000000.bin"),  # not there
        lambda data: data.update(pages=None),
        lambda data: data.update(site=3),
    ],
)
def test_a_cache_of_the_wrong_shape_is_refused(tmp_path: Path, damage: object) -> None:
    outputs().save(tmp_path)
    path, data = _index(tmp_path)
    damage(data)  # type: ignore[operator]
    document = json.loads(path.read_text(encoding="utf-8"))
    document["data"] = data
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CacheFileError):
        PageOutputs.load(tmp_path)


def test_an_outputs_file_that_is_a_link_is_refused(tmp_path: Path) -> None:
    outputs().save(tmp_path)
    blob = next(tmp_path.glob("pages-*.bin"))
    elsewhere = tmp_path / "elsewhere.bin"
    blob.rename(elsewhere)
    os.symlink(elsewhere, blob)
    with pytest.raises(CacheFileError, match="not an ordinary file"):
        PageOutputs.load(tmp_path)


def test_the_site_digest_follows_an_edited_template_in_the_same_process(tmp_path: Path) -> None:
    # A preview's reloads keep each template's digest while its file is unchanged: an
    # edit to a project's override must still change every page's key.
    from mkdocs.config import load_config
    from mkdocs.structure.nav import Navigation

    from papertrail.mkdocs.page_outputs import site_digest

    (tmp_path / "docs").mkdir()
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    footer = overrides / "partials" / "footer.html"
    footer.write_text("<footer>one</footer>", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    nav = Navigation([], [])
    first = site_digest(config, nav)
    assert site_digest(config, nav) == first
    footer.write_text("<footer>two, longer</footer>", encoding="utf-8")
    assert site_digest(config, nav) != first


def test_a_key_is_carried_only_for_the_same_page_with_the_same_file_in_the_same_site() -> None:
    page = RenderedPage("stories/x.md", "X", pack_html("<p>x</p>"))
    file = File("stories/x.md", None, "/site", True)
    keys = OutputKeys()
    keys.remember("site-1", file, page, "k1")
    keys.end_build()
    assert keys.carried("site-1", file, page) == "k1"
    keys.end_build()
    assert keys.kept("site-1", file, page) == "k1"  # carried into the build after
    same_addresses = File("stories/x.md", None, "/site", True)
    assert keys.carried("site-1", same_addresses, page) is None  # another file object: read again
    assert keys.carried("site-2", file, page) is None
    assert keys.carried("site-1", file, RenderedPage("stories/x.md", "X", pack_html("<p>x</p>"))) is None
    assert keys.kept("site-1", same_addresses, page) == "k1"  # the same addresses, read
