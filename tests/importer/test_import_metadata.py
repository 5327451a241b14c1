"""What an imported page says of itself: a whole headline, a date from its own markup."""

from __future__ import annotations

import datetime as dt

from papertrail.importer.cleaning.article import clean_input

PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the report says what the health officials found and what they advised.</p>"
    for n in range(1, 9)
)


def _page(head: str, body_top: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body><article>{body_top}{PARAGRAPHS}</article></body></html>"


WHOLE = "Plague case confirmed in Inner Mongolia as officials urge caution"


def test_a_json_ld_headline_cut_short_gives_way_to_the_pages_whole_one() -> None:
    cut = WHOLE[:45]
    for shortened in (cut, cut.rstrip() + "…", cut.rstrip() + "..."):
        jsonld = (
            f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{shortened}"}}</script>'
        )
        (article,) = clean_input(_page(jsonld + f'<meta property="og:title" content="{WHOLE}">'))
        assert article.title == WHOLE
        (article,) = clean_input(_page(jsonld, f"<h1>{WHOLE}</h1>"))  # no og:title: the page's <h1>
        assert article.title == WHOLE


def test_a_whole_json_ld_headline_is_kept_over_a_longer_title_tag() -> None:
    jsonld = f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{WHOLE}"}}</script>'
    (article,) = clean_input(_page(jsonld + f'<meta property="og:title" content="{WHOLE} | The Daily">'))
    assert article.title == WHOLE  # not a cut: it is the whole headline, the site's name added


def test_a_date_in_the_pages_own_markup_is_found_when_json_ld_is_broken() -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>'
    timed = f'<h1>{WHOLE}</h1><time itemprop="datePublished" datetime="2025-08-12T07:30:00+08:00">12 August</time>'
    (article,) = clean_input(_page(broken, timed))
    assert article.published == dt.datetime(2025, 8, 12, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    (article,) = clean_input(_page("", f'<h1>{WHOLE}</h1><time pubdate datetime="2025-08-12">12 Aug</time>'))
    assert article.published == dt.date(2025, 8, 12)
