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
    found = _headings_by_lines(body, lines)
    starts, titles = found if found is not None else _headings_by_parser(body)
    preamble_end = starts[0][0] if starts else len(lines)
    sections = []
    for position, (first, after, heading) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        text = "\n".join(lines[after:end]).strip("\n")
        skipped = next((n for n, line in enumerate(lines[after:end]) if line), 0)  # blank lines stripped
        sections.append(RawSection(heading, text, first, after + skipped))
    preamble = "\n".join(lines[:preamble_end]).strip()
    return SplitBody(preamble, tuple(sections), tuple(titles))


# A heading found: its first line, the line after it, its text.
_Start = tuple[int, int, str]


def _headings_by_parser(body: str) -> tuple[list[_Start], list[int]]:
    """The top-level ``##`` headings and the lines of ``#`` ones, as markdown-it finds them."""
    tokens = _MD.parse(body)
    starts: list[_Start] = []
    titles: list[int] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0 or token.map is None:
            continue
        if token.tag == "h1":
            titles.append(token.map[0])
        elif token.tag == "h2":
            inline = tokens[index + 1]
            starts.append((token.map[0], token.map[1], inline.content.strip()))
    return starts, titles


# The first characters of lines that may open a block a heading line can be inside of,
# or turn the paragraph above into a heading (see _opens_block).
_BLOCK_OPENERS = frozenset("`~<=-")
_OTHER_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _opens_block(text: str) -> bool:
    """Whether a line (after up to three spaces) may open a code fence (```, ~~~), an
    HTML block (<), or be a setext underline (=== or ---, which makes the paragraph
    above it a heading)."""
    first = text[:1]
    if first == "<":
        return True
    if first in ("`", "~"):
        return text.startswith(first * 3)
    if first in ("=", "-"):
        underline = text.rstrip(" \t")
        return underline == first * len(underline)
    return False


def _headings_by_lines(body: str, lines: list[str]) -> tuple[list[_Start], list[int]] | None:
    """The headings of a body in which only lines starting with '#' can be headings.

    Parsing a whole story for its half-dozen headings was a third of loading it (5,000
    stories: 1.5 s of a core). In most bodies (paragraphs, lists, quotes, links) a
    top-level ATX heading is exactly a line starting with one to six '#' and then a
    space, a tab or nothing: such a heading ends a paragraph, so no list item, quote
    or link definition runs on over it, and an indented one is code or inside a list
    item. A body with a line that could make it otherwise (a fence, an HTML block or a
    setext underline, see :func:`_opens_block`, or a '#' after one to three spaces), a
    NUL or line breaks that markdown-it and ``splitlines`` count apart returns None:
    the parser decides. tests/content/test_sections.py compares the two on random
    bodies made of such lines.
    """
    # splitlines also breaks at \r, \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029; markdown-it
    # only at \n (and \r\n, \r): with any of them but in \r\n, one more line is counted
    # than there are \n, or the body ends with one.
    if (
        "\x00" in body
        or len(lines) != body.count("\n") + (not body.endswith("\n")) - (not body)
        or body[-1:] in _OTHER_BREAKS
    ):
        return None
    starts: list[_Start] = []
    titles: list[int] = []
    for number, line in enumerate(lines):
        first = line[:1]
        if first == "#":
            level = len(line) - len(line.lstrip("#"))
            rest = line[level:]
            if level > 6 or rest[:1] not in ("", " ", "\t"):
                continue  # '#######' or '#hashtag': a paragraph's text
            if level == 1:
                titles.append(number)
            elif level == 2:
                starts.append((number, number + 1, _heading_text(rest)))
        elif first == " ":
            text = line.lstrip(" ")
            if len(line) - len(text) <= 3 and (text[:1] == "#" or _opens_block(text)):
                return None
        elif first in _BLOCK_OPENERS and _opens_block(line):
            return None
    return starts, titles


def _heading_text(rest: str) -> str:
    """An ATX heading's text from what follows its opening '#'s: a closing run of '#'
    that follows a space or tab is not part of it (markdown-it's ``heading`` rule)."""
    text = rest.rstrip(" \t")
    closing = text.rstrip("#")
    if len(closing) < len(text) and closing[-1:] in (" ", "\t"):
        text = closing
    return text.strip()


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
# Heading, quote and list markers where a line starts (``^`` with MULTILINE): looked
# for from each newline, which the engine skips ahead to, and at the start. ``^`` is
# tried at every character (a third of reducing 5,000 stories' prose to plain text).
_LINE_MARKERS = re.compile(r"\n[#>*\-+\s]+")
_FIRST_LINE_MARKERS = re.compile(r"[#>*\-+\s]+")
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
    # Each run of markers becomes a space, not nothing: a newline came before it, and
    # the white space is made one space below.
    if first := _FIRST_LINE_MARKERS.match(text):
        text = " " + text[first.end() :]
    if "\n" in text:
        text = _LINE_MARKERS.sub(" ", text)
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    return one_space(text)


def one_space(text: str) -> str:
    """``" ".join(text.split())``: each run of white space one space, none at the ends.

    Prose's white space is nearly all single spaces and line breaks (two between
    paragraphs). Those are made spaces; when no two spaces are then side by side and
    no other white space is left (``isprintable``: every white space character but the
    space is unprintable), the text is its words joined by single spaces already, and
    is not split into a string a word.
    """
    flat = text.replace("\n\n", "\n").replace("\n", " ") if "\n" in text else text
    if "  " in flat or not flat.isprintable():
        return " ".join(flat.split())
    return flat.strip(" ")


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
