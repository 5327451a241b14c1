"""Source ids made by the importer (importer/ids.py)."""

from __future__ import annotations

import datetime as dt

from papertrail.content.fields import is_valid_id
from papertrail.importer.cleaning.article import CleanedArticle
from papertrail.importer.ids import MAX_SLUG_CHARS, short_source_id, source_id


def article(title: str | None, published: dt.date | None = dt.date(2025, 9, 3)) -> CleanedArticle:
    return CleanedArticle(format="text", title=title, body="Body.", blocks=(), published=published)


def test_an_id_is_outlet_day_and_headline() -> None:
    ident = source_id("scmp", article("Kim’s Beijing visit: what it means"))
    assert ident == "scmp-2025-09-03-kims-beijing-visit-what-it-means"
    assert is_valid_id(ident)


def test_long_headlines_are_cut_at_a_word_and_accents_folded() -> None:
    ident = source_id("bbc", article("Élysée " + "négociations " * 20, None))
    assert is_valid_id(ident) and ident.startswith("bbc-elysee-negociations")
    assert len(ident) <= len("bbc-") + MAX_SLUG_CHARS
    assert not ident.endswith("-")


def test_short_ids_leave_small_words_out() -> None:
    short = short_source_id("nyt", article("Port strike halts container traffic at Rotterdam"))
    assert short == "nyt-2025-09-03-port-strike-halts-container"  # about 30 characters of headline
    assert len(short) < len(source_id("nyt", article("Port strike halts container traffic at Rotterdam")))
