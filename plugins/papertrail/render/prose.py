"""Editors' prose to HTML: CommonMark through markdown-it-py, raw HTML off.

Section bodies, ``says``, answers, blurbs and corrections are Markdown as GitHub shows
them in a pull request. Raw HTML in them is shown as the text it is, never run
(``papertrail check`` warns about it); links go only to web or mail addresses or to
this site; images are not loaded (the site makes no third-party requests), their
alternative text is shown instead.

Mention links and verified-quote marks are added to the parsed tokens, so the
renderer escapes their attributes like any other: nothing here pastes strings into
HTML or Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core.smartquotes import smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape

from papertrail.analysis.mentions import EntityMatcher
from papertrail.analysis.quotes import Quote
from papertrail.content.urls import url_problem
from papertrail.render.paths import Linker
from papertrail.render.plain_markdown import plain_reader

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _validate_link(url: str) -> bool:
    """Web and mail addresses, and links within this site (no scheme)."""
    url = url.strip()
    if _SCHEME.match(url):
        return url_problem(url) is None
    return not url.startswith("//")  # protocol-relative: another host


def _image_as_text(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = "".join(child.content for child in token.children or [])
    return str(escape(alt))


def _relative_site_links(tokens: Iterable[Token], here: Linker) -> None:
    """Links written from the site's root (``/stories/x/``) made relative to the page:
    a site published under a path (``/newsroom/``) would send them off the site."""
    for token in tokens:
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if href.startswith("/") and not href.startswith("//"):
                path, _, anchor = href[1:].partition("#")
                token.attrSet("href", here.to(path, anchor or None))
        if token.children:
            _relative_site_links(token.children, here)


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.validateLink = _validate_link  # type: ignore[method-assign]
    parser.add_render_rule("image", _image_as_text)
    return parser


MD = _make_parser()
# Plain paragraphs read without markdown-it's rules, into the same tokens (None: this
# parser's rules are not those the plain reader knows; see plain_markdown.py).
_READ_PLAIN = plain_reader(MD)
# Typographic quotes are put in last, after mentions and verified quotations were found
# in the text as the editor typed it (straight or curly).
_TYPOGRAPHER = MarkdownIt("commonmark", {"typographer": True})


def _curl_quotes(tokens: list[Token]) -> None:
    """Straight quotes and apostrophes in text tokens made typographic (“…”, ’)."""
    smartquotes(StateCore("", _TYPOGRAPHER, {}, tokens))


def typographic(text: str) -> str:
    """Plain text (a headline, a summary) with typographic quotes and apostrophes.

    The same rules as prose (markdown-it's smartquotes): ``"a" isn't`` becomes
    ``“a” isn’t``. Nothing is parsed as Markdown: the text stays the text.
    """
    if '"' not in text and "'" not in text:
        return text
    inline = Token("inline", "", 0)
    inline.content = text
    inline.children = [_text(text)]
    _curl_quotes([inline])
    return inline.children[0].content


def tooltip_text(text: str) -> str:
    """Text for a ``title`` attribute that Material shows as a tooltip.

    Material's tooltips insert the attribute's text as HTML, so after the browser
    decodes the attribute no ``<`` or ``&`` may remain: they become look-alikes. The
    attribute itself is still escaped where it is written.
    """
    one_line = " ".join(text.split())
    return one_line.replace("&", "＆").replace("<", "‹").replace(">", "›")


@dataclass
class MentionLinks:
    """First mentions of a page's entities, linked once per page across all its prose.

    Attributes:
        matcher: Finds entity names and aliases in text.
        targets: Entity id to the URL of its topic page (only these are linked).
        tooltips: Entity id to its glossary blurb.
        done: Entities linked earlier on the page.
    """

    matcher: EntityMatcher
    targets: Mapping[str, str]
    tooltips: Mapping[str, str]
    done: set[str] = field(default_factory=set)

    def apply(self, tokens: list[Token]) -> None:
        """Link first mentions in ``tokens``: never in headings, quotations, links or code."""
        in_heading = in_blockquote = 0
        for token in tokens:
            if token.type == "heading_open":
                in_heading += 1
            elif token.type == "heading_close":
                in_heading -= 1
            elif token.type == "blockquote_open":
                in_blockquote += 1
            elif token.type == "blockquote_close":
                in_blockquote -= 1
            elif token.type == "inline" and not in_heading and not in_blockquote and token.children:
                token.children = self._link_inline(token.children)

    def _link_inline(self, children: list[Token]) -> list[Token]:
        out: list[Token] = []
        in_link = 0
        quoted = False  # a quotation is the source's words: no link inside it
        for child in children:
            if child.type == "link_open":
                in_link += 1
            elif child.type == "link_close":
                in_link -= 1
            if child.type != "text" or in_link:
                out.append(child)
                continue
            pieces, quoted = self._split(child.content, quoted)
            out.extend(pieces)
        return out

    def _split(self, text: str, quoted: bool) -> tuple[list[Token], bool]:
        pieces: list[Token] = []
        position = 0
        for start, end, inside in _quote_spans(text, quoted):
            quoted = inside
            if inside:
                continue
            for mention in self.matcher.find(text[start:end]):
                entity = mention.entity
                if entity in self.done or entity not in self.targets:
                    continue
                self.done.add(entity)
                begin, finish = start + mention.start, start + mention.end
                pieces.append(_text(text[position:begin]))
                pieces += _link(
                    text[begin:finish], self.targets[entity], tooltip_text(self.tooltips.get(entity, ""))
                )
                position = finish
        pieces.append(_text(text[position:]))
        return [p for p in pieces if p.type != "text" or p.content], quoted


_QUOTE_MARKS = re.compile(r"[“”\"]")


def _quote_spans(text: str, quoted: bool) -> Iterable[tuple[int, int, bool]]:
    """(start, end, inside a quotation) runs of ``text``; ``quoted`` carries over tokens."""
    start = 0
    for mark in _QUOTE_MARKS.finditer(text):
        char = mark.group()
        opens = char == "“" or (char == '"' and not quoted)
        closes = char == "”" or (char == '"' and quoted)
        if opens and not quoted:
            yield start, mark.start(), False
            start, quoted = mark.start(), True
        elif closes and quoted:
            yield start, mark.end(), True
            start, quoted = mark.end(), False
    yield start, len(text), quoted


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _link(label: str, href: str, title: str) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrs = {"href": href, "title": title} if title else {"href": href}
    return [opening, _text(label), Token("link_close", "a", -1)]


def _mark_quotes(tokens: list[Token], quotes: Iterable[Quote], source_url: str | None = None) -> None:
    """A check mark after each verified quotation, the source sentence as its tooltip;
    with the original's address, a link to the passage there (a text fragment)."""
    for quote in quotes:
        marked = False
        for token in tokens:
            if token.type != "inline" or not token.children or marked:
                continue
            for index, child in enumerate(token.children):
                if child.type != "text":
                    continue
                for pattern in (f"“{quote.text}”", f'"{quote.text}"'):
                    position = child.content.find(pattern)
                    if position < 0:
                        continue
                    end = position + len(pattern)
                    mark = Token("html_inline", "", 0)
                    title = tooltip_text(f"In the source: {quote.sentence or quote.text}")
                    if source_url and quote.fragment:
                        joint = ":~:" if "#" in source_url else "#:~:"
                        mark.content = str(
                            Markup(
                                '<a class="pt-verified" href="{}" title="{}" '
                                'aria-label="This quotation in the original article">✓</a>'
                            ).format(source_url + joint + quote.fragment, title)
                        )
                    else:
                        mark.content = str(
                            Markup('<abbr class="pt-verified" title="{}" tabindex="0">✓</abbr>').format(title)
                        )
                    after = _text(child.content[end:])
                    child.content = child.content[:end]
                    token.children[index + 1 : index + 1] = [mark, after]
                    marked = True
                    break
                if marked:
                    break


@dataclass(frozen=True)
class Prose:
    """Editors' Markdown in a page spec, rendered where the template shows it.

    Attributes:
        markdown: The prose as written.
        quotes: Verified quotations in it, to mark with ✓.
        inline: One line without a paragraph around it (a correction in a list).
        linked: Whether the page's first mentions may be linked in it (not in cards,
            which repeat another page's text).
        source_url: The quoted article's address: each ✓ links to its passage there.
    """

    markdown: str
    quotes: tuple[Quote, ...] = ()
    inline: bool = False
    linked: bool = True
    source_url: str | None = None  # the quoted article's address (for links to passages)


def render_prose(
    markdown: str,
    links: MentionLinks | None = None,
    quotes: Iterable[Quote] = (),
    *,
    inline: bool = False,
    source_url: str | None = None,
    here: Linker | None = None,
) -> Markup:
    """Editors' Markdown as safe HTML, first mentions linked, verified quotes marked.

    Args:
        markdown: The prose as the editor wrote it.
        links: The page's mention linker (shared by all prose of a page), if any.
        quotes: Verified quotations to mark with ✓.
        inline: One line of text without a paragraph around it (a correction in a list).
        source_url: The quoted article's address (each ✓ links to its passage there).
        here: Links from the page: links written from the site's root are made relative to it.
    """
    tokens = _READ_PLAIN(markdown, inline) if _READ_PLAIN is not None else None
    if tokens is None:
        tokens = MD.parseInline(markdown) if inline else MD.parse(markdown)
    if here is not None:
        _relative_site_links(tokens, here)
    if links is not None:
        links.apply(tokens)
    _mark_quotes(tokens, quotes, source_url)
    _curl_quotes(tokens)
    return Markup(MD.renderer.render(tokens, MD.options, {}))


def render_card_prose(markdown: str, *, inline: bool = False, here: Linker | None = None) -> Markup:
    """:func:`render_prose` of prose no page links mentions in and no quotation is marked
    in (a topic's blurb on every story page that lists it).

    Prose without a link is the same HTML on every page (``here`` only rewrites links),
    so it is rendered once and kept: a topic's blurb was rendered again on each of the
    hundreds of story pages that show it (at 1,000 stories, 8,360 of the 14,747 renders
    of such prose were repeats, 21 µs each). A link
    needs ``](`` (inline) or ``]:`` (a reference's definition); prose with either is
    rendered for its page, and so is long prose (a source's text, shown once). The last
    few thousand are kept: memory does not grow with the archive.
    """
    if "](" in markdown or "]:" in markdown or len(markdown) > _CARD_PROSE_CHARS:
        return render_prose(markdown, inline=inline, here=here)
    return _render_linkless(markdown, inline)


# A topic's blurb is a paragraph or two; longer prose is not repeated from page to page.
_CARD_PROSE_CHARS = 2_000


@lru_cache(maxsize=4096)
def _render_linkless(markdown: str, inline: bool) -> Markup:
    return render_prose(markdown, inline=inline)
