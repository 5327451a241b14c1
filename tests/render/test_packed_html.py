"""Pages kept compressed (render/packed_html.py): every text comes back, and what a cache
file hands back is refused unless it is one whole page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.render import packed_html
from papertrail.render.packed_html import PackedHtmlError, pack_html, unpack_html


# Any text, lone surrogates included (a page's text may hold one from a damaged source).
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF)))
@settings(max_examples=200)
def test_every_text_comes_back(html: str) -> None:
    assert unpack_html(pack_html(html)) == html


def test_a_page_is_kept_smaller() -> None:
    page = "<article><p>What the papers say about the strike.</p></article>\n" * 500
    assert len(pack_html(page)) < len(page.encode()) / 4


@pytest.mark.parametrize(
    "damaged",
    [
        b"",  # nothing
        bytes(64),  # zeros, as a damaged cache file has them
        b"\x78\x01" + bytes(30),  # a zlib stream (an older cache's): not this format
    ],
)
def test_what_is_not_a_packed_page_is_refused(damaged: bytes) -> None:
    with pytest.raises(PackedHtmlError):
        unpack_html(damaged)


def test_a_cut_frame_and_one_with_more_after_it_are_refused() -> None:
    packed = pack_html("<p>" + "word " * 2000 + "</p>")
    with pytest.raises(PackedHtmlError):
        unpack_html(packed[: len(packed) // 2])
    with pytest.raises(PackedHtmlError):
        unpack_html(packed + pack_html("<p>planted</p>"))


def test_a_frame_that_unpacks_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # A few hundred bytes that would unpack to far more than any page: refused once the
    # limit is passed, not unpacked whole.
    bomb = pack_html("a" * 200_000)
    assert len(bomb) < 1_000
    monkeypatch.setattr(packed_html, "MAX_PAGE_BYTES", 100_000)
    with pytest.raises(PackedHtmlError):
        unpack_html(bomb)
    assert unpack_html(pack_html("a" * 100_000)) == "a" * 100_000  # at the limit: a page


def test_bytes_that_are_not_utf8_are_refused() -> None:
    from papertrail.render.packed_html import zstd

    with pytest.raises(PackedHtmlError):
        unpack_html(zstd.compress(b"\xff\xfe not text"))
