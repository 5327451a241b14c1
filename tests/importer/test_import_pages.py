"""Whole pages (importer/cleaning): what is under the article, and lines a page repeats."""

from __future__ import annotations

from papertrail.importer.cleaning.article import clean_input

LINES = [
    f"Paragraph {n} of the report says what the health officials found and what they advised."
    for n in range(1, 9)
]


def _page(*blocks: str) -> str:
    inner = "".join(blocks)
    return f"<!doctype html><html><head><title>T</title></head><body><article><h1>A headline for the test page here</h1>{inner}</article></body></html>"


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def test_teasers_under_a_you_may_also_like_heading_are_not_the_article() -> None:
    teasers = [
        _p(f"Teaser {n}: another story the site would like you to read next, with its summary.")
        for n in range(6)
    ]
    (article,) = clean_input(_page(*map(_p, LINES), "<h2>You may also like</h2>", *teasers))
    assert "Teaser" not in article.body and article.body.count("Paragraph") == 8


def test_a_read_also_line_inside_the_article_cuts_nothing() -> None:
    blocks = [*map(_p, LINES[:4]), "<h3>Leggi anche</h3>", *map(_p, LINES[4:])]
    (article,) = clean_input(_page(*blocks))
    assert article.body.count("Paragraph") == 8


def test_a_line_repeated_far_apart_is_kept_one_repeated_at_once_is_not() -> None:
    step = "Drink 20 to 30 minutes before your workout, with water."
    plan = [_p(LINES[0]), _p(step), *map(_p, LINES[1:5]), _p(step), *map(_p, LINES[5:])]
    (article,) = clean_input(_page(*plan))
    assert article.body.count(step) == 2  # a meal plan's two days both say it
    sticky = [_p(LINES[0]), _p(step), _p(step), *map(_p, LINES[1:])]
    (article,) = clean_input(_page(*sticky))
    assert article.body.count(step) == 1


def test_a_press_releases_about_the_issuer_paragraph_is_not_the_news() -> None:
    about = "Ascom is a global solutions provider focused on healthcare ICT and mobile workflow solutions."
    (article,) = clean_input(_page(*map(_p, LINES), _p(about)))
    assert "global solutions provider" not in article.body and article.body.count("Paragraph") == 8
    # The same words opening the release are its news.
    opening = "Ascom is a global solutions provider that today announced a new alarm system for hospitals."
    (article,) = clean_input(_page(_p(opening), *map(_p, LINES)))
    assert "announced a new alarm system" in article.body
