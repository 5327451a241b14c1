"""Prose with no Markdown in it, read into markdown-it's tokens without its rules.

Nearly everything editors write is plain paragraphs: a story's sections, what each paper
says, a question's answer. markdown-it-py runs every block rule over each line and
every inline rule over each character that could start one, in Python, to find that
there is nothing to find: 48 µs for a section of the benchmark's stories, which this
reads in 10 (the prose of a story page was about a fifth of its HTML).

:func:`plain_reader` gives a reader only for a parser whose rules and options it knows
(the CommonMark preset, as :mod:`papertrail.render.prose` makes it). The reader takes
only text in which nothing can be Markdown: no character that starts inline syntax, no
line that could start a block, no white space at either end of a line (where
markdown-it strips it, or makes a hard break or a code block of it). Anything else is
left to markdown-it, so this never decides what Markdown means; it returns the tokens
markdown-it makes for the same text, field for field, which
``tests/render/test_plain_markdown.py`` holds it to on generated texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Characters that start inline syntax anywhere (a backslash escape, code, emphasis, a
# link or image, an autolink or HTML, an entity), that start a block at a line's start
# (a heading, a quotation, a list, a setext underline, a fence), or that markdown-it
# normalises (NUL, CR) or counts as indentation (tab). Rare in prose: a paragraph with
# one is read by markdown-it.
_NOT_PLAIN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f!#&*+<=>\[\\\]_`~]")
# What a line may begin with: not white space (indentation, or a line markdown-it would
# take as blank), a digit ("1." starts a list) or a dash ("- " a list, "---" a rule).
_PLAIN_START = re.compile(r"[^\s\d-]")
# The parser this reader knows: the rules that are on, and the options that change
# what the rules do (linkify and typographer would change plain text).
_KNOWN_RULES = (
    ("normalize", "block", "inline", "text_join"),
    (
        "code",
        "fence",
        "blockquote",
        "hr",
        "list",
        "reference",
        "html_block",
        "heading",
        "lheading",
        "paragraph",
    ),
    (
        "text",
        "newline",
        "escape",
        "backticks",
        "emphasis",
        "link",
        "image",
        "autolink",
        "html_inline",
        "entity",
    ),
    ("balance_pairs", "emphasis", "fragments_join"),
)

PlainReader = Callable[[str, bool], "list[Token] | None"]


def plain_reader(parser: MarkdownIt) -> PlainReader | None:
    """:func:`read_plain` for ``parser``, or None when its rules or options are not those
    this reader knows (a parser with tables, linkify or typographic replacements)."""
    rules = (
        tuple(parser.core.ruler.get_active_rules()),
        tuple(parser.block.ruler.get_active_rules()),
        tuple(parser.inline.ruler.get_active_rules()),
        tuple(parser.inline.ruler2.get_active_rules()),
    )
    options = parser.options
    if rules != _KNOWN_RULES or options.get("linkify") or options.get("typographer"):
        return None
    return read_plain


def read_plain(text: str, inline: bool = False) -> list[Token] | None:
    """The tokens markdown-it's ``parse`` (``parseInline`` when ``inline``) makes of
    ``text``, or None when ``text`` may hold Markdown (markdown-it must read it).

    Args:
        text: Prose as an editor wrote it.
        inline: One line without a paragraph around it.
    """
    if not text or _NOT_PLAIN.search(text) is not None:
        return None
    lines = text.split("\n")
    for line in lines:
        if line and (line.strip() != line or _PLAIN_START.match(line) is None):
            return None
    if inline:
        if len(lines) > 1:
            return None  # line breaks in one line of text: left to markdown-it
        return [_inline(text, [0, 1], block=False, level=0)]
    tokens: list[Token] = []
    start: int | None = None
    for number, line in enumerate([*lines, ""]):
        if line and start is None:
            start = number
        elif not line and start is not None:
            tokens += _paragraph(lines[start:number], start, number)
            start = None
    return tokens


def _paragraph(lines: list[str], start: int, end: int) -> list[Token]:
    """A paragraph's three tokens, as markdown-it's paragraph rule makes them."""
    opening = Token("paragraph_open", "p", 1)
    opening.map = [start, end]
    opening.block = True
    closing = Token("paragraph_close", "p", -1)
    closing.block = True
    return [opening, _inline("\n".join(lines), [start, end], block=True, level=1), closing]


def _inline(content: str, where: list[int], block: bool, level: int) -> Token:
    """An inline token of plain text: a text token a line, soft breaks between them
    (``block``, ``level``: in a paragraph, or the whole of ``parseInline``'s text)."""
    token = Token("inline", "", 0)
    token.content = content
    token.map = where
    token.level = level
    token.block = block
    children: list[Token] = []
    for line in content.split("\n"):
        if children:
            children.append(Token("softbreak", "br", 0))
        text = Token("text", "", 0)
        text.content = line
        children.append(text)
    token.children = children
    return token
