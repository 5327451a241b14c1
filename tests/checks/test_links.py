"""Links and pictures in prose (checks/links.py): every link within the site goes somewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertrail.build.pipeline import check_content
from papertrail.build.pipeline import load_valid_content as load
from papertrail.checks.links import judge_link, site_addresses
from papertrail.content.cache import BuildCache
from papertrail.render import render_site
from papertrail.render.paths import author_path, entity_path, question_path, story_path
from papertrail.render.structured import SiteInfo
from tests.conftest import STORY, WriteContent, copy_project, mkdocs_build

HAPPENED = "Alpha Person did it."


def _story_with(text: str) -> str:
    return STORY.replace(HAPPENED, text)


def _errors(root: Path) -> list[str]:
    _, problems = check_content(root, root.parent)
    return [str(p) for p in problems if p.is_error]


def test_the_three_broken_links_of_the_report_are_errors_on_their_lines(write_content: WriteContent) -> None:
    text = (
        "Alpha Person did it.\n\n"
        "See the [background](/stories/plague-in-mongolia/).\n\n"
        "And [more](../plague-background/) and [the WHO](../../topics/who/)."
    )
    errors = _errors(write_content({"stories/test-story.md": _story_with(text)}))
    assert len(errors) == 3
    # The section's text starts on line 16 of STORY: the links' paragraphs are on 18 and 20.
    assert errors[0].startswith(
        "content/stories/test-story.md:18: body: error: link '/stories/plague-in-mongolia/'"
    )
    assert all(e.startswith("content/stories/test-story.md:20: body: error: link '../") for e in errors[1:])
    assert all("goes to no page of the site" in e for e in errors)


def test_a_near_miss_is_told_the_page_it_meant(write_content: WriteContent) -> None:
    root = write_content({"stories/test-story.md": _story_with("[Alpha](../../topics/alfa/) did it.")})
    assert _errors(root)[0].endswith("goes to no page of the site: did you mean /topics/alpha/?")
    # Nothing near among the topics: where to look their ids up (not the topics' index).
    root = write_content({"stories/test-story.md": _story_with("[Alpha](../../topics/who/) did it.")})
    assert _errors(root)[0].endswith(
        "goes to no page of the site: `papertrail ls entities` lists the ids there are"
    )


@pytest.mark.parametrize(
    "link",
    [
        "/stories/test-story/",
        "../test-story/",
        "/topics/alpha/",
        "../../topics/alpha/",
        "../../questions/why/",
        "/authors/reporter/",
        "/outlets/daily/",
        "/stories/",
        "/stories/page/2/",
        "/",
        "#whats-happened",
        "https://example.org/a?b#c",
        "mailto:desk@news.example",
        "/about/",
        "/assets/map.pdf",
        "/feed.xml",
        "../../topics/alpha/index.html",
    ],
)
def test_links_that_reach_a_page_or_file_pass(write_content: WriteContent, link: str) -> None:
    root = write_content({"stories/test-story.md": _story_with(f"[Alpha Person]({link}) did it.")})
    (root.parent / "docs" / "assets").mkdir(parents=True)
    (root.parent / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    (root.parent / "docs" / "assets" / "map.pdf").write_bytes(b"%PDF")
    assert _errors(root) == []


def test_a_link_to_a_source_file_is_told_the_pages_address(write_content: WriteContent) -> None:
    root = write_content({"stories/test-story.md": _story_with("[Alpha](../../topics/alpha.md) did it.")})
    assert _errors(root)[0].endswith("links to a page's source file: link to its address, /topics/alpha/")


def test_a_picture_in_prose_is_refused_with_what_to_do(write_content: WriteContent) -> None:
    root = write_content(
        {"stories/test-story.md": _story_with("Alpha Person did it.\n\n![Map of Alpha](map.png)")}
    )
    (error,) = _errors(root)
    assert (
        "picture 'map.png' in the text is not shown to readers: give the story its picture with image:"
        in error
    )


def test_a_topics_blurb_links_from_the_sites_root_only(write_content: WriteContent) -> None:
    relative = "name: Alpha Person\nkind: person\nsummary: See [the story](../../stories/test-story/).\n"
    (error,) = _errors(write_content({"entities/alpha.yml": relative}))
    assert error.startswith("content/entities/alpha.yml:3: summary: error:") and "site's root" in error
    rooted = relative.replace("../../stories/", "/stories/")
    assert _errors(write_content({"entities/alpha.yml": rooted})) == []


def test_judge_link_never_lets_a_link_leave_the_site() -> None:
    pages, files = frozenset({"", "stories/", "stories/a/"}), frozenset()
    assert judge_link("../../../../etc/passwd", "stories/a/", pages, files) == "goes above the site's root"
    assert judge_link("//evil.example/x", "stories/a/", pages, files) is None  # another site, not ours


def test_page_addresses_are_the_renderers_own(write_content: WriteContent) -> None:
    content, _ = load(write_content())
    pages, _ = site_addresses(content, ())
    site = SiteInfo("News", "https://news.example/")
    made = {page.path for page in render_site(content, site)}
    for path in (
        story_path("test-story"),
        entity_path("alpha"),
        question_path("why"),
        author_path("reporter"),
    ):
        assert path in made and path.removesuffix(".md") + "/" in pages


def test_links_from_the_sites_root_are_written_relative_to_the_page(write_content: WriteContent) -> None:
    root = write_content({"stories/test-story.md": _story_with("[Alpha Person](/topics/alpha/#x) did it.")})
    content, _ = load(root)
    page = next(
        p
        for p in render_site(content, SiteInfo("News", "https://news.example/sub/"))
        if p.path == story_path("test-story")
    )
    assert 'href="../../topics/alpha/#x"' in page.html and 'href="/topics/alpha/' not in page.html


@pytest.mark.slow
def test_a_broken_link_fails_the_strict_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    story = next((project / "content" / "stories").glob("*.md"))
    text = story.read_text(encoding="utf-8")
    story.write_text(
        text.replace("## What's happened\n", "## What's happened\n\n[Old news](/stories/nowhere/)\n", 1)
    )
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode != 0
    assert (
        f"content/stories/{story.name}:" in built.stderr
        and "link '/stories/nowhere/' goes to no page" in built.stderr
    )


def test_links_to_pages_the_published_site_has_not_are_errors(write_content: WriteContent) -> None:
    """No index of authors, no page for a source whose text may not be published, and a
    draft's page only in the preview: each was a 404 on the published site."""
    for link in ("/authors/", "/sources/paper-one/", "/assets/missing.pdf"):  # paper-one: all rights reserved
        root = write_content({"stories/test-story.md": _story_with(f"[Alpha Person]({link}) did it.")})
        assert len(_errors(root)) == 1, link
    draft = STORY.replace("title: A test story", "title: A draft\ndraft: true")
    linked = _story_with("[Alpha Person](/stories/a-draft/) did it.")
    (error,) = _errors(write_content({"stories/test-story.md": linked, "stories/a-draft.md": draft}))
    assert "goes to story 'a-draft' (draft: not published): it is not on the published site" in error
    # A draft may link to a draft: neither is published.
    both = linked.replace("title: A test story", "title: A test story\ndraft: true")
    assert _errors(write_content({"stories/test-story.md": both, "stories/a-draft.md": draft})) == []


def test_a_page_that_comes_or_goes_between_builds_is_known_to_the_next(write_content: WriteContent) -> None:
    # The site's addresses are kept by the build cache while the ids are the same.
    root = write_content({"stories/test-story.md": _story_with("[Gamma](/topics/gamma/) did it.")})
    cache = BuildCache()
    alpha = (root / "entities/alpha.yml").read_text()

    def errors() -> list[str]:
        cache.begin()
        _, problems = check_content(root, root.parent, cache=cache)
        return [str(p) for p in problems if p.is_error and "/topics/gamma/" in str(p)]

    assert errors()
    (root / "entities/gamma.yml").write_text(alpha.replace("Alpha", "Gamma"))
    assert not errors()
    (root / "entities/gamma.yml").unlink()
    assert errors()
