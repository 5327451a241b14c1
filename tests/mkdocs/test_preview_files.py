"""What a preview keeps of its last build's files (mkdocs/preview_files.py)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from papertrail.mkdocs.preview_files import KeptFiles, PresentFiles
from papertrail.render.site import Asset


def _config(tmp_path: Path, site: str = "site") -> MkDocsConfig:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / site))
    # As MkDocs sets it while a plugin's event runs (File.generated names the plugin).
    config.plugins._current_plugin = "papertrail"  # type: ignore[attr-defined]
    return config


def test_a_preview_keeps_its_page_files_while_their_place_is_the_same(tmp_path: Path) -> None:
    kept, config = KeptFiles(preview=True, dirty=True), _config(tmp_path)
    pages = [("stories/a.md", "../content/stories/a.md"), ("topics/b.md", None)]
    first = kept.page_files(config, pages)
    again = kept.page_files(config, pages)
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert [f.url for f in again] == ["stories/a/", "topics/b/"]
    # Another edit link or site folder: a file of its own.
    moved = kept.page_files(config, [("stories/a.md", "../content/stories/renamed.md")])
    assert moved[0] is not first[0] and moved[0].edit_uri == "../content/stories/renamed.md"
    elsewhere = kept.page_files(
        _config(tmp_path, "other"), [("stories/a.md", "../content/stories/renamed.md")]
    )
    assert elsewhere[0] is not moved[0]
    # A build (not a preview) makes its own every time.
    build = KeptFiles()
    assert build.page_files(config, pages)[0] is not build.page_files(config, pages)[0]


def test_a_dirty_preview_adds_only_the_feeds_that_changed_or_are_gone(tmp_path: Path) -> None:
    config = _config(tmp_path)
    kept = KeptFiles(preview=True, dirty=True)
    feeds = [Asset("feed.xml", "<feed>1</feed>"), Asset("topics/a/feed.xml", "<feed>a</feed>")]
    first = Files([])
    kept.add_feeds(first, config, feeds)
    assert sorted(first.src_uris) == ["feed.xml", "topics/a/feed.xml"]
    for file in first:  # as MkDocs writes them
        file.copy_file()
    (tmp_path / "site/topics/a/feed.xml").unlink()
    second = Files([])
    kept.add_feeds(second, config, [Asset("feed.xml", "<feed>2</feed>"), feeds[1]])
    assert sorted(second.src_uris) == ["feed.xml", "topics/a/feed.xml"]  # changed; gone
    for file in second:
        file.copy_file()
    third = Files([])
    kept.add_feeds(third, config, [Asset("feed.xml", "<feed>2</feed>"), feeds[1]])
    assert sorted(third.src_uris) == []  # both in the site folder as they are
    # Without --dirty MkDocs empties the site folder: every feed is written.
    clean = KeptFiles(preview=True, dirty=False)
    for _ in range(2):
        files = Files([])
        clean.add_feeds(files, config, feeds)
        assert len(files) == 2


def test_a_file_found_in_the_preview_site_is_looked_at_once_and_a_missing_one_each_time(
    tmp_path: Path,
) -> None:
    present = PresentFiles()
    there, later = tmp_path / "there.html", tmp_path / "later.html"
    there.write_text("page", encoding="utf-8")
    assert present(str(there)) and not present(str(later))
    later.write_text("page", encoding="utf-8")
    assert present(str(later))  # not found before: looked at again
    # Found once, it is not looked at again (the folder is the preview's own: nothing
    # else removes it, and looking at thousands of files was a fifth of a reload).
    there.unlink()
    assert present(str(there))
