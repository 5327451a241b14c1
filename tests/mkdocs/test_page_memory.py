"""Pages' HTML parked compressed between MkDocs' passes comes back exactly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from papertrail.mkdocs.page_memory import PARKED, PackedOutput, ParkedContent
from papertrail.render.pages import RenderedPage, pack_html
from tests.conftest import copy_project, mkdocs_build


def fake_page(uri: str) -> Any:
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri), content=None)


def test_parked_content_comes_back_as_the_page_had_it() -> None:
    parked = ParkedContent()
    generated = RenderedPage("a.md", "A", pack_html("<p>Généré ✓</p>"))
    changed, handwritten = fake_page("a.md"), fake_page("b.md")
    # A generated page another plugin then changed, and a hand-written page.
    changed.content = parked.handed(changed, generated.html, generated) + "<p>added by a plugin</p>"
    handwritten.content = "<p>Written by hand</p>"
    untouched = fake_page("c.md")
    untouched.content = parked.handed(untouched, generated.html, generated)
    for page in (changed, handwritten, untouched):
        parked.park(page)
        assert page.content is PARKED
    for page in (changed, handwritten, untouched):
        parked.restore(page)
    assert changed.content == "<p>Généré ✓</p><p>added by a plugin</p>"
    assert handwritten.content == "<p>Written by hand</p>"
    assert untouched.content == "<p>Généré ✓</p>"
    parked.park(untouched)  # written: parked again, and back if anything asks
    parked.restore(untouched)
    assert untouched.content == "<p>Généré ✓</p>"
    assert str(PackedOutput(pack_html("<html>é</html>"))) == "<html>é</html>"


def test_no_written_page_holds_the_parking_marker(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert any("stories" in p.parts for p in pages)
    for page in pages:
        assert "papertrail: this page" not in page.read_text(encoding="utf-8"), page
