"""Linked knowledge and provenance: mentions, backlinks, quotes, related stories, feeds."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.analysis.mentions import MANY_NAMES, EntityMatcher
from papertrail.analysis.quotes import normalise_for_quotes
from papertrail.build.pipeline import check_content
from papertrail.checks.provenance import _outlet_matcher
from papertrail.content.model import Entity, Origin
from papertrail.content.problems import Problem
from papertrail.content.sections import plain_text
from papertrail.render import RenderedPage, render_feeds, render_site
from papertrail.render.prose import MentionLinks, render_prose
from papertrail.render.structured import SiteInfo
from tests.conftest import STORY, WriteContent

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = SiteInfo("Test site", "https://news.example/explainers/")

BETA = "name: Beta Land\nkind: country\nsummary: Beta is a country.\naliases: [Betastan]\n"
SOURCE_WITH_TEXT = """---
title: It happened
outlet: daily
url: https://daily.example/one
published: 2025-09-02
author: Dana Writer
---

The minister said the talks were “a new chapter for both countries” on Monday.

Officials gave no further details.
"""


def build(root: Path) -> tuple[dict[str, str], list[Problem]]:
    pages, problems = build_pages(root)
    return {path: page.html for path, page in pages.items()}, problems


def build_pages(root: Path) -> tuple[dict[str, RenderedPage], list[Problem]]:
    content, problems = check_content(root, root.parent)
    return {p.path: p for p in render_site(content, SITE)}, problems


def entity(ident: str, name: str, *aliases: str) -> Entity:
    return Entity(ident, Origin(f"{ident}.yml"), name, "person", f"{name} is someone.", aliases)


# Mentions --------------------------------------------------------------------------------


def test_alias_mention_is_linked_exactly_once_with_its_blurb(write_content: WriteContent) -> None:
    story = STORY.replace("Alpha Person did it.", "Alpha did it, and Alpha said so.").replace(
        "Reasons.", "Alpha Person again."
    )
    pages, _ = build(write_content({"stories/test-story.md": story}))
    page = pages["stories/test-story.md"]
    links = re.findall(r'<a href="\.\./\.\./topics/alpha/" title="([^"]*)">(Alpha(?: Person)?)</a>', page)
    assert links == [("Alpha is a person.", "Alpha")]
    assert "and Alpha said so." in page and "Alpha Person again." in page


def test_mentions_are_never_linked_inside_links_headings_code_or_quotes() -> None:
    matcher = EntityMatcher([entity("kim", "Kim Jong-un", "Kim Jong Un")])
    markdown = (
        "### Kim Jong Un\n\n"
        "See [Kim Jong Un](https://x.example) and `Kim Jong Un` and “Kim Jong Un said so”.\n\n"
        "> Kim Jong Un in a quote block.\n\n"
        "```\nKim Jong Un\n```\n\n"
        "Then Kim Jong-un arrived."
    )
    out = render_prose(markdown, MentionLinks(matcher, {"kim": "k/"}, {"kim": "Blurb"}))
    assert out.count('href="k/"') == 1
    assert '<p>Then <a href="k/" title="Blurb">Kim Jong-un</a> arrived.</p>' in out


def test_matching_is_whole_word_case_aware_and_longest_first() -> None:
    matcher = EntityMatcher(
        [entity("nk", "North Korea"), entity("k", "Korea"), entity("x", "Xi")], ["Xinhua"]
    )
    found = [
        (m.entity, m.text) for m in matcher.find("North Korean troops; North Korea, Korea; xi; Xinhua; Xi.")
    ]
    assert found == [("nk", "North Korea"), ("k", "Korea"), ("x", "Xi")]


def test_outlet_names_shadow_entity_names(write_content: WriteContent) -> None:
    outlets = "daily:\n  name: The Daily Beta Land Post\n"
    story = STORY.replace("Reasons.", "The Daily Beta Land Post reported it.")
    _, problems = build(
        write_content({"outlets.yml": outlets, "entities/beta.yml": BETA, "stories/test-story.md": story})
    )
    assert not any("Beta" in p.message for p in problems), problems


def test_check_warns_about_unlisted_and_unmentioned_entities(write_content: WriteContent) -> None:
    story = STORY.replace("Alpha Person did it.", "Betastan did it.")
    _, problems = build(write_content({"entities/beta.yml": BETA, "stories/test-story.md": story}))
    warnings = sorted(str(p) for p in problems if not p.is_error)
    assert warnings == [
        "content/stories/test-story.md:5: entities: warning: the story mentions 'Betastan' but does not list entity 'beta'",
        "content/stories/test-story.md:5: entities[0]: warning: 'alpha' is listed but the story never mentions it",
    ]
    assert not any(p.is_error for p in problems)


def test_question_answer_mentions_are_linked(write_content: WriteContent) -> None:
    pages, _ = build(write_content())
    assert '<a href="../../topics/alpha/" title="Alpha is a person.">Alpha</a>' in pages["questions/why.md"]


# Entity pages ------------------------------------------------------------------------------


def test_entity_page_backlinks_with_the_mentioning_sentence(write_content: WriteContent) -> None:
    story = STORY.replace("Alpha Person did it.", "It was quiet. Then Alpha Person did it. Nobody saw.")
    rendered, _ = build_pages(write_content({"stories/test-story.md": story}))
    page = rendered["topics/alpha.md"].html
    assert 'id="stories"' in page and 'id="questions"' in page  # listed apart
    assert '<p class="pt-context">Then <mark>Alpha Person</mark> did it.</p>' in page
    assert '<p class="pt-context">Because <mark>Alpha</mark> said so.</p>' in page  # the question
    assert page.index('id="stories"') < page.index("A test story") < page.index('id="questions"')
    assert page.index('id="questions"') < page.index("Why?")
    assert rendered["topics/alpha.md"].meta["pt_feed"] == "topics/alpha/feed.xml"


def test_timeline_and_related_topics(write_content: WriteContent) -> None:
    second = (
        STORY.replace("title: A test story", "title: A later story")
        .replace("2025-09-03T10:00:00+00:00", "2025-10-01T10:00:00+00:00")
        .replace("entities: [alpha]", "entities: [alpha, beta]")
        .replace("Alpha Person did it.", "Alpha Person and Beta Land did it.")
    )
    pages, _ = build(write_content({"entities/beta.yml": BETA, "stories/later.md": second}))
    alpha = pages["topics/alpha.md"]
    timeline = alpha[alpha.index('id="in-the-news"') :]
    # Months, oldest first, linked to the archive (not the stories again).
    assert '<a href="../../stories/#september-2025">September 2025</a>' in timeline
    assert timeline.index("September 2025") < timeline.index("October 2025")
    assert "A test story" not in timeline
    stories_index = pages["stories/index.md"]
    assert 'id="september-2025"' in stories_index and 'id="october-2025"' in stories_index
    assert '<a href="../beta/">Beta Land</a>: 1 story' in alpha
    # Related stories on the story page: the one sharing an entity.
    assert 'id="related-stories"' in pages["stories/later.md"]
    assert '<a href="../test-story/">A test story</a>' in pages["stories/later.md"]


# Story pages ---------------------------------------------------------------------------------


def test_coverage_line_counts_quoted_outlets_and_further_sources(write_content: WriteContent) -> None:
    outlets = (
        "daily:\n  name: The Daily\n  country: Nowhere\n"
        "weekly:\n  name: The Weekly\n  country: Elsewhere\n"
        "monthly:\n  name: The Monthly\n  country: Nowhere\n"
    )
    sources = {
        "sources/paper-two.md": "---\noutlet: weekly\n---\n",
        "sources/paper-three.md": "---\noutlet: monthly\n---\n",
    }
    story = STORY.replace(
        "    says: The Daily says it happened.\n",
        "    says: The Daily says it happened.\n  - source: paper-three\n    says: The Monthly agrees.\n",
    )
    pages, _ = build(write_content({"outlets.yml": outlets, **sources, "stories/test-story.md": story}))
    assert (
        '<span class="pt-coverage">2 outlets quoted, from 1 country · 1 further source</span>'
        in pages["stories/test-story.md"]
    )


def test_citation_links_the_headline_to_the_original_with_a_short_excerpt(
    write_content: WriteContent,
) -> None:
    story = STORY.replace(
        "The Daily says it happened.", "The Daily says the talks were “a new chapter for both countries”."
    )
    pages, _ = build(
        write_content({"sources/paper-one.md": SOURCE_WITH_TEXT, "stories/test-story.md": story})
    )
    page = pages["stories/test-story.md"]
    card = page[page.index('<div class="pt-cite">') :]
    assert '<p class="pt-cite__headline"><a href="https://daily.example/one">It happened</a></p>' in card
    assert '<a href="../../outlets/daily/#source-paper-one">About this source</a>' in card
    assert card.count("#source-paper-one") == 1  # one link to our page about it, not two
    assert "The minister said the talks were “a new chapter for both countries” on Monday." in card
    assert "Officials gave no further details." not in card


def test_syndicated_and_unrecorded_citations_say_so(write_content: WriteContent) -> None:
    outlets = (
        "daily:\n  name: The Daily\n  country: Nowhere\n"
        "abc:\n  name: ABC News (Australia)\n  country: Australia\n"
    )
    copy = (
        "---\ntitle: Their story\noutlet: daily\nsyndicated_from: abc\npublished: 2025-09-01\n---\n\nText.\n"
    )
    story = STORY.replace(
        "    says: The Daily says it happened.\n",
        "    says: ABC News (Australia) says it happened.\n  - source: paper-three\n    says: Someone says so too.\n",
    )
    pages, problems = build(
        write_content(
            {
                "outlets.yml": outlets,
                "sources/paper-one.md": copy,
                "sources/paper-three.md": "---\noutlet: daily\n---\n",
                "stories/test-story.md": story,
            }
        )
    )
    page = pages["stories/test-story.md"]
    # Grouped under the outlet whose article it is, whose name already says its country.
    assert '<p class="pt-paper__outlet">ABC News (Australia)</p>' in page
    assert "(link not recorded)" in page and "ABC News (Australia), via The Daily" in page
    assert "Headline and link not recorded" in page  # paper-three: neither
    assert not [p for p in problems if "the text names" in p.message]  # naming the original is right
    assert sorted(p.message for p in problems if "citation incomplete" in p.message) == [
        "citation incomplete: source 'paper-one' has no url and no author, so the page says it is not "
        "recorded; add url: and author: to content/sources/paper-one.md",
        "citation incomplete: source 'paper-three' has no title and no url and no published and no author, "
        "so the page says it is not recorded; add title: and url: and published: and author: to "
        "content/sources/paper-three.md",
    ]


# Provenance ------------------------------------------------------------------------------------


def test_quote_found_in_source_is_verified_and_marked(write_content: WriteContent) -> None:
    # Straight quotes and a different dash style still match the source's typography.
    story = STORY.replace(
        "The Daily says it happened.", 'The Daily quotes "a new chapter for both countries".'
    )
    pages, problems = build(
        write_content({"sources/paper-one.md": SOURCE_WITH_TEXT, "stories/test-story.md": story})
    )
    assert [p for p in problems if p.is_error] == []
    # The ✓ opens the passage in the original article: a text fragment of the quote's
    # words, percent-encoded, which the stored source holds.
    assert (
        '“a new chapter for both countries”<a class="pt-verified" '
        'href="https://daily.example/one#:~:text=a%20new%20chapter%20for%20both%20countries" '
        'title="In the source: The minister said'
    ) in pages["stories/test-story.md"]


def test_fabricated_quote_is_an_error_naming_story_item_and_quote(write_content: WriteContent) -> None:
    story = STORY.replace(
        "The Daily says it happened.", "The Daily says it was “the end of an era for both”."
    )
    _, problems = build(
        write_content({"sources/paper-one.md": SOURCE_WITH_TEXT, "stories/test-story.md": story})
    )
    errors = [str(p) for p in problems if p.is_error]
    assert errors == [
        "content/stories/test-story.md:9: papers[0].says: error: quote “the end of an era for both” is not in source 'paper-one'; "
        "nothing in it comes close: quote the source exactly"
    ]


def test_quote_from_a_source_without_text_is_a_warning(write_content: WriteContent) -> None:
    story = STORY.replace("source: paper-one", "source: paper-two").replace(
        "sources: [paper-two]", "sources: [paper-one]"
    )
    story = story.replace(
        "The Daily says it happened.", "The Daily says it was “the end of an era for both”."
    )
    _, problems = build(write_content({"stories/test-story.md": story}))
    assert (
        "content/stories/test-story.md:9: papers[0].says: warning: cannot verify quote “the end of an era for both”: source 'paper-two' has no text"
        in [str(p) for p in problems]
    )


def test_short_quotes_and_single_quotes_are_not_checked(write_content: WriteContent) -> None:
    story = STORY.replace(
        "The Daily says it happened.", "The Daily calls it “historic” and 'a very big deal indeed'."
    )
    _, problems = build(
        write_content({"sources/paper-one.md": SOURCE_WITH_TEXT, "stories/test-story.md": story})
    )
    assert problems == []


def test_papers_item_naming_another_outlet_is_a_warning(write_content: WriteContent) -> None:
    outlets = "daily:\n  name: The Daily\nweekly:\n  name: The Weekly\n"
    story = STORY.replace("The Daily says it happened.", "The Weekly says it happened.")
    _, problems = build(write_content({"outlets.yml": outlets, "stories/test-story.md": story}))
    assert [str(p) for p in problems] == [
        "content/stories/test-story.md:8: papers[0].source: warning: the text names The Weekly, but source 'paper-one' is from The Daily"
    ]


# Feeds and JSON-LD ----------------------------------------------------------------------------------


def test_feeds_are_valid_atom_with_absolute_urls_and_content_dates(write_content: WriteContent) -> None:
    content, _ = check_content(write_content())
    feeds = {asset.path: asset.text for asset in render_feeds(content, SITE)}
    assert set(feeds) == {"feed.xml", "topics/alpha/feed.xml"}
    for text in feeds.values():
        root = ElementTree.fromstring(text)
        assert root.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{tag}") is not None, tag
        assert root.findtext(f"{ATOM}updated") == "2025-09-03T10:00:00+00:00"  # from content, not the clock
        (entry,) = root.findall(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}id") == "https://news.example/explainers/stories/test-story/"
        assert entry.findtext(f"{ATOM}published") == "2025-09-03T10:00:00+00:00"
        assert entry.find(f"{ATOM}link").get("href", "").startswith("https://news.example/explainers/")  # type: ignore[union-attr]
    assert render_feeds(content, SiteInfo("No URL")) == []


def test_story_json_ld_has_the_required_fields(write_content: WriteContent) -> None:
    entity = "name: Alpha Person\nkind: person\nsummary: A.\naliases: [Alpha]\nwikidata: Q42\n"
    pages, _ = build_pages(write_content({"entities/alpha.yml": entity}))
    data = json.loads(pages["stories/test-story.md"].meta["pt_jsonld"])
    article, faq = data["@graph"]
    assert data["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "A test story"
    assert article["datePublished"] == "2025-09-03T10:00:00+00:00"
    assert article["url"] == "https://news.example/explainers/stories/test-story/"
    assert [c["headline"] for c in article["citation"]] == ["It happened", "It happened again"]
    assert article["about"] == [
        {"@type": "Person", "name": "Alpha Person", "sameAs": ["https://www.wikidata.org/wiki/Q42"]}
    ]
    assert faq["@type"] == "FAQPage"
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Because Alpha said so."


def test_background_story_type(write_content: WriteContent) -> None:
    story = STORY.replace("summary:", "kind: background\nsummary:")
    pages, _ = build_pages(write_content({"stories/test-story.md": story}))
    assert '"@type":"BackgroundNewsArticle"' in pages["stories/test-story.md"].meta["pt_jsonld"]


# Fast paths against their plain definitions ---------------------------------------------

_WORDS = st.sampled_from(["Kim", "Kimberly", "Korea", "North", "Xi", "Über", "a_b", "K", "Jong-un", "U.S."])
_GLUE = st.sampled_from([" ", "  ", "-", ".", ". ", ", ", "x", "_", "é", "\n", "“", "’s "])


def reference_find(matcher: EntityMatcher, text: str) -> list[tuple[str, int, str]]:
    """The definition: visit every word; at a word starting names, the longest whole one wins."""
    found, resume = [], 0
    for word in re.finditer(r"\w+", text):
        start = word.start()
        if start < resume:
            continue
        for name in matcher.by_first_word.get(word.group(), []):
            end = start + len(name)
            if text.startswith(name, start) and not (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            ):
                resume = end
                if matcher.owner[name] is not None:
                    found.append((matcher.owner[name], start, name))
                break
    return found


@settings(max_examples=200, deadline=None)
@given(
    names=st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=6),
    text=st.lists(st.one_of(_WORDS, _GLUE), max_size=40).map("".join),
)
def test_matcher_finds_what_visiting_every_word_finds(names: list[str], text: str) -> None:
    matcher = EntityMatcher([entity(f"e{i}", name) for i, name in enumerate(names[1:])], names[:1])
    assert [(m.entity, m.start, m.text) for m in matcher.find(text)] == reference_find(matcher, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab *_`\\‘’\u02bc“”–—\u2011\u00a0\t\n[]()!<>#-+"), max_size=60))
def test_plain_text_and_quote_folding_match_their_definitions(text: str) -> None:
    plain = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    plain = re.sub(r"<[^>]+>", "", plain)
    plain = re.sub(r"^[#>*\-+\s]+", "", plain, flags=re.MULTILINE)
    plain = re.sub(r"[*_`]+", "", plain)
    assert plain_text(text) == re.sub(r"\s+", " ", plain).strip()
    fold = str.maketrans(
        {"‘": "'", "’": "'", "\u02bc": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u2011": "-"}
    )
    folded = re.sub(r"[*_`]", "", text.translate(fold).replace("\\", ""))
    assert normalise_for_quotes(text) == " ".join(folded.split())


@pytest.mark.parametrize(
    ("quote", "expected", "is_error"),
    [
        (
            "a new chapter for both nations",
            "quote “a new chapter for both nations” is not in source 'paper-one'; "
            "closest: “a new chapter for both countries”",
            True,
        ),
        (
            "A New Chapter, for both countries",
            "quote “A New Chapter, for both countries” is not in source 'paper-one': only case or "
            "punctuation differs; the source has “a new chapter for both countries”",
            True,
        ),
        (
            "the talks were … on Monday",
            "quote “the talks were … on Monday” leaves out words of source 'paper-one' where the "
            "ellipsis is; each part is in the source, in order",
            False,
        ),
    ],
)
def test_misquote_shows_the_closest_passage_and_what_differs(
    write_content: WriteContent, quote: str, expected: str, is_error: bool
) -> None:
    story = STORY.replace("The Daily says it happened.", f"The Daily says “{quote}”.")
    _, problems = build(
        write_content({"sources/paper-one.md": SOURCE_WITH_TEXT, "stories/test-story.md": story})
    )
    found = [p for p in problems if "quote" in p.message]
    assert [(p.message, p.is_error) for p in found] == [(expected, is_error)]


def test_a_long_quote_is_found_by_its_first_and_last_words_and_a_missing_one_by_none() -> None:
    from papertrail.analysis.quotes import text_fragment

    quote = "we will, of course, keep talking to all sides - and to our allies - until the end"
    source = "we will, of course, keep talking to all sides - and to our allies - until the end of it"
    fragment = text_fragment(quote, source)
    # textStart,textEnd, without the quotation's own end punctuation; the directive's
    # characters inside the text (, - &) are percent-encoded.
    assert fragment == "text=we%20will%2C%20of%20course,until%20the%20end"
    assert (
        text_fragment("a - b c d e f g h i - j k", "a - b c d e f g h i - j k")
        == "text=a%20%2D%20b%20c,i%20%2D%20j%20k"
    )
    assert text_fragment(quote, "something else entirely") is None


@given(
    st.text(alphabet=st.sampled_from("aZ09 -_.~,&%é“’\u00a0\U0001f600"), max_size=20) | st.text(max_size=20)
)
def test_a_fragment_part_is_encoded_as_urllib_encodes_it_with_dashes_too(part: str) -> None:
    from papertrail.analysis.quotes import _percent_encoded

    assert _percent_encoded(part) == urllib.parse.quote(part, safe="").replace("-", "%2D")


def test_a_topic_page_highlights_the_mention_where_it_was_found(write_content: WriteContent) -> None:
    """The name inside a longer entity's name earlier in the sentence is not the mention."""
    foundation = "name: Alpha Person Foundation\nkind: organisation\nsummary: A foundation.\n"
    story = STORY.replace(
        "Alpha Person did it.", "Alpha Person Foundation staff said Alpha Person would speak."
    )
    pages, _ = build(
        write_content({"entities/alpha-foundation.yml": foundation, "stories/test-story.md": story})
    )
    assert (
        "Alpha Person Foundation staff said <mark>Alpha Person</mark> would speak."
        in pages["topics/alpha.md"]
    )


def test_a_citation_says_when_author_or_date_is_not_recorded(write_content: WriteContent) -> None:
    pages, problems = build(
        write_content({"sources/paper-one.md": "---\ntitle: It happened\noutlet: daily\n---\n"})
    )
    page = pages["stories/test-story.md"]
    assert "author not recorded" in page and "date not recorded" in page
    assert any("no url and no published and no author" in p.message for p in problems)


def test_names_that_would_nest_a_trie_too_deep_are_still_found() -> None:
    """A 1,000-character name, and names each the beginning of the next, crashed the
    check (each character a nested level of the pattern); they are matched flat."""
    long_name = "A" + "b" * 999
    prefixes = ["K" + "a" * n for n in range(300)]
    names = [long_name, *prefixes, "Kim Jong-un"]
    matcher = EntityMatcher([entity(f"e{i}", name) for i, name in enumerate(names)])
    text = f"{long_name} met Kaaa and Kaa, not Kaaab; Kim Jong-un came. {long_name}x is not it."
    assert [(m.entity, m.start, m.text) for m in matcher.find(text)] == reference_find(matcher, text)
    assert [m.text for m in matcher.find(text)] == [long_name, "Kaaa", "Kaa", "Kim Jong-un"]
    outlets = tuple((f"o{i}", name) for i, name in enumerate([long_name, *prefixes[:80]]))
    assert _outlet_matcher(outlets)(f"as {long_name} and Kaa said") == {"o0", "o3"}


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(
        st.lists(_WORDS, max_size=2).map(lambda words: " ".join(["Kim", *words])),
        min_size=MANY_NAMES + 1,
        max_size=12,
        unique=True,
    ),
    data=st.data(),
)
def test_names_sharing_a_first_word_are_found_as_one_by_one(names: list[str], data: st.DataObject) -> None:
    # More names than MANY_NAMES start with "Kim": they are matched by one expression.
    matcher = EntityMatcher([entity(f"e{i}", name) for i, name in enumerate(names[1:])], names[:1])
    assert "Kim" in matcher.names_at
    text = "".join(data.draw(st.lists(st.one_of(st.sampled_from(names), _WORDS, _GLUE), max_size=30)))
    assert [(m.entity, m.start, m.text) for m in matcher.find(text)] == reference_find(matcher, text)
