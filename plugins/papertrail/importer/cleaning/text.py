"""Plain text to blocks: our own line rules, since no library does this well.

A paste from a browser is one block per line: the article's paragraphs, plus
whatever surrounded it (a date bar, menus, teasers of other articles, footers).
The article is the longest run of prose, found like a maximum-sum subarray over
line scores: a prose line adds its length in words, a short line costs a little
(subheadings are short, and a run may bridge them), boilerplate costs a lot.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from papertrail.importer.cleaning import rules
from papertrail.importer.cleaning.blocks import Block, is_boilerplate, line_key, normalise_space, word_count

# A line with at least this many words, ending a sentence, is prose.
MIN_PROSE_WORDS = 8
# Or this many words whatever its ending (long lines are prose even unpunctuated).
LONG_LINE_WORDS = 25
# The cost of a short non-prose line inside a run: a subheading between paragraphs
# is bridged, a block of menu lines is not.
SHORT_LINE_COST = 6.0
BOILERPLATE_COST = 12.0
# A headline is at most this long.
MAX_TITLE_WORDS = 30
# The headline, standfirst, byline and dateline sit within this many lines above the body.
HEAD_LINES = 8
# Scoring headline candidates (see read_head): words count up to HEADLINE_WORDS.
HEADLINE_WORDS = 12
# A byline or dateline within this many lines of the run's start is above the article.
LEAD_LINES = 3
REPEAT_BONUS = 10.0
ABOVE_TEXT_BONUS = 5.0
# Prose right after a byline or dateline is where an article starts: a short
# article there beats a long blurb elsewhere on the page.
ARTICLE_START_BONUS = 30.0
# A tag glued before a repeated headline is at most this long (seed 003: "NorthKorea").
GLUED_TAG_CHARS = 30


@dataclass(frozen=True)
class TextArticle:
    """What the line rules found in a plain text."""

    title: str | None
    standfirst: str | None
    blocks: tuple[Block, ...]
    before: tuple[str, ...]  # lines between the title and the body (byline, dateline candidates)
    after: tuple[str, ...]  # lines after the body (copyright, licence, syndication notes)


def is_prose(line: str, words: int | None = None) -> bool:
    """A line that reads as article text (``words``: its word count, when known)."""
    words = word_count(line) if words is None else words
    if rules.TRUNCATION.search(line) and words >= 3:
        return True  # cut-off prose (seed 002 ends "appearance alongside........")
    return words >= LONG_LINE_WORDS or (words >= MIN_PROSE_WORDS and bool(rules.SENTENCE_END.search(line)))


def line_score(line: str, words: int, prose: bool) -> float:
    """Words for prose, a small cost for other short lines, a larger one for boilerplate.

    Args:
        line: The line.
        words: Its word count.
        prose: Whether it is prose (:func:`is_prose`).
    """
    if words <= rules.MAX_BOILERPLATE_WORDS and (
        rules.BOILERPLATE.match(line) or rules.COPYRIGHT.match(line)
    ):
        return -BOILERPLATE_COST
    if prose and not (rules.FOOTER_HINT.search(line) and rules.FOOTER_PROSE.search(line)):
        return float(words)
    return -(SHORT_LINE_COST + words * 0.25)


def is_byline_or_dateline(line: str) -> bool:
    """A "By …" line or a line that is only a date (and perhaps a time)."""
    return bool(rules.BYLINE.match(line) or rules.DATE_LINE.match(line))


@dataclass(frozen=True)
class LineFacts:
    """Each line's word count and prose verdict, worked out once per paste.

    Every rule below asks them of the same lines again and again; a 20 MB paste has
    hundreds of thousands of lines, and asking afresh made it take twice as long.
    """

    words: list[int]
    prose: list[bool]

    @classmethod
    def of(cls, lines: list[str]) -> LineFacts:
        words = [word_count(line) for line in lines]
        return cls(words, [is_prose(line, count) for line, count in zip(lines, words, strict=True)])


def line_scores(lines: list[str], facts: LineFacts) -> list[float]:
    """Each line's score, with the article-start bonus after bylines and datelines."""
    scores = [line_score(line, facts.words[i], facts.prose[i]) for i, line in enumerate(lines)]
    for index in range(len(lines)):
        if scores[index] > 0 and any(
            is_byline_or_dateline(lines[j]) for j in range(max(0, index - 2), index)
        ):
            scores[index] += ARTICLE_START_BONUS
    return scores


def is_headline_like(line: str, words: int, prose: bool) -> bool:
    """Could be a headline: a few words, mostly letters, no time of day, not a sentence."""
    if not 4 <= words <= MAX_TITLE_WORDS or prose:
        return False
    tokens = line.split()
    alphabetic = sum(any(c.isalpha() for c in token) for token in tokens)
    return alphabetic >= 0.75 * len(tokens) and not rules.TIME_OF_DAY.search(line)


def repeated_title_anchor(
    lines: list[str], facts: LineFacts, first: int, last: int
) -> tuple[str, int] | None:
    """A headline repeated just above the article, inside the run of prose found.

    Scraped pages list the article among teasers of others, then print it again
    above the body, sometimes with a tag glued on (seed 003: "NorthKoreaXi Jinping
    Rolls Out the Red Carpet…"). The run of prose then starts at the teasers; the
    last copy of the repeated headline marks where the article really begins. A
    copy is only used in the first half of the run's words, so a headline repeated
    in a share box further down never cuts the article.
    """
    weights = [facts.words[i] if facts.prose[i] else 0 for i in range(first, last + 1)]
    total = sum(weights)
    words_before = list(accumulate(weights, initial=0))  # words_before[k] = sum(weights[:k])
    top = max(0, first - 3)
    # One pass over the candidates, one over the copies, so a long paste with a
    # repeated subheading costs a line's work per line (it was a pass over the run per
    # pair of lines: 1,600 lines took 32 s).
    starts: dict[str, list[int]] = {}
    for index in range(top, last):
        if is_headline_like(lines[index], facts.words[index], facts.prose[index]):
            starts.setdefault(line_key(lines[index]), []).append(index)
    if not starts:
        return None
    longest = max(map(len, starts))
    best: tuple[int, int] | None = None  # the last copy of the last candidate
    for later in range(top + 1, last):
        if words_before[min(max(0, later + 1 - first), len(weights))] * 2 >= total:
            break  # past the first half of the run's words; later lines are further still
        other = line_key(lines[later])
        if len(other) > longest + GLUED_TAG_CHARS or not facts.prose[later + 1]:
            continue
        # The same key, or the key with a tag of up to GLUED_TAG_CHARS glued before it.
        for cut in range(min(GLUED_TAG_CHARS, len(other)) + 1):
            earlier = starts.get(other[cut:], [])
            position = bisect_left(earlier, later) - 1
            if position >= 0 and (best is None or (earlier[position], later) > best):
                best = (earlier[position], later)
    return None if best is None else (lines[best[0]], best[1])


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
        return TextArticle(None, None, (), (), ())
    facts = LineFacts.of(lines)
    scores = line_scores(lines, facts)
    first, last = best_run(scores, 0)
    title: str | None = None
    standfirst: str | None = None
    head_start = 0
    anchor = repeated_title_anchor(lines, facts, first, last)
    if anchor is not None:
        first, last = best_run(scores, anchor[1] + 1)
    first = _after_credits(lines, first, last)
    if anchor is not None:
        title = anchor[0]
        standfirst, head_start = _below_headline(lines, title, first)
    else:
        head = read_head(lines, first)
        if head is not None:
            title, standfirst, head_start = head
        elif (
            word_count(lines[0]) <= MAX_TITLE_WORDS
            and not is_prose(lines[0])
            and not is_boilerplate(lines[0])
            and first <= 3
        ):
            # A paste that starts with its headline (seed 002).
            title = lines[0]
            head_start = first = max(first, 1)
    body = lines[first : last + 1]
    blocks = []
    for index, line in enumerate(body):
        at = first + index
        heading = (
            not facts.prose[at]
            and 0 < index < len(body) - 1
            and facts.words[at] <= MAX_TITLE_WORDS // 2
            and facts.prose[at + 1]
        )
        blocks.append(Block("h" if heading else "p", line))
    before = tuple(line for line in lines[head_start:first] if line not in {title, standfirst})
    return TextArticle(title, standfirst, tuple(blocks), before, tuple(lines[last + 1 :]))


def is_kicker(line: str) -> bool:
    """A section label above a headline ("Shipping", "WORLD NEWS", "Analysis")."""
    words = line.split()
    return (
        0 < len(words) <= 3
        and not rules.SENTENCE_END.search(line)
        and (line.isupper() or len(words) == 1 or all(w[:1].isupper() for w in words))
    )


def could_be_headline(line: str) -> bool:
    """A line at the top of a paste that may be its headline: a few words, not a
    byline, dateline, label or sentence of prose."""
    return (
        3 <= word_count(line) <= MAX_TITLE_WORDS
        and not is_byline_or_dateline(line)
        and not is_boilerplate(line)
        and not rules.TIME_OF_DAY.search(line)
        and not is_prose(line)
        and not (line.isupper() and word_count(line) <= 3)
        and not rules.NOT_HEADLINE.search(line)
    )


def _is_credit(line: str) -> bool:
    """A byline or dateline, or a line that starts like one ("By Mike Wall 2019-11-18…")."""
    return is_byline_or_dateline(line) or bool(rules.BYLINE_START.match(line))


def read_head(lines: list[str], first: int) -> tuple[str, str | None, int] | None:
    """The headline and standfirst in the lines above the body, and where they start.

    Pastes from a browser put a kicker, the headline, a standfirst, the byline and
    the date above the body, in about that order; whole-page copies add menus,
    teasers, share buttons and captions. Each candidate line is scored: its length
    (labels and teasers are short), a repeat (pages print the headline in the
    breadcrumb and again as the title; some pastes repeat it above the body), and
    sitting right above a byline, date or prose. The standfirst is the first
    sentence of prose between the headline's first copy and the body.
    """
    window = range(max(0, first - HEAD_LINES), first)
    keys = {i: line_key(lines[i]) for i in window}
    best: tuple[float, int] | None = None
    for i in window:
        if not could_be_headline(lines[i]):
            continue
        words = word_count(lines[i])
        # Headlines run to a dozen words or so; a longer line is a blurb or a notice.
        score = float(min(words, HEADLINE_WORDS) - max(0, words - 2 * HEADLINE_WORDS))
        if any(j != i and (keys[j] == keys[i] or keys[j].endswith(keys[i])) for j in window):
            score += REPEAT_BONUS
        after = lines[i + 1 : min(i + 4, first)]
        if i + 1 == first or (after and (is_prose(after[0]) or _is_credit(after[0]))):
            score += ABOVE_TEXT_BONUS
        if any(_is_credit(line) for line in after):
            score += ABOVE_TEXT_BONUS
        if best is None or score >= best[0]:
            best = (score, i)
    if best is None:
        return None
    title = lines[best[1]]
    standfirst, head_start = _below_headline(lines, title, first)
    return title, standfirst, head_start


def _below_headline(lines: list[str], title: str, first: int) -> tuple[str | None, int]:
    """The standfirst under a headline, and the line after the headline's first copy
    above the body (where bylines and datelines are looked for)."""
    key = line_key(title)
    window = range(max(0, first - HEAD_LINES), first)
    top = min((i for i in window if line_key(lines[i]) == key), default=first - 1)
    below = (lines[i] for i in range(top + 1, first) if line_key(lines[i]) != key)
    standfirst = next((line for line in below if is_prose(line) and not is_byline_or_dateline(line)), None)
    return standfirst, top + 1


def _after_credits(lines: list[str], first: int, last: int) -> int:
    """Where the body starts when its run of prose begins above a byline or dateline.

    A standfirst is prose, so the run can start there and bridge the date below it
    ("Headline / standfirst / 28 Oct 2025 / body"); the article starts after the
    credits, and the standfirst is the head's.
    """
    start = first
    for index in range(first, min(first + LEAD_LINES, last)):
        if is_byline_or_dateline(lines[index]):
            start = index + 1
    # "Headline / standfirst / WORLD NEWS / body": a label right under the line under
    # a headline ends the head the same way (it became the body's first subheading).
    under_headline = first > 0 and could_be_headline(lines[first - 1])
    if start == first and first + 1 < last and is_kicker(lines[first + 1]) and under_headline:
        start = first + 2
    return start
