"""What an imported page says of itself: a whole headline, a date from its own markup."""

from __future__ import annotations

import datetime as dt

from papertrail.importer.cleaning.article import clean_input

PARAGRAPH_LIST = [
    f"<p>Paragraph {n} of the report says what the health officials found and what they advised.</p>"
    for n in range(1, 9)
]
PARAGRAPHS = "".join(PARAGRAPH_LIST)


def _page(head: str, body_top: str = "", paragraphs: str = PARAGRAPHS) -> str:
    return f"<!doctype html><html><head>{head}</head><body><article>{body_top}{paragraphs}</article></body></html>"


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


def test_captions_credits_and_promotion_lines_stay_out_of_the_body() -> None:
    body = (
        f"<h1>{WHOLE}</h1>"
        "<figure><img alt=''><figcaption>Plague can be easily vaccinated (Photo: Agency)</figcaption></figure>"
        + "".join(PARAGRAPH_LIST[:4])
        + "<p>DON'T MISS: Plague warning as cases rise [WARNING] Doctors fear second wave [INSIGHT]</p>"
        + "<p class='image-credit'>Picture: Getty Images</p>"
        + "".join(PARAGRAPH_LIST[4:])
    )
    (article,) = clean_input(_page("", body, paragraphs=""))
    for gone in ("easily vaccinated", "DON'T MISS", "[INSIGHT]", "Getty Images"):
        assert gone not in article.body, gone
    assert article.body.count("Paragraph") == 8  # and none of the article


def test_a_sentence_long_heading_under_the_headline_is_the_standfirst() -> None:
    standfirst = "Health officials in the region say the risk to the public remains low this summer"
    (article,) = clean_input(_page("", f"<h1>{WHOLE}</h1><h2>{standfirst}</h2>"))
    assert article.standfirst == standfirst and not article.body.startswith("##")
    (article,) = clean_input(_page("", f"<h1>{WHOLE}</h1><h2>What we know</h2>"))
    assert article.standfirst is None  # a subheading stays one
