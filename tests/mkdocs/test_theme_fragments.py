"""The theme's parts pages at the same place share (mkdocs/theme_fragments.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import material
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.templates import url_filter

from papertrail.mkdocs.theme_fragments import Fragments, can_keep, page_place, toc_key
from papertrail.render.pages import Heading
from tests.conftest import ROOT, copy_project, mkdocs_build
from tests.searchfiles import site_files

OURS = ROOT / "plugins" / "papertrail" / "theme" / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"


def _env(*folders: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in (*folders, OURS, MATERIAL)]))
    env.filters["url"] = url_filter
    return env


def test_pages_as_deep_below_the_same_folder_share_a_place_unless_a_link_leads_into_one() -> None:
    linked = frozenset({"", "stories", "topics", "topics/featured", "assets"})
    assert page_place("stories/a/", linked) == page_place("stories/b/", linked) == ("stories", 2)
    assert page_place("topics/x/page/2/", linked) == page_place("topics/y/page/3/", linked) == ("topics", 4)
    assert page_place("topics/x/", linked) != page_place("topics/x/page/2/", linked)
    # A page whose folder holds a link (a navigation entry) gives it another relative form,
    # and so do the pages below it.
    assert page_place("topics/featured/", linked) == ("topics/featured", -1)
    assert page_place("topics/featured/page/2/", linked) == ("topics/featured", 4)
    assert page_place("topics/other/", linked) == ("topics", 2)
    # Top-level folders, and files beside each other (use_directory_urls: false).
    assert page_place("stories/", linked) == ("stories", -1)
    assert page_place("about/", linked) == ("", 1) != page_place("stories/", linked)
    assert page_place("", linked) == ("", -1)
    assert page_place("stories/a.html", linked) == page_place("stories/b.html", linked) == ("stories", -1)
    assert page_place("stories/a.html", linked) != page_place("topics/a.html", linked)


def test_the_contents_key_leaves_out_the_headline_as_material_does() -> None:
    headline = Heading("headline", "Story one", 1)
    sections = (Heading("whats-happened", "What’s happened"), Heading("go-deeper", "Go deeper"))
    other = Heading("headline", "Story two", 1)
    assert toc_key((headline, *sections)) == toc_key((other, *sections)) == sections
    assert toc_key(sections) == sections
    assert toc_key((headline, *sections, Heading("x", "Second h1", 1), Heading("y", "Y"))) == sections


def test_a_part_is_made_once_per_place_and_contents() -> None:
    fragments = Fragments(frozenset({"stories"}))
    made: list[str] = []

    def make(text: str) -> str:
        made.append(text)
        return text

    toc = (Heading("a", "A"),)
    for url in ("stories/a/", "stories/b/"):
        place = fragments.place(url, None, toc)
        assert place is not None
        assert place.kept("tabs", lambda: make("tabs")) == "tabs"
        assert place.kept("site_nav", lambda: make("nav")) == "nav"
    assert made == ["tabs", "nav"]
    # Other contents, or hidden sidebars: the sidebars are made again, the tabs are not.
    for hide, contents in ((None, (Heading("b", "B"),)), (["toc"], toc)):
        place = fragments.place("stories/c/", hide, contents)
        assert place is not None
        place.kept("tabs", lambda: make("tabs"))
        place.kept("site_nav", lambda: make("nav"))
    assert made == ["tabs", "nav", "nav", "nav"]
    assert Fragments(frozenset(), active=False).place("stories/a/", None, toc) is None


def test_parts_are_kept_with_the_theme_as_it_ships_and_not_with_a_project_s_templates(tmp_path: Path) -> None:
    assert can_keep(_env(), url_filter)
    # A project's own partial may read the page: nothing is kept.
    (tmp_path / "partials").mkdir()
    shutil.copy(MATERIAL / "partials" / "nav-item.html", tmp_path / "partials" / "nav-item.html")
    assert not can_keep(_env(tmp_path), url_filter)
    own_main = tmp_path / "main"
    own_main.mkdir()
    (own_main / "main.html").write_text('{% extends "base.html" %}', encoding="utf-8")
    assert not can_keep(_env(own_main), url_filter)
    # Another plugin's url filter (one that rewrites links per page, say): nothing is kept.
    replaced = _env()
    replaced.filters["url"] = lambda context, value: value
    assert not can_keep(replaced, url_filter)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic newsroom of 60 stories (the index of stories takes two pages)."""
    folder = tmp_path_factory.mktemp("fragments") / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench/make_corpus.py"), "--stories", "60", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


def test_a_build_renders_each_shared_part_once_a_place(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build itself keeps the parts (the comparison below would pass with none kept).
    project = copy_project(tmp_path / "project", corpus / "content")
    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    assert "  - papertrail:\n" in text
    # In this process (one worker), without search, from no cache.
    settings = "  - papertrail:\n      workers: 1\n      search: false\n"
    config_file.write_text(text.replace("  - papertrail:\n", settings, 1), encoding="utf-8")
    monkeypatch.setenv("PAPERTRAIL_CACHE", "false")
    asked: Counter[str] = Counter()
    made: Counter[str] = Counter()
    keep = Fragments.kept

    def counted(self: Fragments, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        asked[key[0]] += 1

        def making() -> str:
            made[key[0]] += 1
            return make()

        return keep(self, key, making)

    monkeypatch.setattr(Fragments, "kept", counted)
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()  # as the command does: the build's own card folder goes
    generated = len(list((tmp_path / "site" / "stories").glob("*/index.html")))
    assert generated > 0 and asked["tabs"] > generated
    for name in ("header-start", "header-end", "tabs", "config"):
        assert 0 < made[name] < asked[name] / 10, name
    assert 0 < made["site_nav"] < asked["site_nav"] / 2


@pytest.mark.slow
def test_every_page_is_the_same_with_the_parts_kept_as_each_rendering_its_own(
    corpus: Path, tmp_path: Path
) -> None:
    # A newsroom with lists of several pages (stories/page/2/), and a topic page in the
    # navigation, so that pages in and under a navigation entry's folder are written too.
    topic = sorted((corpus / "content" / "entities").glob("*.yml"))[0].stem
    sites = {}
    for name in ("kept", "own"):
        project = copy_project(tmp_path / name, corpus / "content")
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "\nnav:\n" in text
        text = text.replace("\nnav:\n", f"\nnav:\n  - Featured: topics/{topic}.md\n", 1)
        if name == "own":
            # The project's own copy of one of Material's partials: every part rendered per page.
            overrides = project / "overrides" / "partials"
            overrides.mkdir(parents=True)
            shutil.copy(MATERIAL / "partials" / "logo.html", overrides / "logo.html")
            text = text.replace(
                "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"
            )
            assert "custom_dir" in text
        config.write_text(text, encoding="utf-8")
        built = mkdocs_build(project, tmp_path / f"site-{name}")
        assert built.returncode == 0, built.stderr
        sites[name] = site_files(tmp_path / f"site-{name}")
    assert sites["kept"].keys() == sites["own"].keys()
    assert [path for path in sites["kept"] if sites["kept"][path] != sites["own"][path]] == []
    assert f"topics/{topic}/index.html" in sites["kept"] and "stories/page/2/index.html" in sites["kept"]
