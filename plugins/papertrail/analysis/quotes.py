"""Provenance: every quotation a story attributes to a paper must be in that paper.

*What the papers say* puts words in outlets' mouths. A quotation (text inside “…”
or "…", four words or more) in a papers item is looked up in the cited source's
cleaned text, after normalising quotes, dashes and whitespace; one that is not
there is an error an editor must fix before publishing.
"""

from __future__ import annotations

import difflib
import functools
import re
import urllib.parse
from dataclasses import dataclass

from papertrail.content.model import Content, FieldPath, Story
from papertrail.content.problems import Problem, Severity
from papertrail.content.sections import one_space
from papertrail.content.sentences import sentence_at

# A quotation: straight or typographic double quotes.
QUOTATION = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
MIN_QUOTE_WORDS = 4
# Folded one by one with str.replace: str.translate with a table looks up every
# character in Python objects, and was a sixth of checking 5,000 stories' sources.
_FOLD = (
    ("‘", "'"), ("’", "'"), ("\u02bc", "'"), ("“", '"'), ("”", '"'),
    ("–", "-"), ("—", "-"), ("\u2011", "-"), ("\u00a0", " "),
    ("\\", ""), ("*", ""), ("_", ""), ("`", ""),
)  # fmt: skip


def normalise_for_quotes(text: str) -> str:
    """Text as compared for quotations: quotes, dashes, escapes and whitespace folded."""
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return one_space(text)


@functools.lru_cache(maxsize=8192)
def normalised_text(text: str) -> str:
    """A source's text, normalised once however many quotes are looked up in it."""
    return normalise_for_quotes(text)


@dataclass(frozen=True)
class Quote:
    """A quotation in a papers item and, when found, the source sentence holding it."""

    story: str
    item: int
    text: str
    source: str
    sentence: str | None  # None: not in the source (or the source has no text)
    # A text fragment (``#:~:text=…``, percent-encoded) that finds the quotation in the
    # original article: its first and last words, checked to be in the stored source.
    fragment: str | None = None


def quotations(markdown: str) -> list[str]:
    """The quotations of at least :data:`MIN_QUOTE_WORDS` words in ``markdown``."""
    found = []
    for match in QUOTATION.finditer(markdown):
        quote = (match.group(1) or match.group(2) or "").strip()
        if len(re.findall(r"\w+", quote)) >= MIN_QUOTE_WORDS:
            found.append(quote)
    return found


def check_story_quotes(story: Story, content: Content) -> tuple[list[Quote], list[Problem]]:
    """Look up every quotation of every papers item of ``story`` in its source.

    Returns:
        The verified quotes, and the problems: an error for a quotation not in the
        source, a warning for one whose source has no text to check against.
    """
    verified: list[Quote] = []
    problems: list[Problem] = []
    for index, item in enumerate(story.papers):
        source = content.sources.get(item.source)
        if source is None:
            continue  # an unknown source is reported by validation
        wanted = quotations(item.says)
        if not wanted:
            continue
        field = ("papers", index, "says")
        if not source.text.strip():
            for quote in wanted:
                problems.append(
                    story.origin.problem(
                        field,
                        f"cannot verify quote “{quote}”: source '{source.id}' has no text",
                        Severity.WARNING,
                    )
                )
            continue
        whole = normalised_text(source.text)
        for quote in wanted:
            needle = normalise_for_quotes(quote)
            position = whole.find(needle)
            if position < 0:
                problems.append(_misquote(story, field, quote, source.id, whole))
                continue
            verified.append(
                Quote(
                    story=story.id,
                    item=index,
                    text=quote,
                    source=source.id,
                    sentence=sentence_at(whole, position),
                    # The quotation as the source has it: casefolding the rest of the
                    # source for every quotation was a tenth of checking quotations.
                    fragment=text_fragment(quote, whole[position : position + len(needle)]),
                )
            )
    return verified, problems


# Words at each end of a long quotation that a text fragment names (textStart,textEnd).
FRAGMENT_WORDS = 4
_END_PUNCTUATION = "\"'“”‘’«»()[],.;:!?-–—"


def text_fragment(quote: str, source_at_quote: str) -> str | None:
    """The text directive that finds ``quote`` in the original article, percent-encoded.

    A short quotation is named whole; a long one by its first and last
    :data:`FRAGMENT_WORDS` words (``textStart,textEnd``), which survive small differences
    of typography in between. Each part must be in the stored source where the quotation
    is (``source_at_quote``, normalised as quotes are compared) or there is no fragment:
    a link that finds nothing helps no reader.
    """
    words = quote.split()
    if len(words) <= 2 * FRAGMENT_WORDS:
        parts = [" ".join(words)]
    else:
        parts = [" ".join(words[:FRAGMENT_WORDS]), " ".join(words[-FRAGMENT_WORDS:])]
    # Punctuation at the ends of a part is the quotation's own, not the article's words.
    parts = [part.strip(_END_PUNCTUATION + " ") for part in parts]
    if not all(parts):
        return None
    folded_source = source_at_quote.casefold()
    if not all(normalise_for_quotes(part).casefold() in folded_source for part in parts):
        return None
    # Percent-encoded whole: the directive's own characters (- , &) must not appear raw.
    return "text=" + ",".join(map(_percent_encoded, parts))


# What urllib.parse.quote(safe="") leaves as it is, and the space (as "%20").
_PLAIN = re.compile(r"[A-Za-z0-9_.~ -]*")


def _percent_encoded(part: str) -> str:
    """``part`` percent-encoded as a text directive needs it: as ``urllib.parse.quote``
    with nothing safe, and "-" too (urllib leaves it alone; the directive reads it as
    the start of a suffix)."""
    if _PLAIN.fullmatch(part):
        # Most quotations are plain words: urllib encodes byte by byte in Python, a tenth
        # of checking a story's quotations (27,000 fragments at 5,000 stories).
        return part.replace(" ", "%20").replace("-", "%2D")
    return urllib.parse.quote(part, safe="").replace("-", "%2D")


_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_WORDS = re.compile(r"\w+(?:['’]\w+)*")


def _misquote(story: Story, field: FieldPath, quote: str, source_id: str, whole: str) -> Problem:
    """The problem for a quotation not found in its source, saying how close it came.

    Editors mostly misquote by a word or by typography; the message shows the source's
    closest passage, and says so when only case or punctuation differs, or when an
    ellipsis leaves words out (then every part is in the source, in order, and it is
    only a warning: leaving words out with an ellipsis is how quotations are cut).
    """
    parts = [normalise_for_quotes(p) for p in _ELLIPSIS.split(quote) if p.strip()]
    if len(parts) > 1:
        position = 0
        for part in parts:
            position = whole.find(part, position)
            if position < 0:
                break
            position += len(part)
        else:
            return story.origin.problem(
                field,
                f"quote “{quote}” leaves out words of source '{source_id}' where the ellipsis is; "
                "each part is in the source, in order",
                Severity.WARNING,
            )
    wanted = [w.casefold() for w in _WORDS.findall(quote)]
    words = list(_WORDS.finditer(whole))
    folded = [w.group().casefold() for w in words]
    # The passage sharing most words with the quote, in order (the first such), cut to
    # the words matched plus as many as the quote has before and after its matches.
    best: tuple[int, int, int] = (0, 0, -1)
    for start in range(max(1, len(words) - len(wanted) + 1)):
        window = folded[start : start + len(wanted)]
        blocks = [
            b
            for b in difflib.SequenceMatcher(None, wanted, window, autojunk=False).get_matching_blocks()
            if b.size
        ]
        shared = sum(b.size for b in blocks)
        if shared > best[0]:
            head, tail = blocks[0].a, len(wanted) - (blocks[-1].a + blocks[-1].size)
            best = (
                shared,
                max(0, start + blocks[0].b - head),
                min(len(words), start + blocks[-1].b + blocks[-1].size + tail) - 1,
            )
    message = f"quote “{quote}” is not in source '{source_id}'"
    shared, first, last = best
    if words and shared * 2 >= len(wanted):
        passage = whole[words[first].start() : words[last].end()]
        if shared == len(wanted) and last - first + 1 == len(wanted):
            return story.origin.problem(
                field, f"{message}: only case or punctuation differs; the source has “{passage}”"
            )
        return story.origin.problem(field, f"{message}; closest: “{passage}”")
    return story.origin.problem(field, f"{message}; nothing in it comes close: quote the source exactly")
