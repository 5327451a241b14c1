"""Rendering: pages as Markdown, before any engine sees them."""

from __future__ import annotations

import re
from pathlib import Path

from papertrail.rendering import escape, excerpt, relative, render_site
from papertrail.validation import load_valid_content
from tests.conftest import STORY, WriteContent


def pages_of(root: Path) -> dict[str, str]:
    content, _ = load_valid_content(root)
    return {p.path: p.markdown for p in render_site(content)}


def test_escape_keeps_third_party_text_as_text() -> None:
    assert escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escape("A [link](x) *bold* & more") == "A \\[link\\](x) \\*bold\\* &amp; more"


def test_relative_links_between_pages() -> None:
    assert relative("stories/a.md", "topics/b.md") == "../topics/b.md"
    assert relative("index.md", "topics/b.md") == "topics/b.md"
    assert relative("stories/index.md", "stories/a.md") == "a.md"


def test_excerpt_ends_at_a_sentence_when_it_can() -> None:
    text = "First sentence is here. " * 3 + "A very long sentence " + "word " * 50
    assert excerpt(text, 20) == "First sentence is here. First sentence is here. First sentence is here."


def test_excerpt_is_short_plain_text() -> None:
    text = "**Bold** start with a [link](http://x) " + "word " * 100
    short = excerpt(text, 10)
    assert short.startswith("Bold start with a link word")
    assert short.endswith("…")
    assert len(short.split()) == 10


def test_papers_from_one_outlet_share_one_block(write_content: WriteContent) -> None:
    story = STORY.replace(
        "    says: The Daily says it happened.\n",
        "    says: The Daily says it happened.\n  - source: paper-two\n    says: The Daily says it again.\n",
    ).replace("sources: [paper-two]\n", "")
    page = pages_of(write_content({"stories/test-story.md": story}))["stories/test-story.md"]
    assert page.count('class="pt-paper"') == 1
    block = page[page.index('class="pt-paper"') :]
    assert block.index("The Daily says it happened.") < block.index("The Daily says it again.")
    # The outlet name links to the first source's original URL.
    assert "[The Daily](https://daily.example/one)" in page


def test_story_sections_come_in_the_seeds_order(write_content: WriteContent) -> None:
    # Written out of order, rendered in order.
    story = STORY.replace("## How we got here\n\nHistory.\n", "").replace(
        "## What's happened", "## How we got here\n\nHistory.\n\n## What's happened"
    )
    page = pages_of(write_content({"stories/test-story.md": story}))["stories/test-story.md"]
    order = [
        "## What's happened",
        "## What's behind the headline?",
        "## What the papers say",
        "## How we got here",
        "## Go deeper",
        "## More on these topics",
        "## Sources",
    ]
    positions = [page.index(h) for h in order]
    assert positions == sorted(positions)


def test_restricted_source_is_an_entry_open_source_gets_a_page(write_content: WriteContent) -> None:
    body = "First sentence of the article. " + "More words here. " * 60
    restricted = f"---\ntitle: Kept back\noutlet: daily\n---\n\n{body}\n"
    opened = f"---\ntitle: Free to share\noutlet: daily\nrights: CC-BY-4.0\n---\n\n{body}\n"
    pages = pages_of(write_content({"sources/paper-one.md": restricted, "sources/paper-two.md": opened}))
    assert "sources/paper-one.md" not in pages
    outlet = pages["outlets/daily.md"]
    entry = outlet[outlet.index('id="source-paper-one"') :]
    entry = entry[: entry.index("</div>")]
    assert '<p class="pt-source__excerpt">First sentence of the article.</p>' in entry
    assert "More words here" not in entry
    assert body.strip() in pages["sources/paper-two.md"]
    assert "Republished under CC-BY-4.0" in pages["sources/paper-two.md"]
    assert "[Full text](../sources/paper-two.md)" in outlet


def test_hostile_source_metadata_is_escaped(write_content: WriteContent) -> None:
    source = '---\ntitle: "<img src=x onerror=alert(1)>"\noutlet: daily\nrights: CC0-1.0\nauthor: "*Evil* [x](javascript:alert(1))"\n---\n\nText.\n'
    page = pages_of(write_content({"sources/paper-two.md": source}))["sources/paper-two.md"]
    assert "<img" not in page
    # Brackets are escaped, so the javascript: URL is text, never a link.
    assert re.search(r"(?<!\\)\]\(javascript:", page) is None
    assert "\\[x\\](javascript:alert(1))" in page
    # The page title cannot close <title> even after Material's striptags unescapes it.
    assert "title: ‹img src=x onerror=alert(1)›\n" in page


def test_description_cannot_end_its_attribute(write_content: WriteContent) -> None:
    story = STORY.replace("summary: Something happened.", 'summary: Putin calls it a "new era" & more')
    page = pages_of(write_content({"stories/test-story.md": story}))["stories/test-story.md"]
    assert "description: Putin calls it a &quot;new era&quot; &amp; more\n" in page


def test_every_page_has_a_title(write_content: WriteContent) -> None:
    for path, markdown in pages_of(write_content()).items():
        assert markdown.startswith("---\ntitle: "), path
