"""Blocks: the format-neutral body of an article, its shared rules, and its Markdown.

Every input (WordPress HTML, a web page, pasted text) becomes a list of :class:`Block`
first. The rules below run on blocks whatever the format, and :func:`render_markdown`
escapes all text, so nothing in an input can become markup in our Markdown: the only
structure in the output is the structure written here (paragraphs, ``##`` headings,
``-`` items, ``>`` quotes, ``*captions*``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from papertrail.importer.cleaning import rules

BlockKind = Literal["p", "h", "li", "quote", "caption"]


@dataclass(frozen=True)
class Block:
    """One block of article text: a paragraph, subheading, list item, quote or caption."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class CleanBody:
    """The result of cleaning blocks."""

    blocks: tuple[Block, ...]
    copyright_holder: str | None = None
    licence: str | None = None
    truncated: bool = False


_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_NON_WORDS = re.compile(r"\W+")


def normalise_space(text: str) -> str:
    """Fold whitespace (including no-break spaces) to single spaces; NFC-normalise."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


def word_count(text: str) -> int:
    """Words in ``text``, as a reader counts them."""
    return len(_WORD.findall(text))


def is_boilerplate(text: str) -> bool:
    """A short block that is navigation, an ad label, a prompt or widget residue."""
    if rules.PROMO_LABEL.match(text) or len(rules.PROMO_TAG.findall(text)) >= 2:
        return True  # a tabloid's promotion line, however long
    return word_count(text) <= rules.MAX_BOILERPLATE_WORDS and bool(rules.BOILERPLATE.match(text))


def copyright_holder(text: str) -> str | None:
    """The holder named by a copyright line (``© The Conversation`` → ``The Conversation``)."""
    if word_count(text) > rules.MAX_BOILERPLATE_WORDS:
        return None
    match = rules.COPYRIGHT.match(text)
    if not match:
        return None
    holder = rules.TRAILING_YEARS.sub("", match.group("holder")).strip(" .,-–")
    return holder or ""


def find_licence(text: str) -> str | None:
    """The open licence a text names, as a rights id (``CC-BY-ND-4.0``), if any."""
    for pattern, rights in rules.LICENCES:
        if pattern.search(text):
            return rights
    return None


def clean_blocks(
    blocks: Iterable[Block], title: str | None = None, repeats_within: int | None = None
) -> CleanBody:
    """Apply the shared rules to an article's blocks.

    Drops boilerplate, a repeat of the title at the top, empty and duplicate blocks;
    moves copyright and licence lines into rights; repairs glued widget residue; and
    marks a text that ends cut off.

    Args:
        blocks: The blocks, in reading order.
        title: The article's title, when known (a first block repeating it is dropped).
        repeats_within: Drop a block repeating one at most this many blocks above it
            (None: anywhere above). A page's markup repeats a sticky header at once; a
            recipe or a meal plan repeats its lines by design, far apart (a benchmark
            page lost 60% of its text to the rule applied everywhere).
    """
    out: list[Block] = []
    holder: str | None = None
    licence: str | None = None
    seen: dict[str, int] = {}  # a block's key: where it last was in ``out``
    title_key = line_key(title) if title else None
    for block in blocks:
        if block.kind == "caption":
            # A photo's caption and credit are not the article's words (seed 001's "(Reuters:
            # KCNA/File)" captions; "Plague can be easily vaccinated" under a photo).
            continue
        text = rules.GLUED_LOADING.sub("", normalise_space(rules.SHORTCODE.sub("", block.text)))
        if not text or not re.search(r"\w", text):
            continue
        found_holder = copyright_holder(text)
        if found_holder is not None:
            holder = holder or found_holder or None
            licence = licence or find_licence(text)
            continue
        if word_count(text) <= rules.MAX_BOILERPLATE_WORDS and find_licence(text) and "licen" in text.lower():
            licence = licence or find_licence(text)
            continue
        if is_boilerplate(text):
            continue
        key = line_key(text)
        if not out and title_key and key == title_key:
            continue  # the headline repeated as the first line of the body
        if (
            key in seen
            and block.kind != "li"
            and (repeats_within is None or len(out) - seen[key] <= repeats_within)
        ):
            continue  # the same paragraph twice (sticky headers, repeated pull quotes)
        seen[key] = len(out)
        out.append(replace(block, text=text))
    truncated = False
    while out and out[-1].kind in {"p", "quote"} and rules.TRUNCATION.search(out[-1].text):
        text = rules.TRUNCATION.sub("", out[-1].text).rstrip()
        truncated = True
        if not text:
            out.pop()
            continue
        out[-1] = replace(out[-1], text=text + " …")
        break
    # A trailing heading introduces nothing.
    while out and out[-1].kind == "h":
        out.pop()
    return CleanBody(tuple(out), holder, licence, truncated)


def line_key(text: str) -> str:
    """A line compared for repeats: words only, any case ("Kim's visit" is "kim s visit")."""
    return _NON_WORDS.sub(" ", text).strip().casefold()


# Markdown -------------------------------------------------------------------------

_INLINE_SPECIAL = re.compile(r"([\\`*\[\]])")
_UNDERSCORE_EDGE = re.compile(r"(?<!\w)_|_(?!\w)")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])(?=\s|$)")


def escape_markdown(text: str) -> str:
    """Escape plain text so that Markdown renders it as the same text.

    ``<`` becomes an entity (raw HTML can never reach the page); characters that
    start emphasis, code or links are backslash-escaped; a line that would start a
    heading, quote or list is escaped at its start.
    """
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _UNDERSCORE_EDGE.sub(r"\\_", text)
    return _LINE_START.sub(r"\1\\\2", text)


def render_markdown(blocks: Iterable[Block]) -> str:
    """Blocks as Markdown: one block per paragraph, escaped."""
    parts: list[str] = []
    previous: BlockKind | None = None
    for block in blocks:
        text = escape_markdown(block.text)
        if block.kind == "h":
            parts.append(f"## {text}")
        elif block.kind == "li":
            line = f"- {text}"
            if previous == "li":
                parts[-1] += "\n" + line
                previous = block.kind
                continue
            parts.append(line)
        elif block.kind == "quote":
            parts.append(f"> {text}")
        elif block.kind == "caption":
            parts.append(f"*{text}*")
        else:
            parts.append(text)
        previous = block.kind
    return "\n\n".join(parts) + ("\n" if parts else "")


def blocks_text(blocks: Iterable[Block]) -> str:
    """Blocks as plain text, one per line (for comparing and de-duplicating)."""
    return "\n".join(block.text for block in blocks)
