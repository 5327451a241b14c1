"""Where sentences end (content/sentences.py): one rule for mentions, quotations and excerpts."""

from __future__ import annotations

from papertrail.content.sentences import sentence_at, sentence_ends, sentences
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


def test_sentence_ends_and_excerpts_do_not_stop_at_a_title() -> None:
    assert [TEXT[:end] for end in sentence_ends(TEXT)][:2] == [
        "Leaders met on Sept. 3, 2025, in Beijing.",
        "Leaders met on Sept. 3, 2025, in Beijing. Dr. Go said so.",
    ]
    # Eight words: the excerpt keeps the last whole sentence, not "… Dr."
    long = "Officials met in Seoul on Monday. Dr. Kim said talks would resume soon."
    assert excerpt(long, 9) == "Officials met in Seoul on Monday."
    assert not excerpt(long, 12).endswith("Dr.")
