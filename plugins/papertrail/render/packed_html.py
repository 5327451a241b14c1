"""Pages kept compressed: in memory until the theme writes them, and in the caches on disk.

A site's pages all exist before the engine writes the first (see
:class:`papertrail.render.pages.RenderedPage`), and the theme's output of each is kept
for the next build (:mod:`papertrail.mkdocs.page_outputs`): as text they were the
largest part of a build's memory and of its cache. They are kept as Zstandard frames
at its fastest level.

Why Zstandard and not zlib, which Python has: a cold build of 5,000 stories packs and
unpacks every page two or three times. On 300 story pages of 47 KB, zlib's fastest
level took 0.43 ms to compress one and 0.20 ms to decompress it (3.9 times smaller);
Zstandard's took 0.17 and 0.12 ms (4.3 times smaller). Python has Zstandard from 3.14
(``compression.zstd``); before, the same module is ``backports.zstd``.

What comes back from a cache file is checked as it is unpacked: a frame that is damaged,
does not end where the data ends, or would unpack to more than a page can be is refused
(a cache restored in CI is not trusted, see :mod:`papertrail.content.cache_files`).
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 14):
    from compression import zstd
else:  # pragma: no cover - depends on the Python that runs
    from backports import zstd

# No page of ours comes near this; more is a damaged or planted cache.
MAX_PAGE_BYTES = 64 * 1024 * 1024
_LEVEL = 1  # the fastest: pages compress about fourfold anyway


class PackedHtmlError(ValueError):
    """Packed HTML that cannot be unpacked (a damaged or planted cache)."""


def pack_html(html: str) -> bytes:
    """``html`` compressed (see the module's docstring)."""
    return zstd.compress(html.encode("utf-8", "surrogatepass"), _LEVEL)


def unpack_html(packed: bytes) -> str:
    """The HTML :func:`pack_html` compressed.

    Raises:
        PackedHtmlError: ``packed`` is not one whole frame of at most
            :data:`MAX_PAGE_BYTES` of UTF-8.
    """
    decompressor = zstd.ZstdDecompressor()
    try:
        raw: bytes = decompressor.decompress(packed, MAX_PAGE_BYTES + 1)
    except zstd.ZstdError as error:
        raise PackedHtmlError(f"not a packed page: {error}") from None
    if not decompressor.eof or decompressor.unused_data or len(raw) > MAX_PAGE_BYTES:
        raise PackedHtmlError("not one packed page of at most 64 MB")
    try:
        return raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as error:
        raise PackedHtmlError(f"not UTF-8 text: {error}") from None
