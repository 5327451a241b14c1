"""Bylines and author pages (render/authors.py), and authors in JSON-LD and feeds."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from papertrail.build.pipeline import load_valid_content
from papertrail.render import render_site
from papertrail.render.structured import SiteInfo, render_atom
from tests.conftest import STORY, WriteContent

SITE = SiteInfo("Newsroom", "https://news.example/")
AUTHORS = """\
reporter:
  name: Rita <Reporter>
  role: Reporter
  url: https://social.example/@rita
  bio: Rita covers the region.
editor:
  name: Ed Itor
  role: Night editor
"""


def _pages(write_content: WriteContent, story: str = STORY) -> dict[str, str]:
    root = write_content({"authors.yml": AUTHORS, "stories/test-story.md": story})
    content, _ = load_valid_content(root)
    return {page.path: page.html for page in render_site(content, SITE)}


def test_the_story_names_who_wrote_and_edited_it_linked_to_their_pages(write_content: WriteContent) -> None:
    story = STORY.replace("by: [reporter]", "by: [reporter]\nedited_by: [editor]")
    html = _pages(write_content, story)["stories/test-story.md"]
    byline = re.search(r'<p class="pt-byline".*?</p>', html, re.S)
    assert byline is not None
    text = re.sub(r"<[^>]+>", "", byline.group(0))
    assert "By Rita &lt;Reporter&gt;, Reporter" in text and "Edited by Ed Itor, Night editor" in text
    assert 'href="../../authors/reporter/"' in byline.group(
        0
    ) and 'href="../../authors/editor/"' in byline.group(0)
    assert '<p class="pt-label"' in html and ">Explainer<" in html  # the type of work, above the headline
    assert html.index("pt-label") < html.index('id="headline"') < html.index("pt-byline")


def test_an_author_page_lists_their_stories_and_says_who_they_are(write_content: WriteContent) -> None:
    pages = _pages(write_content, STORY.replace("by: [reporter]", "by: [reporter]\nedited_by: [editor]"))
    reporter, editor = pages["authors/reporter.md"], pages["authors/editor.md"]
    assert "Rita &lt;Reporter&gt;" in reporter and "Rita covers the region." in reporter
    assert 'href="https://social.example/@rita"' in reporter
    for page in (reporter, editor):
        assert 'href="../../stories/test-story/"' in page and "A test story" in page


def test_json_ld_and_the_feed_name_the_authors(write_content: WriteContent) -> None:
    story = STORY.replace("by: [reporter]", "by: [reporter]\nedited_by: [editor]")
    html = _pages(write_content, story)["stories/test-story.md"]
    root = write_content({"authors.yml": AUTHORS, "stories/test-story.md": story})
    content, _ = load_valid_content(root)
    page = next(p for p in render_site(content, SITE) if p.path == "stories/test-story.md")
    article = json.loads(str(page.meta["pt_jsonld"]))["@graph"][0]
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Rita <Reporter>",
            "url": "https://news.example/authors/reporter/",
            "jobTitle": "Reporter",
            "sameAs": ["https://social.example/@rita"],
        }
    ]
    assert [p["name"] for p in article["editor"]] == ["Ed Itor"]
    assert "Rita" in html
    feed = render_atom("x", "feed.xml", "index.md", content.stories_newest_first, content, SITE)
    assert feed is not None
    entry = ElementTree.fromstring(feed).find("{http://www.w3.org/2005/Atom}entry")
    assert entry is not None
    names = [
        a.findtext("{http://www.w3.org/2005/Atom}name")
        for a in entry.findall("{http://www.w3.org/2005/Atom}author")
    ]
    assert names == ["Rita <Reporter>"]


def test_a_story_without_authors_has_no_byline(write_content: WriteContent) -> None:
    html = _pages(write_content, STORY.replace("by: [reporter]\n", ""))["stories/test-story.md"]
    assert "pt-byline" not in html and ">Explainer<" in html
