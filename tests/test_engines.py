"""The site on every engine: MkDocs 1.6, ProperDocs, and (through `papertrail export`) Zensical.

Each build of the seed newsroom must hold every story page with its sections and
have no internal link to a page that is not there. ProperDocs must build exactly
the pages MkDocs builds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import yaml

from papertrail.build.pipeline import load_valid_content
from papertrail.content.model import STORY_SECTIONS
from papertrail.tools.export import ExportError, export_site
from tests.conftest import SEED_CONTENT, copy_project, mkdocs_build
from tests.searchfiles import SEARCH_FOLDER, search_records

pytestmark = pytest.mark.slow

NOW = "2026-11-23T12:00:00+00:00"
BIN = Path(sys.executable).parent


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]
        self._in_h2 = self._in_h2 or tag == "h2"
        if tag == "h2":
            self.h2.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2[-1] += data


def _read(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _broken_links(site: Path) -> list[str]:
    """Links from any page to a file of this site that is not there."""
    broken = []
    for page in site.rglob("*.html"):
        url = "http://site/" + page.relative_to(site).as_posix()
        for href in _read(page).hrefs:
            target, _ = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.netloc != "site" or not target:
                continue
            path = site / unquote(parts.path).lstrip("/")
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)} -> {href}")
    return broken


def _story_page_problems(site: Path, *, directory_urls: bool = True) -> list[str]:
    """What is wrong with the built story pages: missing pages or sections, broken links."""
    content, _ = load_valid_content(SEED_CONTENT)
    problems = [] if content.stories else ["the seed content has no stories"]
    for story in content.stories.values():
        page = site / "stories" / (f"{story.id}/index.html" if directory_urls else f"{story.id}.html")
        if not page.is_file():
            problems.append(f"no page for story {story.id}")
            continue
        headings = [" ".join(h.replace("’", "'").rstrip("¶").split()) for h in _read(page).h2]
        expected = [s.heading for s in STORY_SECTIONS] + ["What the papers say"]
        expected += ["Go deeper"] if story.questions else []
        expected += ["More on these topics"] if story.entities else []
        problems += [f"{story.id}: no section '{h}' in {headings}" for h in expected if h not in headings]
    return problems + _broken_links(site)


def _build(engine: str, project: Path, site: Path) -> None:
    env = {
        **os.environ,
        "PAPERTRAIL_NOW": NOW,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    if engine == "zensical":
        command = [str(BIN / "zensical"), "build"]
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        (project / "site").rename(site)
        return
    result = mkdocs_build(project, site, engine=engine, PAPERTRAIL_NOW=NOW)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_the_plugin_builds_every_story_on_both_engines(engine: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _build(engine, project, tmp_path / "site")
    assert _story_page_problems(tmp_path / "site") == []


def test_properdocs_builds_the_pages_mkdocs_builds(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _build("mkdocs", project, tmp_path / "mkdocs")
    _build("properdocs", project, tmp_path / "properdocs")

    def built(engine: str) -> list[Path]:
        site = tmp_path / engine
        # The search bundle's names carry hashes of unordered data: compared by its records.
        return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())

    files = [p for p in built("mkdocs") if p.parts[0] != SEARCH_FOLDER]
    assert files == [p for p in built("properdocs") if p.parts[0] != SEARCH_FOLDER]
    assert search_records(tmp_path / "mkdocs") == search_records(tmp_path / "properdocs")
    assert search_records(tmp_path / "mkdocs")
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    for name in files:
        ours, theirs = (tmp_path / engine / name for engine in ("mkdocs", "properdocs"))
        if name.suffix == ".html":
            # Only the generator line names the engine.
            assert generator.sub("", ours.read_text(encoding="utf-8")) == generator.sub(
                "", theirs.read_text(encoding="utf-8")
            ), name
        else:
            assert ours.read_bytes() == theirs.read_bytes(), name


@pytest.mark.parametrize("engine", ["zensical", "mkdocs", "properdocs"])
def test_the_export_builds_on_any_engine_without_the_plugin(engine: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    exported = export_site(project, tmp_path / "export", now=dt.datetime.fromisoformat(NOW))
    config = (exported.folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert "papertrail" not in config.split("plugins:")[1]  # no plugin left to run
    _build(engine, exported.folder, tmp_path / "site")
    site = tmp_path / "site"
    # The export uses file URLs (stories/<id>.html): see export.py.
    assert _story_page_problems(site, directory_urls=False) == []
    story = next(p for p in (site / "stories").glob("*.html") if p.name != "index.html").read_text(
        encoding="utf-8"
    )
    assert '<script type="application/ld+json">' in story  # the theme override came along
    assert "papertrail.css" in story
    assert (site / "feed.xml").is_file()
    # Search: the engine's own in an export (Papertrail's needs the plugin), with its button.
    assert 'for="__search"' in story
    assert (site / "search.json").is_file() or (site / "search/search_index.json").is_file()


def test_an_export_never_writes_over_files(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    dest = tmp_path / "export"
    dest.mkdir()
    (dest / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="exists and is not empty"):
        export_site(project, dest)
    assert [p.name for p in dest.iterdir()] == ["notes.md"]


def test_an_export_refuses_a_hand_written_page_where_a_generated_one_goes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "stories").mkdir()
    (project / "docs" / "stories" / "index.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"clash with generated ones; rename them: stories/index.md"):
        export_site(project, tmp_path / "export")
    assert not (tmp_path / "export").exists()  # nothing written


def test_an_export_keeps_the_projects_own_theme_overrides_above_ours(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "mine").mkdir()
    (project / "mine" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: mine\n")
    )
    exported = export_site(project, tmp_path / "export", now=dt.datetime.fromisoformat(NOW))
    assert (exported.folder / "overrides" / "main.html").read_text(
        encoding="utf-8"
    ) == '{% extends "base.html" %}\n'
    assert (exported.folder / "overrides" / "404.html").is_file()  # ours, where the project has none


@pytest.mark.parametrize("value", [None, "https://news.example.org/"])
def test_an_export_resolves_env_settings_as_mkdocs_does(
    value: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project")
    if value is None:
        monkeypatch.delenv("PAPERTRAIL_SITE_URL", raising=False)
    else:
        monkeypatch.setenv("PAPERTRAIL_SITE_URL", value)
    exported = export_site(project, tmp_path / "export", now=dt.datetime.fromisoformat(NOW))
    config = yaml.safe_load((exported.folder / "mkdocs.yml").read_text(encoding="utf-8"))
    # mkdocs.yml says `site_url: !ENV [PAPERTRAIL_SITE_URL, "http://127.0.0.1:8000/"]`.
    assert config["site_url"] == (value or "http://127.0.0.1:8000/")
