"""Rendering: pages as finished HTML from page specs, before any engine sees them."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from papertrail.build.pipeline import check_content, load_valid_content
from papertrail.render import RenderedPage, render_site
from papertrail.render.parts import excerpt
from papertrail.render.paths import Linker
from tests.conftest import SEED_CONTENT, STORY, WriteContent
from tests.htmlcheck import dangerous_markup


def rendered(root: Path) -> dict[str, RenderedPage]:
    content, _ = load_valid_content(root)
    return {p.path: p for p in render_site(content)}


def pages_of(root: Path) -> dict[str, str]:
    return {path: page.html for path, page in rendered(root).items()}


def test_relative_urls_between_pages() -> None:
    assert Linker("stories/a.md").to("topics/b.md") == "../../topics/b/"
    assert Linker("index.md").to("topics/b.md") == "topics/b/"
    assert Linker("stories/index.md").to("stories/a.md") == "a/"
    assert Linker("stories/a.md").to("index.md") == "../../"
    assert Linker("stories/a.md", directory_urls=False).to("topics/b.md") == "../topics/b.html"
    assert Linker("outlets/x.md").to("outlets/x.md", "source-y") == "./#source-y"


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
    # Each item's citation links its own article.
    assert '<p class="pt-paper__outlet">The Daily' in page
    assert block.count('<div class="pt-cite">') == 2


def test_story_sections_come_in_the_seeds_order(write_content: WriteContent) -> None:
    # Written out of order, rendered in order.
    story = STORY.replace("## How we got here\n\nHistory.\n", "").replace(
        "## What's happened", "## How we got here\n\nHistory.\n\n## What's happened"
    )
    page = rendered(write_content({"stories/test-story.md": story}))["stories/test-story.md"]
    order = [
        "whats-happened",
        "whats-behind-the-headline",
        "what-the-papers-say",
        "how-we-got-here",
        "go-deeper",
        "more-on-these-topics",
        "sources",
    ]
    positions = [page.html.index(f'<h2 id="{ident}">') for ident in order]
    assert positions == sorted(positions)
    # The theme's table of contents, in page order, under the headline (where "Skip to
    # content" lands).
    assert [(h.id, h.level) for h in page.toc[:2]] == [("headline", 1), ("whats-happened", 2)]
    assert [h.id for h in page.toc[1:]] == order


def test_restricted_source_is_an_entry_open_source_gets_a_page(write_content: WriteContent) -> None:
    body = "First sentence of the article. " + "More words here. " * 60
    restricted = f"---\ntitle: Kept back\noutlet: daily\n---\n\n{body}\n"
    opened = (
        "---\ntitle: Free to share\nstandfirst: What <it> says, in a line.\noutlet: daily\n"
        f"rights: CC-BY-4.0\n---\n\n{body}\n"
    )
    pages = pages_of(write_content({"sources/paper-one.md": restricted, "sources/paper-two.md": opened}))
    assert "sources/paper-one.md" not in pages
    outlet = pages["outlets/daily.md"]
    entry = outlet[outlet.index('id="source-paper-one"') :]
    entry = entry[: entry.index("</div>")]
    assert '<p class="pt-source__excerpt">First sentence of the article.</p>' in entry
    assert "More words here" not in entry
    assert body.strip() in pages["sources/paper-two.md"]
    assert "Republished under CC-BY-4.0" in pages["sources/paper-two.md"]
    # The standfirst is shown under the headline, as text.
    assert '<p class="pt-standfirst">What &lt;it&gt; says, in a line.</p>' in pages["sources/paper-two.md"]
    assert '<a href="../../sources/paper-two/">Full text</a>' in outlet


def test_hostile_source_metadata_is_text(write_content: WriteContent) -> None:
    source = (
        '---\ntitle: "<img src=x onerror=alert(1)>"\noutlet: daily\nrights: CC0-1.0\n'
        'author: "*Evil* [x](javascript:alert(1)) { onclick=alert(2) }"\n---\n\nText.\n'
    )
    page = rendered(write_content({"sources/paper-two.md": source}))["sources/paper-two.md"]
    assert dangerous_markup(page.html) == [] and "<img" not in page.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.html
    assert "*Evil* [x](javascript:alert(1)) { onclick=alert(2) }" in page.html  # shown as written
    assert page.title == "<img src=x onerror=alert(1)>"  # plain text; escaped where written out


def test_editor_prose_cannot_carry_markup(write_content: WriteContent) -> None:
    story = STORY.replace(
        "Alpha Person did it.",
        "Alpha Person did it. <script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[click](javascript:alert(3)) { onclick=alert(4) }\n\n<iframe src=https://evil.example></iframe>",
    )
    page = pages_of(write_content({"stories/test-story.md": story}))["stories/test-story.md"]
    assert dangerous_markup(page) == []
    assert "<img" not in page and "<iframe" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as the text it is


def test_every_page_has_a_title_and_a_single_h1(write_content: WriteContent) -> None:
    for path, page in rendered(write_content()).items():
        assert page.title, path
        assert page.html.count("<h1") == 1, path


def test_outlet_lists_show_outlets_with_sources_and_no_placeholders(write_content: WriteContent) -> None:
    outlets = (
        "daily:\n  name: The Daily\n  url: https://daily.example/\n  country: Nowhere\n"
        "idle:\n  name: The Idle Gazette\n  url: https://idle.example/\n"
        "unknown:\n  name: Unidentified news website\n"
        "abc:\n  name: ABC News (Australia)\n  country: Australia\n"
        "aggregator:\n  name: aggregator.example\n  url: https://aggregator.example/\n"
    )
    files = {
        "outlets.yml": outlets,
        "sources/pasted.md": "---\noutlet: unknown\ntitle: A pasted page\n---\n\nText.\n",
        "sources/copy.md": "---\noutlet: aggregator\nsyndicated_from: abc\ntitle: Their story\n---\n\nText.\n",
    }
    pages = pages_of(write_content(files))
    index = pages["outlets/index.md"]
    listed = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', index)
    assert listed == ["ABC News (Australia)", "aggregator.example", "The Daily"]
    assert "(Australia)</a> 1 article" in index  # the country once, in the name
    assert "The Daily</a> Nowhere · 2 articles" in index
    home = pages["index.md"]
    assert "Idle Gazette" not in home and "Unidentified" not in home
    # The original outlet's page lists the syndicated copy.
    assert "Their story" in pages["outlets/abc.md"]


def test_quotes_and_apostrophes_are_typographic_but_code_and_links_are_not(
    write_content: WriteContent,
) -> None:
    story = STORY.replace("title: A test story", 'title: Alpha\'s "test" story').replace(
        "Reasons.", 'It\'s "fine", see `it\'s "code"` and [it\'s here](https://x.example/page).'
    )
    root = write_content({"stories/test-story.md": story})
    pages = rendered(root)
    page = pages["stories/test-story.md"]
    assert page.title == "Alpha’s “test” story"
    assert '<h1 id="headline">Alpha’s “test” story</h1>' in page.html
    assert "It’s “fine”, see <code>it's &quot;code&quot;</code>" in page.html
    assert '<a href="https://x.example/page">it’s here</a>' in page.html
    assert "Alpha’s “test” story" in pages["stories/index.md"].html


def test_further_sources_are_those_not_cited_above() -> None:
    from papertrail.render.story import coverage_line, further_sources

    content, _ = check_content(SEED_CONTENT)
    story = next(s for s in content.stories.values() if s.papers)
    cited = story.papers[0].source
    extra = next(s for s in content.sources if s not in {p.source for p in story.papers})
    listing = replace(story, sources=(cited, extra, extra))
    assert [s.id for s in further_sources(listing, content)] == [extra]
    line = coverage_line(listing, content) or ""
    assert line.endswith("1 further source"), line


def test_countries_recorded_as_codes_are_shown_by_name(write_content: WriteContent) -> None:
    outlets = "daily:\n  name: The Daily\n  url: https://daily.example/\n  country: GB\n"
    content, _ = load_valid_content(write_content({"outlets.yml": outlets}))
    pages = {p.path: p.html for p in render_site(content)}
    assert "United Kingdom" in pages["outlets/daily.md"]
    assert ">GB<" not in pages["outlets/daily.md"] and "GB ·" not in pages["outlets/index.md"]
    from papertrail.render.parts import country_name

    assert country_name("pa") == "Panama"
    assert country_name("Nowhere") == "Nowhere" and country_name("XZ") == "XZ"
