"""A card's JPEG put together from rows of blocks, so rows that every card shares are coded once.

Every sharing card of a site and kind of work has the same top (the band with the
site's name, the label), the same coloured bar at the bottom and, below a short
headline, the same white rows. Encoding a whole card was 1.8 ms of the 4.8 drawing it
took (cards were a fifth of a cold build's CPU at 5,000 stories), nearly all of it spent
on pixels, not on what they show: an all-white card took 1.45 ms.

JPEG codes an image in rows of blocks (16 pixels high with colour at half resolution,
as cards are). Written with a restart marker after each row, each row's coded bytes
stand alone: the encoder starts each row afresh (no value carried over from the row
before), and with the same quality, colour sampling and Huffman tables (the standard
ones, since ``optimize`` is off) a row of pixels is coded to the same bytes in any
image of the same width. So a card is its shared rows, coded once per site and kind,
and the rows its headline covers, coded for it; the restart markers between rows are
numbered 0-7 in turn, so they are written afresh. The result is byte for byte what
Pillow writes for the whole image with the same settings
(``tests/render/test_card_rows.py`` compares them, headline by headline). A headline
reaching into the top's rows or the bar's (marks stacked past any script's height) is
drawn and encoded whole, to the same bytes.

Four hundred of the benchmark's headlines, best of five, alternated: 3.3 ms a card
against 4.6 drawn and encoded whole, when it came (the headline's rows are coded from
RGB, though grey: the encoder converts RGB faster than it copies YCbCr given as such).
Drawing the headline has since become cheaper too (render/card_text.py).

Only JPEG's own structure is read here, of bytes this module's encoder just wrote.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

# A row of blocks: 8 pixels times two, colour being sampled at half resolution (4:2:0).
ROW = 16
# How every card is encoded. Colour at half resolution (4:2:0): the headline is dark
# grey on white, whose edges are all brightness, kept whole; only the band's and label's
# coloured edges soften, by a pixel, on a card shown at half its size or less. Whole
# colour (4:4:4) made encoding 4 ms of a card's 7. ``optimize`` off keeps JPEG's
# standard Huffman tables, the same for every image (rows are shared between images).
JPEG_SETTINGS = {"quality": 88, "subsampling": 2, "optimize": False, "restart_marker_rows": 1}
_SOS = 0xDA  # start of scan: its header is the last before the coded rows
_RESTART = re.compile(rb"\xff[\xd0-\xd7]")  # 0xFF in coded data is always followed by 0x00
_MARKERS = tuple(bytes((0xFF, 0xD0 + n)) for n in range(8))
_END = b"\xff\xd9"


class CardRowsError(ValueError):
    """Bytes that are not a JPEG of rows as :func:`encode_rows` writes them."""


@dataclass(frozen=True)
class EncodedRows:
    """A JPEG cut at its restart markers.

    Attributes:
        header: From the start of the file to the end of the scan's header: the image's
            size, quantisation and Huffman tables, restart interval.
        rows: Each row of blocks' coded bytes, top to bottom, without markers.
    """

    header: bytes
    rows: tuple[bytes, ...]


def encode_card(image: Image.Image) -> bytes:
    """``image`` (RGB) as a JPEG, encoded with :data:`JPEG_SETTINGS`."""
    out = io.BytesIO()
    image.save(out, "JPEG", **JPEG_SETTINGS)
    return out.getvalue()


def encode_rows(image: Image.Image) -> EncodedRows:
    """``image`` (RGB) encoded with :data:`JPEG_SETTINGS`, cut into its header and rows.

    Raises:
        CardRowsError: The encoder wrote something else than one row per restart interval
            (a Pillow that ignores ``restart_marker_rows``).
    """
    header, rows = _cut(encode_card(image))
    if len(rows) != -(-image.height // ROW):
        raise CardRowsError(f"{len(rows)} coded rows for an image {image.height} pixels high")
    return EncodedRows(header, rows)


def join_rows(header: bytes, rows: Sequence[bytes]) -> bytes:
    """The JPEG of ``header`` (whose image is as many rows high) and ``rows``, with the
    restart markers between them numbered in turn."""
    parts = [header]
    for number, row in enumerate(rows):
        if number:
            parts.append(_MARKERS[(number - 1) % 8])
        parts.append(row)
    parts.append(_END)
    return b"".join(parts)


def _cut(jpeg: bytes) -> tuple[bytes, tuple[bytes, ...]]:
    """The header (up to the coded data) and the coded rows of ``jpeg``."""
    if not jpeg.startswith(b"\xff\xd8") or not jpeg.endswith(_END):
        raise CardRowsError("not a whole JPEG")
    at = 2
    while True:  # segments: 0xFF, a marker, a 2-byte length that counts itself
        if at + 4 > len(jpeg) or jpeg[at] != 0xFF:
            raise CardRowsError(f"no segment where one should start, at byte {at}")
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2 : at + 4], "big")
        at += 2 + length
        if marker == _SOS:
            break
    return jpeg[:at], tuple(_RESTART.split(jpeg[at : -len(_END)]))
