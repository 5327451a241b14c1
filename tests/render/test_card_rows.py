"""Cards put together from coded rows (render/card_rows.py, render/cards.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from papertrail.render import cards
from papertrail.render.card_rows import ROW, CardRowsError, _cut, encode_card, encode_rows, join_rows
from papertrail.render.cards import CardSpec, render_card

SPEC = CardSpec("A headline", "Explainer", "The Daily Example", "#b00020")


@contextmanager
def _whole_cards() -> Iterator[None]:
    """Cards drawn whole and encoded whole, as before rows were shared."""
    with mock.patch.object(cards, "_joined", lambda frame, strip: None):
        yield


def _joined_count(specs: list[CardSpec]) -> int:
    """How many of ``specs`` were put together from rows (not drawn whole)."""
    joined = 0
    real = cards._joined

    def counting(frame: cards._Frame, strip: Image.Image) -> bytes | None:
        nonlocal joined
        card = real(frame, strip)
        joined += card is not None
        return card

    with mock.patch.object(cards, "_joined", counting):
        for spec in specs:
            render_card(spec)
    return joined


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.text(max_size=200),
    st.sampled_from(["Explainer", "News", "Opinion"]),
    st.sampled_from(["#b00020", "#4051b5", "#ffcc00"]),
)
def test_a_card_put_together_from_rows_is_the_card_encoded_whole(title: str, label: str, colour: str) -> None:
    spec = replace(SPEC, title=title, label=label, colour=colour)
    joined = render_card(spec)
    with _whole_cards():
        assert joined == render_card(spec)


@pytest.mark.parametrize(
    "title",
    [
        "",
        "Short",
        "Łódź and Ấn Độ: a long headline that wraps over several lines " * 3,
        "हिन्दी समाचार: संसद में बहस जारी, विपक्ष ने सवाल उठाए",
        "Путин meets Xi as talks on gas resume in Beijing",
        "A" + "\u0301" * 80 + " marks stacked past any script's height",
        "gjpqy descenders gjpqy descenders gjpqy descenders gjpqy descenders gjpqy descenders",
    ],
)
def test_headlines_of_every_shape_are_the_card_encoded_whole(title: str) -> None:
    spec = replace(SPEC, title=title)
    joined = render_card(spec)
    with _whole_cards():
        assert joined == render_card(spec)


def test_ordinary_headlines_are_put_together_from_rows() -> None:
    """The shared rows are used (the tests above would pass if nothing were ever joined)."""
    specs = [replace(SPEC, title=f"Headline number {n} about talks on the {n}th day") for n in range(5)]
    assert _joined_count(specs) == len(specs)
    assert _joined_count([replace(SPEC, title="A" + "\u0301" * 80)]) == 0  # into the label's rows


def _picture(height: int, seed: int) -> Image.Image:
    image = Image.new("RGB", (1200, height), "#ffffff")
    draw = ImageDraw.Draw(image)
    for n in range(12):
        x, y = (seed * 97 + n * 131) % 1100, (seed * 53 + n * 71) % max(1, height - 20)
        draw.ellipse((x, y, x + 90, y + 40), fill=((n * 40) % 256, (seed * 30) % 256, 120))
    return image


@pytest.mark.parametrize("height", [16, 100, 630])
def test_rows_joined_again_are_the_image_encoded(height: int) -> None:
    image = _picture(height, height)
    coded = encode_rows(image)
    assert len(coded.rows) == -(-height // ROW)
    assert join_rows(coded.header, coded.rows) == encode_card(image)
    decoded = Image.open(io.BytesIO(join_rows(coded.header, coded.rows)))
    assert decoded.size == (1200, height)


def test_a_row_of_pixels_is_coded_to_the_same_bytes_wherever_it_is() -> None:
    """What sharing rows rests on: the encoder starts each row afresh."""
    first, second = _picture(160, 1), _picture(160, 2)
    row = Image.new("RGB", (1200, ROW), "#ffffff")
    ImageDraw.Draw(row).text((10, 2), "a row", fill="#103050")
    first.paste(row, (0, 2 * ROW))
    second.paste(row, (0, 7 * ROW))
    assert encode_rows(first).rows[2] == encode_rows(second).rows[7] == encode_rows(row).rows[0]
    assert encode_rows(first).rows[3] != encode_rows(second).rows[3]


def test_rows_taken_from_two_images_make_a_card_of_both() -> None:
    top, bottom = _picture(320, 3), _picture(320, 4)
    rows = (*encode_rows(top).rows[:10], *encode_rows(bottom).rows[10:])
    both = top.copy()
    both.paste(bottom.crop((0, 160, 1200, 320)), (0, 160))
    assert join_rows(encode_rows(top).header, rows) == encode_card(both)


@pytest.mark.parametrize("data", [b"", b"GIF89a", b"\xff\xd8\xff\xe0\x00", b"\xff\xd8\x00\x00\xff\xd9"])
def test_what_is_not_a_jpeg_of_rows_is_refused(data: bytes) -> None:
    with pytest.raises(CardRowsError):
        _cut(data)
