"""Source ids: ``<outlet>-<date>-<headline>``, and the short form editors can type.

An id is a file name and a URL segment, so it is made of the outlet's id, the day
and a slug of the headline: readable, stable, and unique in practice.
"""

from __future__ import annotations

import datetime as dt

from papertrail.content.fields import is_valid_id, slugify
from papertrail.importer.cleaning.article import CleanedArticle
from papertrail.importer.cleaning.blocks import blocks_text
from papertrail.importer.cleaning.decoding import InputError

# Ids stay readable in file names and URLs: the title's slug is cut at a word.
MAX_SLUG_CHARS = 60


def source_id(outlet: str, article: CleanedArticle) -> str:
    """``<outlet>-<date>-<slug of title>``: readable, stable, and unique in practice."""
    return _join_id(
        outlet, article, slugify(article.title or blocks_text(article.blocks)[:80], MAX_SLUG_CHARS)
    )


def _join_id(outlet: str, article: CleanedArticle, slug: str) -> str:
    parts = [outlet]
    if article.published is not None:
        day = article.published.date() if isinstance(article.published, dt.datetime) else article.published
        parts.append(day.isoformat())
    if slug:
        parts.append(slug)
    ident = "-".join(parts)
    if not is_valid_id(ident):  # pragma: no cover - slugify only yields valid parts
        raise InputError(f"cannot make an id from '{ident}'")
    return ident


# Words a short id leaves out of the headline: they make ids long, not memorable.
_STOP_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "by", "from", "as"}
    | {"is", "are", "was", "were", "be", "been", "its", "it", "that", "this", "after", "over", "amid"}
    | {"says", "say", "said", "into", "about", "how", "why", "what", "who", "will", "would", "could"}
)
SHORT_ID_WORDS = 5
SHORT_ID_SLUG_CHARS = 32


def short_source_id(outlet: str, article: CleanedArticle) -> str:
    """``<outlet>-<date>-<3 to 5 words of the headline>``: an id short enough to type.

    Small words go first ("Port strike halts container traffic at Rotterdam" gives
    ``port-strike-halts-container``); at least three words stay when the
    headline has them, at most five, and no more than fit in about 30 characters.
    """
    words = slugify(article.title or blocks_text(article.blocks)[:80], 200).split("-")
    kept = [w for w in words if w and w not in _STOP_WORDS] or words
    chosen: list[str] = []
    for word in kept[:SHORT_ID_WORDS]:
        if len(chosen) >= 3 and len("-".join([*chosen, word])) > SHORT_ID_SLUG_CHARS:
            break
        chosen.append(word)
    return _join_id(outlet, article, "-".join(chosen))
