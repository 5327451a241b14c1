"""The real ``content/``, whatever editors have made of it today.

Editors add, rename and remove stories every day, so nothing here names a story or
counts anything: each test states what must hold for *any* content (no errors, a
strict build, every story page complete, every link resolving, nothing loaded from
another host). ``tests/test_new_content.py`` runs this module on a copy of the
project with a story added and others renamed and removed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from papertrail.analysis.publishing import build_time, find_held, without_held
from papertrail.build.pipeline import check_content
from papertrail.content.model import STORY_SECTIONS, Content
from tests.conftest import CONTENT, ROOT
from tests.htmlcheck import broken_links, foreign_resources, read_page, resolve

pytestmark = pytest.mark.real_content

# What a story page shows, in this order; the last three only when the story has them.
PAPERS, QUESTIONS, ENTITIES = "What the papers say", "Go deeper", "More on these topics"


@pytest.fixture(scope="module")
def published() -> Content:
    content, problems = check_content(CONTENT, ROOT)
    assert not [p for p in problems if p.is_error]
    return without_held(content, find_held(content, build_time()))


def test_papertrail_check_finds_no_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # errors go to standard error; warnings and the summary do not
    summary = result.stdout.splitlines()[-1]
    assert re.fullmatch(
        r"checked \d+ stories, \d+ entities, \d+ questions, \d+ sources, \d+ outlets: .*", summary
    )
    assert summary.endswith(("no problems", " 0 errors")) or ": 0 errors, " in summary


def test_every_story_page_has_its_sections_in_order(real_site: Path, published: Content) -> None:
    content = published
    for story in content.stories.values():
        page = real_site / "stories" / story.id / "index.html"
        assert page.is_file(), story.id
        headings = re.findall(r"<h2[^>]*>(.*?)<", page.read_text(encoding="utf-8"))
        expected = [spec.heading for spec in STORY_SECTIONS]
        expected.insert(2, PAPERS) if story.papers else None
        expected += [QUESTIONS] if story.questions else []
        expected += [ENTITIES] if story.entities else []
        shown = [h.replace("&#39;", "'").replace("’", "'").strip() for h in headings]
        found = [h for h in shown if h in expected]
        assert found == expected, (story.id, shown)


def test_every_topic_and_question_a_story_cites_has_a_page_linked_from_it(
    real_site: Path, published: Content
) -> None:
    content = published
    for story in content.stories.values():
        page = real_site / "stories" / story.id / "index.html"
        targets = {resolve(real_site, page, anchor[0]) for anchor in read_page(page).anchors}
        for entity in story.entities:
            assert (real_site / "topics" / entity / "index.html").resolve() in targets, (story.id, entity)
        for question in story.questions:
            assert (real_site / "questions" / question / "index.html").resolve() in targets, (
                story.id,
                question,
            )


def test_every_topic_page_lists_the_stories_that_cite_it(real_site: Path, published: Content) -> None:
    content = published
    for story in content.stories.values():
        for entity in story.entities:
            page = real_site / "topics" / entity / "index.html"
            targets = {resolve(real_site, page, anchor[0]) for anchor in read_page(page).anchors}
            assert (real_site / "stories" / story.id / "index.html").resolve() in targets, (entity, story.id)


def test_every_internal_link_resolves(real_site: Path) -> None:
    assert broken_links(real_site) == []


def test_nothing_is_loaded_from_another_host(real_site: Path) -> None:
    assert foreign_resources(real_site) == []


def test_feeds_and_structured_data_are_well_formed(real_site: Path) -> None:
    for feed in real_site.rglob("feed.xml"):
        ElementTree.fromstring(feed.read_bytes())  # raises on an ill-formed feed
    for html in (real_site / "stories").rglob("index.html"):
        for raw in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html.read_text(encoding="utf-8"), re.S
        ):
            assert json.loads(raw)["@context"] == "https://schema.org"


def test_restricted_sources_have_no_page_of_their_own(real_site: Path, published: Content) -> None:
    content = published
    for source in content.sources.values():
        if not source.full_text_allowed:
            assert not (real_site / "sources" / source.id).exists(), source.id
