"""Text on sharing cards (render/card_text.py): every character in a font that has it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw

from papertrail.render import card_text
from papertrail.render.card_text import (
    BUILTIN_FONTS,
    CardFontError,
    check_card_font,
    covered,
    draw_text,
    fitted,
    has_glyph,
    runs,
    width,
    wrap,
)
from papertrail.render.cards import CardSpec, render_card

LATIN = BUILTIN_FONTS[0]
HEADLINES = [
    "Café society: Zürich’s banks — and Łódź’s mills",  # accents, dashes, curly quotes
    "Путин meets Xi in Beijing",  # Cyrillic and Latin in one line
    "Ελλάδα and the euro",
    "Việt Nam’s trade deal",
    "भारत की अर्थव्यवस्था",
]


@pytest.mark.parametrize("headline", HEADLINES)
def test_headlines_in_the_scripts_carried_are_drawn_whole(headline: str) -> None:
    pieces = runs(headline, BUILTIN_FONTS)
    assert pieces is not None
    assert "".join(piece for _, piece in pieces) == headline
    for path, piece in pieces:  # each run is in a font that has its letters
        assert all(has_glyph(path, c) for c in piece if c.isalpha())


def test_a_run_changes_font_where_a_subset_ends() -> None:
    pieces = runs("Łódź", BUILTIN_FONTS)
    assert pieces is not None and len({path for path, _ in pieces}) == 2  # Latin and Latin Extended
    assert not has_glyph(LATIN, "Ж") and any(has_glyph(p, "Ж") for p in BUILTIN_FONTS)


def test_a_headline_no_font_can_draw_is_not_drawn_in_boxes() -> None:
    assert not covered("中国与俄罗斯", BUILTIN_FONTS)
    chinese = render_card(CardSpec("中国与俄罗斯", "Explainer", "Newsroom"))
    # The card shows the site's name where the headline would be: the same card.
    assert chinese == render_card(CardSpec("Newsroom", "Explainer", "Newsroom"))
    assert render_card(CardSpec("Café", "Explainer", "Newsroom")) != render_card(
        CardSpec("Cafe", "Explainer", "Newsroom")
    )


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_runs_give_back_the_text_or_say_it_cannot_be_drawn(text: str) -> None:
    pieces = runs(text, BUILTIN_FONTS)
    if pieces is not None:
        assert "".join(piece for _, piece in pieces) == text
    lines = wrap(text, 46, 1072, BUILTIN_FONTS)
    assert all("\n" not in line for line in lines)


def _adding_words(text: str, size: int, room: float) -> list[str]:
    """Lines made by adding words until one does not fit (how wrap() breaks them)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and width(trial, size, BUILTIN_FONTS) > room:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return [fitted(line, size, room, BUILTIN_FONTS) for line in lines] or [""]


_WORDS = [
    "a",
    "the",
    "AV",
    "Tokyo",
    "fi",
    "Łódź",
    "Путин",
    "नमस्ते",
    "Việt",
    "“Yes,”",
    "—",
    "WAVE",
    "x" * 40,
    "\u0301e",
]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_WORDS) | st.text(alphabet="AVTWaeyo.,’ ", min_size=1, max_size=9), max_size=14),
    st.sampled_from([28, 46, 76]),
    st.integers(min_value=40, max_value=1100),
)
def test_lines_are_those_of_adding_words_until_one_does_not_fit(
    words: list[str], size: int, room: int
) -> None:
    text = " ".join(words)
    assert wrap(text, size, room, BUILTIN_FONTS) == _adding_words(text, size, room)


@pytest.mark.parametrize("skew", [0.6, 1.5])
def test_lines_are_checked_whole_however_wrong_the_guess_from_single_words(
    skew: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Words measured alone guess a line too long (0.6) or too short (1.5): measured
    # whole, the lines are still those of adding words until one does not fit.
    monkeypatch.setattr(card_text, "_alone", lambda word, size, fonts: skew * width(word, size, fonts))
    headline = "Why the AV Tokyo deal “fell apart,” and what Łódź, Путин and नमस्ते say about it now"
    for room in range(120, 1100, 37):
        assert wrap(headline, 46, room, BUILTIN_FONTS) == _adding_words(headline, 46, room)


def _project_font(tmp_path: Path, name: str = "brand.woff2") -> Path:
    font = tmp_path / "fonts" / name
    font.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BUILTIN_FONTS[4], font)  # Cyrillic: stands for a newsroom's own font
    return font


def test_the_newsrooms_font_is_checked_and_tried_first(tmp_path: Path) -> None:
    _project_font(tmp_path)
    font = check_card_font("fonts/brand.woff2", tmp_path)
    spec = CardSpec("Путин", "Explainer", "Newsroom", font=font.path, font_stamp=font.stamp)
    assert spec.fonts[0] == font.path and spec.key != CardSpec("Путин", "Explainer", "Newsroom").key
    pieces = runs("Путин", spec.fonts)
    assert pieces == ((font.path, "Путин"),)
    image = Image.open(io.BytesIO(render_card(spec)))
    assert image.size == (1200, 630)


def test_a_card_font_that_cannot_be_used_is_refused_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "notes.ttf").write_text("not a font", encoding="utf-8")
    outside = _project_font(tmp_path.parent / f"{tmp_path.name}-other")
    link = tmp_path / "link.woff2"
    link.symlink_to(_project_font(tmp_path))
    for value in ("missing.ttf", "notes.ttf", str(outside), "link.woff2", "fonts"):
        with pytest.raises(CardFontError, match="card_font"):
            check_card_font(value, tmp_path)


def _ink(image: Image.Image) -> Image.Image:
    return ImageChops.invert(image)


def _drawn_by_pillow(text: str, x: float, baseline: float, size: int) -> Image.Image:
    """The line as Pillow draws it whole, run by run (how draw_text drew it before)."""
    image = Image.new("L", (1200, 200), 255)
    draw = ImageDraw.Draw(image)
    for path, piece in runs(text, BUILTIN_FONTS) or ():
        face = card_text.font(path, size)
        draw.text((x, baseline), piece, font=face, fill=0, anchor="ls")
        x += face.getlength(piece)
    return image


def _drawn_by_words(text: str, x: float, baseline: float, size: int) -> Image.Image:
    image = Image.new("L", (1200, 200), 255)
    draw_text(ImageDraw.Draw(image), x, baseline, text, size, 0, BUILTIN_FONTS)
    return image


@pytest.mark.parametrize("word", ["Zürich’s", "Путин", "Ελλάδα", "Việt", "अर्थव्यवस्था"])
@pytest.mark.parametrize("baseline", [120.0, 120.5])
def test_a_word_is_drawn_as_pillow_draws_it(word: str, baseline: float) -> None:
    # At a whole pixel, a word in one font is the same pixels (the band's baseline is
    # half a pixel).
    assert (
        _drawn_by_words(word, 60, baseline, 68).tobytes()
        == _drawn_by_pillow(word, 60, baseline, 68).tobytes()
    )


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    words=st.lists(
        st.sampled_from(
            ["Café", "society:", "Zürich’s", "Путин", "meets", "Xi", "भारत", "की", "Việt", "—", "Łódź"]
        ),
        min_size=2,
        max_size=6,
    ),
    size=st.sampled_from([76, 52, 36]),
)
def test_a_line_drawn_word_by_word_is_the_line_pillow_draws(words: list[str], size: int) -> None:
    text = " ".join(words)
    whole, by_words = _drawn_by_pillow(text, 60, 140, size), _drawn_by_words(text, 60, 140, size)
    # Each word starts at the whole pixel nearest to where the line puts it: the ink
    # spans the same pixels give or take one, and is as dark in all.
    box, word_box = _ink(whole).getbbox(), _ink(by_words).getbbox()
    assert box is not None and word_box is not None
    assert all(abs(a - b) <= 1 for a, b in zip(box, word_box, strict=True))
    ink = sum(_ink(whole).get_flattened_data())
    assert abs(sum(_ink(by_words).get_flattened_data()) - ink) <= ink / 100
    # Column by column, the ink is where the line's is, a pixel either way.
    columns = [
        [
            sum(column)
            for column in zip(*[image.crop((0, r, 1200, r + 1)).tobytes() for r in range(200)], strict=True)
        ]
        for image in (_ink(whole), _ink(by_words))
    ]
    inked = {c for c, total in enumerate(columns[0]) if total > 255 * 2}
    assert all(any(columns[1][c + d] for d in (-1, 0, 1)) for c in inked)


def test_a_word_drawn_again_is_taken_from_its_mask_to_the_same_pixels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(card_text, "_WORDS", card_text._WordMasks())
    made: list[str] = []
    real_mask = card_text._mask
    monkeypatch.setattr(card_text, "_mask", lambda word, face: made.append(word) or real_mask(word, face))
    drawn = [
        _drawn_by_words(text, 60, 140, 68) for text in ("Zürich meets भारत", "भारत meets Zürich", "Zürich")
    ]
    assert sorted(made) == ["Zürich", "meets", "भारत"]  # from their second time on
    again = _drawn_by_words("Zürich meets भारत", 60, 140, 68)  # now every word from a mask
    assert again.tobytes() == drawn[0].tobytes()
    assert drawn[2].tobytes() == _drawn_by_pillow("Zürich", 60, 140, 68).tobytes()


def test_what_is_kept_of_words_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    line = " ".join(f"w{n}" for n in range(12))
    words = card_text._WordMasks()
    monkeypatch.setattr(card_text, "_WORDS", words)
    monkeypatch.setattr(words, "MASKS", 3)
    _drawn_by_words(line, 0, 140, 36)
    assert len(words.seen) == 12 and not words.masks
    _drawn_by_words(line, 0, 140, 36)
    assert list(words.masks) == [(card_text.font(LATIN, 36), f"w{n}") for n in (9, 10, 11)]
    monkeypatch.setattr(words, "SEEN", 5)
    _drawn_by_words(line.replace("w", "v"), 0, 140, 36)
    assert [word for _, word in words.seen] == [f"v{n}" for n in range(7, 12)]
