"""Markdown bodies cut into sections and read as plain text (content/sections.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.content.sections import (
    _headings_by_lines,
    _headings_by_parser,
    first_paragraph,
    heading_key,
    one_space,
    plain_text,
    split_sections,
)


def test_sections_are_cut_at_level_two_headings_only_outside_code() -> None:
    body = "Intro line.\n\n## What's happened\n\nIt did.\n\n```\n## not a heading\n```\n\n## How we got here\n\nSlowly.\n"
    split = split_sections(body)
    assert split.preamble.strip() == "Intro line."
    assert [s.heading for s in split.sections] == ["What's happened", "How we got here"]
    assert "## not a heading" in split.sections[0].body  # the code block stays in its section
    assert split.sections[1].body.strip() == "Slowly."


def test_heading_keys_ignore_case_quotes_and_punctuation() -> None:
    assert heading_key("What’s behind the headline?") == heading_key("what's behind the headline")


def test_plain_text_keeps_words_and_link_texts_only() -> None:
    markdown = "**Bold** and [a link](https://example.org) with ![an image](x.png) and `code`."
    text = plain_text(markdown)
    assert "Bold and a link with" in text
    assert "https://" not in text and "x.png" not in text and "*" not in text


# Prose-like text: words, single and double spaces, line breaks, and now and then
# another white space character or an unprintable one.
_PROSE_PIECES = st.sampled_from(
    ["word", "Word.", "“quoted”", " ", "\u2009", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", "\xa0", "\u2028",
     "\u3000", "\x85", "\x1f", "\u200b", "\xad", "é", "日本"]
)  # fmt: skip


@settings(max_examples=400)
@given(st.one_of(st.lists(_PROSE_PIECES, max_size=40).map("".join), st.text(max_size=60)))
def test_one_space_is_splitting_and_joining_the_words(text: str) -> None:
    assert one_space(text) == " ".join(text.split())


def test_first_paragraph_is_the_first_block_of_prose() -> None:
    assert first_paragraph("First one\ncontinues.\n\nSecond.").split() == ["First", "one", "continues."]


# Lines that decide where headings are: headings of every level and shape, text, list
# items, quotes, fences, HTML, setext underlines, link definitions, indented and tabbed
# lines, and line breaks that are not '\n'.
_LINES = [
    "## What's happened", "# Title", "#", "##", "## closed ##", "## a #", "##\ttab", "## #x", "##x",
    "### three", "###### six", "####### seven", "  ## indented", "   # three spaces", "    ## code",
    "\t## tabbed", "Plain text.", "", " ", "- item", "  - nested", "1. item", "   more", "> quote",
    "> ## quoted", ">", "```", "~~~", "  ```", "`code` start", "<div>", "</div>", "<!--", "-->",
    "===", "---", "  ---", "- - -", "-", "***", "[ref]: /url", "[ref]:", "[link](x) text",
    "text \\", "para\r", "a\u2028b", "x\x0bz", "\x00", "**bold**", "## Go deeper\r", "#\x0b",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(_LINES) | st.text(alphabet=" #-`~<=>\t\r\x0b\u2028ab\n", max_size=8), max_size=14
    )
)
def test_headings_found_by_lines_are_those_the_parser_finds(lines: list[str]) -> None:
    body = "\n".join(lines)
    fast = _headings_by_lines(body, body.splitlines())
    if fast is not None:
        assert fast == _headings_by_parser(body)


def test_ordinary_story_bodies_are_split_without_the_parser() -> None:
    body = (
        "## What's happened\n\nLeaders met.\n\n- one\n- two\n\n> A quote.\n\n"
        "[Reuters](https://example.org) said so.\n\n## How we got here ##\n\nSlowly, #1 cause.\n"
    )
    found = _headings_by_lines(body, body.splitlines())
    assert found == _headings_by_parser(body)
    assert found is not None and [text for _, _, text in found[0]] == ["What's happened", "How we got here"]
    # Only a line that may open a fence, HTML or a setext heading leaves it to the parser.
    for opener in ("```", "<div>", "---", "  ## x"):
        assert _headings_by_lines(body + opener, (body + opener).splitlines()) is None
