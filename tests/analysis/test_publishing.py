"""Drafts, embargoes, corrections and last-updated dates, as the build and check see them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from papertrail.analysis.publishing import find_held
from papertrail.build.pipeline import check_content
from papertrail.render import render_feeds, render_site
from papertrail.render.structured import SiteInfo
from tests.conftest import STORY, WriteContent, mkdocs_build

DRAFT_STORY = (
    STORY.replace("title: A test story", "title: A secret draft story")
    .replace("summary:", "draft: true\nsummary:")
    .replace("Alpha Person did it.", "Alpha Person did the secret thing.")
)
EMBARGOED_STORY = DRAFT_STORY.replace("draft: true\n", "").replace(
    "2025-09-03T10:00:00+00:00", "2999-01-01T09:00:00+00:00"
)


def test_held_items_are_found_with_reasons(write_content: WriteContent) -> None:
    root = write_content({"stories/draft.md": DRAFT_STORY, "stories/later.md": EMBARGOED_STORY})
    content, problems = check_content(root, root.parent)
    assert [p for p in problems if p.is_error] == []
    held = find_held(content, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert {path: h.describe() for path, h in held.items()} == {
        "content/stories/draft.md": "draft: not published",
        "content/stories/later.md": "embargoed until 2999-01-01T09:00:00+00:00",
    }
    # After the release time, the embargoed story is simply published.
    assert "content/stories/later.md" not in find_held(
        content, dt.datetime(2999, 1, 2, tzinfo=dt.timezone.utc)
    )


def test_check_lists_embargoed_items_with_release_time(write_content: WriteContent, tmp_path: Path) -> None:
    write_content({"stories/later.md": EMBARGOED_STORY})
    result = subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "content/stories/later.md: embargoed until 2999-01-01T09:00:00+00:00" in result.stdout.splitlines()


def test_preview_pages_of_held_items_carry_a_banner(write_content: WriteContent) -> None:
    root = write_content({"stories/draft.md": DRAFT_STORY})
    content, _ = check_content(root, root.parent)
    held = find_held(content, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    pages = {p.path: p.html for p in render_site(content, held=held)}
    assert '<p class="admonition-title">Draft: not published</p>' in pages["stories/draft.md"]
    assert "Draft" not in pages["stories/test-story.md"]


def test_published_story_linking_to_a_draft_is_an_error(write_content: WriteContent) -> None:
    question = "---\ntitle: Why?\nentities: [alpha]\ndraft: true\n---\n\nBecause Alpha said so.\n"
    source = "---\ntitle: It happened again\noutlet: daily\ndraft: true\n---\n"
    root = write_content({"questions/why.md": question, "sources/paper-two.md": source})
    _, problems = check_content(root, root.parent)
    assert {str(p) for p in problems if p.is_error} == {
        "content/stories/test-story.md:6: questions[0]: error: links to question 'why' (draft: not published); publish it first",
        "content/stories/test-story.md:10: sources[0]: error: links to source 'paper-two' (draft: not published); publish it first",
    }


def test_corrections_on_the_page_and_in_json_ld(write_content: WriteContent) -> None:
    story = STORY.replace(
        "summary:",
        "updated: 2025-09-05T08:00:00+00:00\ncorrections:\n  - date: 2025-09-05\n    text: An earlier version misspelt Alpha's name.\nsummary:",
    )
    root = write_content({"stories/test-story.md": story})
    content, problems = check_content(root, root.parent)
    assert problems == []
    story_page = next(p for p in render_site(content) if p.path == "stories/test-story.md")
    page = story_page.html
    assert '<p class="admonition-title">Corrections</p>' in page
    assert (
        '<time datetime="2025-09-05">5 September 2025</time>: An earlier version misspelt Alpha’s name.'
        in page
    )
    assert 'Last updated <time datetime="2025-09-05T08:00:00+00:00">5 September 2025</time>' in page
    jsonld = json.loads(story_page.meta["pt_jsonld"])
    assert jsonld["@graph"][0]["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misspelt Alpha's name.",
            "datePublished": "2025-09-05",
        }
    ]


def test_bad_correction_is_reported(write_content: WriteContent) -> None:
    story = STORY.replace("summary:", "corrections:\n  - date: yesterday\nsummary:")
    _, problems = check_content(write_content({"stories/test-story.md": story}))
    messages = sorted(f"{p.field}: {p.message}" for p in problems)
    assert messages[0].startswith("corrections[0].date: 'yesterday' is not a date")
    assert (
        "corrections[0].text: required field is missing: add under corrections[0] a line like "
        "'text: An earlier version gave the wrong date for the parade.' (what was wrong)"
    ) in messages
    # It points at the item, which has a line; the field has none.
    (missing,) = [p for p in problems if p.field == "corrections[0].text"]
    assert missing.line == story.splitlines().index("  - date: yesterday") + 1


def test_last_updated_only_from_updated_or_corrections(write_content: WriteContent, tmp_path: Path) -> None:
    root = write_content()
    plain = render_site(check_content(root, tmp_path)[0])
    page = next(p.html for p in plain if p.path == "stories/test-story.md")
    assert "Last updated" not in page and "Updated" not in page

    story = root / "stories" / "test-story.md"
    corrected = STORY.replace(
        "summary:",
        "updated: 2025-09-10T08:00:00+00:00\ncorrections:\n  - date: 2025-10-20\n    text: A name was misspelt.\nsummary:",
    )
    story.write_text(corrected, encoding="utf-8")
    content, problems = check_content(root, tmp_path)
    assert not [p for p in problems if p.is_error], problems
    site = SiteInfo("T", "https://news.example/")
    pages = render_site(content, site)
    page = next(p for p in pages if p.path == "stories/test-story.md")
    # The latest of `updated` and the corrections, the same on the page, in JSON-LD and in the feed.
    assert 'Last updated <time datetime="2025-10-20T00:00:00+00:00">20 October 2025</time>' in page.html
    assert json.loads(page.meta["pt_jsonld"])["@graph"][0]["dateModified"] == "2025-10-20T00:00:00+00:00"
    feed = next(f for f in render_feeds(content, site) if f.path == "feed.xml").text
    entry = ElementTree.fromstring(feed).find("{http://www.w3.org/2005/Atom}entry")
    assert entry is not None
    assert entry.findtext("{http://www.w3.org/2005/Atom}updated") == "2025-10-20T00:00:00+00:00"
    # An entry keeps its id whatever its dates.
    story.write_text(STORY, encoding="utf-8")
    before = ElementTree.fromstring(
        next(f for f in render_feeds(check_content(root, tmp_path)[0], site) if f.path == "feed.xml").text
    )
    assert before.find(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}id"
    ).text == entry.findtext("{http://www.w3.org/2005/Atom}id")


@pytest.fixture
def built_with_held(project_copy: Path, tmp_path: Path) -> Path:
    from tests.conftest import SEED_CONTENT

    base = (SEED_CONTENT / "stories" / "choe-son-hui-russia-visit.md").read_text(encoding="utf-8")
    draft = base.replace(
        "title: North Korea's foreign minister", "title: SECRET DRAFT North Korea's foreign minister"
    ).replace("summary:", "draft: true\nsummary:", 1)
    embargoed = base.replace(
        "title: North Korea's foreign minister", "title: EMBARGOED North Korea's foreign minister"
    ).replace("published: 2025-10-27T18:00:00+00:00", "published: 2999-01-01T09:00:00+00:00")
    (project_copy / "content/stories/secret-draft.md").write_text(draft, encoding="utf-8")
    (project_copy / "content/stories/embargoed.md").write_text(embargoed, encoding="utf-8")
    site = tmp_path / "built"
    result = mkdocs_build(project_copy, site)
    assert result.returncode == 0, result.stderr
    return site


def test_build_leaves_held_stories_out_everywhere(built_with_held: Path) -> None:
    site = built_with_held
    assert not (site / "stories/secret-draft").exists()
    assert not (site / "stories/embargoed").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}:
            text = path.read_text(encoding="utf-8")
            assert "SECRET DRAFT" not in text and "secret-draft" not in text, path
            assert "EMBARGOED" not in text and "stories/embargoed" not in text, path
    assert (site / "stories/choe-son-hui-russia-visit/index.html").exists()


def test_preview_shows_each_page_its_problems_and_never_a_stale_page(write_content: WriteContent) -> None:
    from papertrail.build.pipeline import build_site

    root = write_content(
        {
            "stories/test-story.md": STORY.replace("entities: [alpha]", "entities: [alpha, nobody]"),
            "stories/broken.md": STORY.replace("title: A test story", "title: [unclosed"),
        }
    )
    built = build_site(root, SiteInfo("T"), base=root.parent, preview=True)
    pages = {page.path: page.html for page in built.pages}
    story = pages["stories/test-story.md"]
    # The story's own problem, at the top of the story's page.
    assert story.index("This page’s file has 1 error") < story.index("<h1")
    assert "entities[1]: error: unknown entity &#39;nobody&#39;" in story
    # The file that cannot be read gets a page saying so, not its last good page.
    broken = pages["stories/broken.md"]
    assert "Cannot show this page" in broken, broken
    assert (
        "content/stories/broken.md:2: error: malformed YAML: the text of &#39;title:&#39; starts with "
        "&#39;[&#39; or &#39;{&#39;, which YAML reads as a list or a mapping that is never closed: "
        "put the text in quotes"
    ) in broken, broken
    # A build refuses both, as ever.
    assert build_site(root, SiteInfo("T"), base=root.parent).pages == []


def test_a_build_with_a_pinned_time_that_is_not_a_time_stops_with_one_line(
    project_copy: Path, tmp_path: Path
) -> None:
    result = mkdocs_build(project_copy, tmp_path / "site", PAPERTRAIL_NOW="2025-13-45")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "PAPERTRAIL_NOW='2025-13-45' is not a time: set it like 2025-09-03T09:30:00+00:00" in result.stderr


def test_banners_count_errors_and_warnings_apart() -> None:
    from papertrail.content.problems import Problem, Severity
    from papertrail.render.site import file_problems_notice, problems_notice

    error = Problem("content/stories/x.md", 3, "title", "is missing")
    warning = Problem("content/stories/x.md", 4, "entities", "never mentioned", Severity.WARNING)
    assert (
        file_problems_notice([error, warning, warning]).title == "This page’s file has 1 error and 2 warnings"
    )
    assert file_problems_notice([warning]).title == "This page’s file has 1 warning"
    assert file_problems_notice([warning]).kind == "warning"
    assert problems_notice([str(error), str(error)]).title.startswith("Content has 2 errors:")
