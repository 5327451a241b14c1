"""Sentences: the one place that says where a sentence of plain text ends.

Used for the sentence quoted beside an entity mention, the source sentence shown on a
verified quotation, and where an excerpt may stop. A sentence ends at ``.``, ``!``,
``?`` or ``…`` (perhaps inside closing quotes) before a capital or a digit, unless the
full stop belongs to an abbreviation or an initial: "Dr. Go said", "on Sept. 3" and
"the U.S. Army" cut excerpts and quoted sentences short while three splitters each had
their own idea of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Words whose full stop ends no sentence: titles and abbreviated months, as news
# writes them ("on Sept. 3, 2025", "Dr. Go said").
ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Lt", "Col", "Sen", "Rep", "Gov", "No", "vs",
)  # fmt: skip
_NOT_AFTER = "".join(rf"(?<!\b{re.escape(word)}\.)" for word in ABBREVIATIONS)
_ENDED = rf"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)])){_NOT_AFTER}(?<!\b[A-Z]\.)"
# The space between two sentences.
SENTENCE_BREAK = re.compile(rf"{_ENDED}\s+(?=[\"“‘(]?[A-Z0-9])")
# The end of a text that ends a sentence (nothing follows to say what comes next).
_ENDS_TEXT = re.compile(rf"{_ENDED}\s*$")


# Where a sentence may end: its punctuation, perhaps a closing quote, before a space.
# SENTENCE_BREAK opens with lookbehinds, which Python's engine tries at every character
# of the text; this pattern opens with a character it consumes, which the engine skips
# ahead to. Each place it finds is then tried with SENTENCE_BREAK itself, so the breaks
# are the same (tests/content/test_sentences.py compares them on random text); finding
# them was a third of finding every story's mentions at 5,000 stories, three times
# what it is now.
_MAY_END = re.compile(r"[.!?…][\"'”’)]?(?=\s)")


def _breaks(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """``SENTENCE_BREAK.finditer(text, start, end)``, found faster."""
    end = len(text) if end is None else end
    # From two characters before ``start``: a break at ``start`` follows its punctuation.
    for candidate in _MAY_END.finditer(text, max(0, start - 2), end):
        if candidate.end() >= start and (found := SENTENCE_BREAK.match(text, candidate.end(), end)):
            yield found


def sentences(text: str) -> list[str]:
    """``text`` split into sentences, each stripped."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each of :func:`sentences` is in ``text``: its start and end, in order."""
    found, position = [], 0
    for stop in [*_breaks(text), None]:
        end = stop.start() if stop is not None else len(text)
        piece = text[position:end]
        if stripped := piece.strip():
            start = position + len(piece) - len(piece.lstrip())
            found.append((start, start + len(stripped)))
        if stop is not None:
            position = stop.end()
    return found


def sentence_span_at(text: str, position: int, reach: int = 600) -> tuple[int, int]:
    """The span of the sentence of :func:`sentence_spans` holding ``position`` (not a
    space), found from the breaks near it: a text's mentions need the sentences of a
    few of them (finding every sentence of every story was a third of finding mentions).

    The breaks before ``position`` are looked for ``reach`` characters back, then four
    times as far, until one is found or the text starts.
    """
    while (before := _start_within(text, position, reach)) is None:
        reach *= 4
    piece = text[before : _end_after(text, position)]
    first = before + len(piece) - len(piece.lstrip())
    return first, first + len(piece.strip())


def _start_within(text: str, position: int, reach: int) -> int | None:
    """Where the sentence holding ``position`` starts, if its start is found within
    ``reach`` characters back (the text's start counts); else None."""
    start = max(0, position - reach)
    # A break is looked for a little past ``position``: it must see the capital (or the
    # opening quote and capital) that follows it, and a quotation may start right there.
    breaks = _breaks(text, start, min(len(text), position + 2))
    return max((m.end() for m in breaks if m.end() <= position), default=0 if start == 0 else None)


def _end_after(text: str, position: int) -> int:
    """Where the sentence holding ``position`` ends (before the break after it)."""
    after = next(_breaks(text, position), None)
    return after.start() if after else len(text)


def may_hold_a_break(text: str, start: int, end: int) -> bool:
    """Whether a sentence of ``text`` may end inside ``text[start:end]`` (False: none
    does; True: it may, and a search of the whole text may find what a search of its
    sentences would not)."""
    return _MAY_END.search(text, start, min(len(text), end + 1)) is not None


def sentence_at(text: str, position: int, reach: int = 600) -> str:
    """The sentence of ``text`` that holds ``position``.

    Only ``reach`` characters before ``position`` are looked at, not the whole text
    (sources are long, and this runs for every verified quotation).
    """
    before = _start_within(text, position, reach)
    if before is None:
        before = position - reach  # cut at the reach
    return text[before : _end_after(text, position)].strip()


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of ``text`` ends (after its punctuation), in order."""
    ends = [m.start() for m in _breaks(text)]
    # Looked for where the trailing white space starts, not tried at every character
    # (its lookbehinds see the punctuation before that position).
    if _ENDS_TEXT.search(text, len(text.rstrip())):
        ends.append(len(text.rstrip()))
    return ends
