"""Plain text to blocks: our own line rules, since no library does this well.

A paste from a browser is one block per line: the article's paragraphs, plus
whatever surrounded it (a date bar, menus, teasers of other articles, footers).
The article is the longest run of prose, found like a maximum-sum subarray over
line scores: a prose line adds its length in words, a short line costs a little
(subheadings are short, and a run may bridge them), boilerplate costs a lot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from papertrail.cleaning import rules
from papertrail.cleaning.blocks import Block, is_boilerplate, normalise_space, word_count

# A line with at least this many words, ending a sentence, is prose.
MIN_PROSE_WORDS = 8
# Or this many words whatever its ending (long lines are prose even unpunctuated).
LONG_LINE_WORDS = 25
# The cost of a short non-prose line inside a run: a subheading between paragraphs
# is bridged, a block of menu lines is not.
SHORT_LINE_COST = 6.0
BOILERPLATE_COST = 40.0
# A headline is at most this long.
MAX_TITLE_WORDS = 30


@dataclass(frozen=True)
class TextArticle:
    """What the line rules found in a plain text."""

    title: str | None
    blocks: tuple[Block, ...]
    before: tuple[str, ...]  # lines between the title and the body (byline, dateline candidates)
    after: tuple[str, ...]  # lines after the body (copyright, licence, syndication notes)


def is_prose(line: str) -> bool:
    """A line that reads as article text."""
    words = word_count(line)
    if rules.TRUNCATION.search(line) and words >= 3:
        return True  # cut-off prose (seed 002 ends "appearance alongside........")
    return words >= LONG_LINE_WORDS or (words >= MIN_PROSE_WORDS and bool(rules.SENTENCE_END.search(line)))


def line_score(line: str) -> float:
    """Words for prose, a small cost for other short lines, a large one for boilerplate."""
    if is_boilerplate(line) or (
        rules.COPYRIGHT.match(line) and word_count(line) <= rules.MAX_BOILERPLATE_WORDS
    ):
        return -BOILERPLATE_COST
    if is_prose(line):
        return float(word_count(line))
    return -(SHORT_LINE_COST + word_count(line) * 0.25)


def find_repeated_title(lines: list[str]) -> tuple[str, int] | None:
    """A headline that appears twice: in a teaser list or breadcrumb, then above the article.

    Returns the title and the index of its last appearance. The later copy may have
    a tag glued to its front (seed 003: "NorthKoreaXi Jinping Rolls Out the Red Carpet…").
    """
    for index, line in enumerate(lines):
        if not 4 <= word_count(line) <= MAX_TITLE_WORDS or (is_prose(line) and line.endswith(".")):
            continue
        key = _key(line)
        for later in range(len(lines) - 1, index, -1):
            other = _key(lines[later])
            glued = other.endswith(key) and len(other) - len(key) <= 30
            if (other == key or glued) and later + 1 < len(lines) and is_prose(lines[later + 1]):
                return line, later
    return None


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def best_run(scores: list[float], start: int) -> tuple[int, int]:
    """The maximum-sum run of ``scores[start:]`` as (first, last) indices."""
    best = (start, start - 1)
    best_sum = 0.0
    run_start = start
    running = 0.0
    for index in range(start, len(scores)):
        if running <= 0:
            run_start, running = index, 0.0
        running += scores[index]
        if running > best_sum:
            best_sum, best = running, (run_start, index)
    return best


def clean_text_lines(text: str) -> TextArticle:
    """Find the title and the article's run of prose in a plain text.

    Args:
        text: The pasted text, one block per line.
    """
    lines = [normalise_space(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return TextArticle(None, (), (), ())
    title: str | None = None
    start = 0
    repeated = find_repeated_title(lines)
    if repeated is not None:
        title, last = repeated
        start = last + 1
    elif (
        len(lines) > 1
        and word_count(lines[0]) <= MAX_TITLE_WORDS
        and not (rules.SENTENCE_END.search(lines[0]) and lines[0].endswith("."))
        and not is_boilerplate(lines[0])
    ):
        title, start = lines[0], 1
    scores = [line_score(line) for line in lines]
    first, last = best_run(scores, start)
    body = lines[first : last + 1]
    blocks = []
    for index, line in enumerate(body):
        heading = (
            not is_prose(line)
            and 0 < index < len(body) - 1
            and word_count(line) <= MAX_TITLE_WORDS // 2
            and is_prose(body[index + 1])
        )
        blocks.append(Block("h" if heading else "p", line))
    return TextArticle(title, tuple(blocks), tuple(lines[start:first]), tuple(lines[last + 1 :]))
