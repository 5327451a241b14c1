"""Sharing cards (render/cards.py): a 1200 by 630 image from the page's own words."""

from __future__ import annotations

import io
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from papertrail.build.pipeline import load_valid_content
from papertrail.render.cards import (
    SITE_CARD,
    SITE_LOGO,
    CardSpec,
    _card_frame,
    _card_top,
    card_path,
    card_specs,
    logo_address,
    render_card,
)
from tests.conftest import SEED_CONTENT


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_card_is_a_1200_by_630_jpeg_in_the_brand_colour() -> None:
    card = _image(render_card(CardSpec("A headline", "Explainer", "Newsroom", "#b00020")))
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    red, green, blue = card.convert("RGB").getpixel((5, 5))  # type: ignore[misc]
    assert red > 150 and green < 60 and blue < 60  # the band is the brand colour


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.text(max_size=400), st.text(max_size=80))
def test_any_headline_makes_a_card(title: str, site: str) -> None:
    """Long words, control characters, scripts the font lacks: always a card of the size."""
    assert _image(render_card(CardSpec(title, "Explainer", site))).size == (1200, 630)


def test_the_key_follows_what_the_card_shows() -> None:
    base = CardSpec("A headline", "Explainer", "Newsroom")
    assert base.key == CardSpec("A headline", "Explainer", "Newsroom").key
    others = [
        CardSpec("A headline!", "Explainer", "Newsroom"),
        CardSpec("A headline", "Background explainer", "Newsroom"),
        CardSpec("A headline", "Explainer", "Newsroom 2"),
        CardSpec("A headline", "Explainer", "Newsroom", "#000000"),
    ]
    assert len({base.key, *(o.key for o in others)}) == 5


def test_every_story_has_a_card_and_the_site_one() -> None:
    content, _ = load_valid_content(SEED_CONTENT)
    specs = card_specs(content, "Newsroom")
    assert set(specs) == {SITE_CARD, SITE_LOGO, *(card_path(s) for s in content.stories)}
    story = next(iter(content.stories.values()))
    assert specs[card_path(story.id)].title.replace("’", "'") == story.title.replace("’", "'")


def test_the_site_logo_is_a_square_of_its_initials_unless_the_theme_names_one() -> None:
    content, _ = load_valid_content(SEED_CONTENT)
    logo = card_specs(content, "Daily Planet", "#b00020")[SITE_LOGO]
    image = _image(render_card(logo))
    assert image.size == (512, 512)
    assert SITE_LOGO not in card_specs(content, "Daily Planet", logo=False)
    assert logo_address("https://news.example/", None) == "https://news.example/" + SITE_LOGO
    assert logo_address("https://news.example/", "assets/logo.png") == "https://news.example/assets/logo.png"
    assert logo_address("https://news.example/", "https://cdn.example/l.png") == "https://cdn.example/l.png"
    assert logo_address(None, None) is None


def test_the_top_each_card_shares_is_drawn_for_its_own_site_label_colour_and_font() -> None:
    # Each spec differs from the first in one thing the shared top shows; drawn one after
    # another, each card is the one drawn with nothing kept.
    first = CardSpec("A headline", "Explainer", "The Daily Example", "#4051b5")
    specs = [
        first,
        replace(first, label="News"),
        replace(first, site="Quotidien Élysée"),
        replace(first, colour="#ffcc00"),
        replace(first, font_stamp="another version of the font"),
    ]
    _card_frame.cache_clear()
    kept = [render_card(spec) for spec in specs]
    render_card(replace(first, title="Another headline"))  # the frame made for the first is used
    assert _card_frame.cache_info().hits == 1
    for spec, card in zip(specs, kept, strict=True):
        _card_frame.cache_clear()
        assert render_card(spec) == card
    assert len(set(kept[:4])) == 4


def test_the_headline_never_draws_over_the_band_or_the_label() -> None:
    """The headline is drawn on its own strip below the label: whatever it is, even marks
    stacked past any script's height, the card above the strip is the top as drawn."""
    spec = CardSpec("A headline", "Explainer", "Newsroom", "#b00020")
    top, white_from = _card_top(spec.site, spec.label, spec.colour, spec.fonts, spec.font_stamp)
    assert 0 < white_from < 630
    out = io.BytesIO()
    top.save(out, "JPEG", quality=88, subsampling=2, optimize=False)
    # JPEG codes the image in squares of 16 pixels: those wholly above the strip.
    above = (0, 0, 1200, white_from // 16 * 16)
    expected = _image(out.getvalue()).crop(above).tobytes()
    for title in ("A headline", "A" + "\u0301" * 80 + " tall", "Łódź and Ấn Độ: a long headline " * 4):
        card = _image(render_card(replace(spec, title=title)))
        assert card.crop(above).tobytes() == expected, title
        assert card.crop((0, white_from, 1200, 600)).getextrema() != ((255, 255),) * 3, title  # drawn
