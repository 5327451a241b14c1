"""Where sentences end (content/sentences.py): one rule for mentions, quotations and excerpts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.content.sentences import (
    _ENDS_TEXT,
    SENTENCE_BREAK,
    sentence_at,
    sentence_ends,
    sentence_span_at,
    sentence_spans,
    sentences,
)
from papertrail.render.parts import excerpt

TEXT = "Leaders met on Sept. 3, 2025, in Beijing. Dr. Go said so. The U.S. Army came. George W. Bush did not."


def test_sentences_do_not_end_at_abbreviations_or_initials() -> None:
    assert sentences(TEXT) == [
        "Leaders met on Sept. 3, 2025, in Beijing.",
        "Dr. Go said so.",
        "The U.S. Army came.",
        "George W. Bush did not.",
    ]


def test_the_sentence_at_a_position_is_the_whole_sentence() -> None:
    assert sentence_at(TEXT, TEXT.index("Go said")) == "Dr. Go said so."
    assert sentence_at(TEXT, TEXT.index("Army")) == "The U.S. Army came."
    assert sentence_at(TEXT, 0) == "Leaders met on Sept. 3, 2025, in Beijing."
    # A quotation that opens a sentence: the position is at its first word.
    quoted = 'It was China, Dr Go said. "It is really about the view," he added.'
    assert sentence_at(quoted, quoted.index("It is")) == '"It is really about the view," he added.'


def test_the_span_of_a_long_sentence_starts_at_its_own_start() -> None:
    # The break before "Dr." is further back than the reach first looked at.
    position = TEXT.index("so.")
    start, end = sentence_span_at(TEXT, position, reach=4)
    assert TEXT[start:end] == "Dr. Go said so."


def test_sentence_ends_and_excerpts_do_not_stop_at_a_title() -> None:
    assert [TEXT[:end] for end in sentence_ends(TEXT)][:2] == [
        "Leaders met on Sept. 3, 2025, in Beijing.",
        "Leaders met on Sept. 3, 2025, in Beijing. Dr. Go said so.",
    ]
    # Eight words: the excerpt keeps the last whole sentence, not "… Dr."
    long = "Officials met in Seoul on Monday. Dr. Kim said talks would resume soon."
    assert excerpt(long, 9) == "Officials met in Seoul on Monday."
    assert not excerpt(long, 12).endswith("Dr.")


# The rule as one regular expression, as it was written first: the reference the faster
# search must agree with everywhere.
def _reference_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_BREAK.split(text) if s.strip()]


def _reference_sentence_ends(text: str) -> list[int]:
    ends = [m.start() for m in SENTENCE_BREAK.finditer(text)]
    if _ENDS_TEXT.search(text):  # tried at every character
        ends.append(len(text.rstrip()))
    return ends


def _reference_sentence_at(text: str, position: int, reach: int = 600) -> str:
    start = max(0, position - reach)
    breaks = SENTENCE_BREAK.finditer(text, start, min(len(text), position + 2))
    before = max((m.end() for m in breaks if m.end() <= position), default=start)
    after = SENTENCE_BREAK.search(text, position)
    return text[before : after.start() if after else len(text)].strip()


# Text made of what decides a break: the punctuation, closing and opening quotes,
# spaces of several kinds, capitals, digits, abbreviations and initials.
_PIECES = st.sampled_from(
    [".", "!", "?", "…", '"', "'", "”", "’", ")", "(", "“", "‘", " ", "  ", "\n", "\u00a0",
     "A", "Z", "7", "a", "z", "Dr", "Sept", "No", "U", "vs", "word", ",", "-"]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_sentences_agree_with_the_rule_as_one_expression(text: str) -> None:
    assert sentences(text) == _reference_sentences(text)
    assert sentence_ends(text) == _reference_sentence_ends(text)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=12))
def test_the_sentence_at_a_position_agrees_with_the_rule_as_one_expression(
    text: str, position: int, reach: int
) -> None:
    position = min(position, len(text))
    assert sentence_at(text, position, reach) == _reference_sentence_at(text, position, reach)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=12))
def test_the_span_of_the_sentence_at_a_position_is_that_sentence(
    text: str, position: int, reach: int
) -> None:
    spans = sentence_spans(text)
    assert [text[start:end] for start, end in spans] == _reference_sentences(text)
    holding = [span for span in spans if span[0] <= position < span[1]]
    # Any reach finds the whole sentence: the breaks before are looked for further back.
    if holding and not text[position].isspace():
        assert sentence_span_at(text, position, reach) == holding[0]
