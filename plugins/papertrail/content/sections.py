"""Splitting a Markdown body into its ``##`` sections.

markdown-it-py finds the headings, so a ``## line`` inside a code block or a
quote is not mistaken for one; the section bodies are cut from the original text
so editors' Markdown reaches the page exactly as written.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from markdown_it import MarkdownIt

# Only the block structure is read here (headings, paragraphs and their lines), so
# inline parsing is switched off: it was half the cost of loading a story.
_MD = MarkdownIt("commonmark").disable(["inline", "text_join"])


@dataclass(frozen=True)
class RawSection:
    """A ``##`` heading with the Markdown below it, up to the next ``##``."""

    heading: str
    body: str
    line: int  # 0-based line of the heading within the body
    text_line: int = 0  # 0-based line within the body where ``body`` (the text) starts


@dataclass(frozen=True)
class SplitBody:
    """A body cut at its ``##`` headings."""

    preamble: str
    sections: tuple[RawSection, ...]
    title_lines: tuple[int, ...]  # 0-based lines of any '#' headings


def split_sections(body: str) -> SplitBody:
    """Cut ``body`` at its top-level ``##`` headings.

    Args:
        body: Markdown text.

    Returns:
        The text before the first ``##`` heading, the sections in order, and the
        lines of any level-1 headings (which a story body must not have).
    """
    lines = body.splitlines()
    tokens = _MD.parse(body)
    starts: list[tuple[int, int, str]] = []  # (first line, line after heading, text)
    titles: list[int] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0 or token.map is None:
            continue
        if token.tag == "h1":
            titles.append(token.map[0])
        elif token.tag == "h2":
            inline = tokens[index + 1]
            starts.append((token.map[0], token.map[1], inline.content.strip()))
    preamble_end = starts[0][0] if starts else len(lines)
    sections = []
    for position, (first, after, heading) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        text = "\n".join(lines[after:end]).strip("\n")
        skipped = next((n for n, line in enumerate(lines[after:end]) if line), 0)  # blank lines stripped
        sections.append(RawSection(heading, text, first, after + skipped))
    preamble = "\n".join(lines[:preamble_end]).strip()
    return SplitBody(preamble, tuple(sections), tuple(titles))


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def heading_key(heading: str) -> str:
    """Normalise a heading for matching: case, curly apostrophes and punctuation ignored.

    ``What’s behind the headline?`` and ``What's Behind The Headline`` match the same
    section: editors type both, and neither changes the meaning.
    """
    text = unicodedata.normalize("NFKC", heading).translate(_APOSTROPHES).casefold()
    return re.sub(r"[^\w']+", " ", text).strip(" '")


# A first block that starts like none of these is a plain paragraph; only other ones
# need the parser (source bodies are long: parsing all of one for its first
# paragraph was a large share of rendering time on the benchmark corpus).
_BLOCK_START = re.compile(r"^\s{0,3}(?:[#>*+|<`~-]|\d+[.)]|\s)")


@functools.lru_cache(maxsize=16384)
def first_paragraph(markdown: str) -> str:
    """Return the first paragraph of ``markdown`` as written (for cards and excerpts)."""
    head = markdown.strip().split("\n\n", 1)[0]
    if head and not any(_BLOCK_START.match(line) for line in head.splitlines()):
        return head
    tokens = _MD.parse(markdown)
    lines = markdown.splitlines()
    for token in tokens:
        if token.type == "paragraph_open" and token.level == 0 and token.map is not None:
            return "\n".join(lines[token.map[0] : token.map[1]]).strip()
    return markdown.strip()


_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_LINE_MARKERS = re.compile(r"^[#>*\-+\s]+", flags=re.MULTILINE)
_EMPHASIS = re.compile(r"[*_`]+")


def plain_text(markdown: str) -> str:
    """Markdown reduced to its words, for excerpts and descriptions."""
    # Each pass only where its characters occur: this runs over every story's prose
    # for mentions, and the passes over text with nothing to remove were most of it.
    text = markdown
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub("", text))  # images dropped, links keep their text
    if "<" in text:
        text = _TAG.sub("", text)
    text = _LINE_MARKERS.sub("", text)
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    return " ".join(text.split())


# The same CommonMark with raw HTML recognised, to find what the site shows as text.
_MD_HTML = MarkdownIt("commonmark", {"html": True})


def raw_html_in(markdown: str) -> list[str]:
    """The raw HTML tags in ``markdown``: the site shows them as text, never runs them."""
    if "<" not in markdown:
        return []
    found: list[str] = []
    for token in _MD_HTML.parse(markdown):
        if token.type == "html_block":
            found.append(token.content.strip())
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(child.content)
    return found
