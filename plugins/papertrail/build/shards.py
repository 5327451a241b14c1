"""A build split across machines: each builds a 1/N shard of the pages, one step merges.

An archive of 50,000 stories does not fit one CI runner's time. Each page belongs to one
shard by a hash of its path (stable: adding a story moves no other page), ``PAPERTRAIL_SHARD=K/N``
makes a build write only shard K's pages (the engine's ``--dirty`` mode skips the others,
which stay known, so every link between pages resolves as in a whole build), and
:func:`merge_shards` puts the shard sites together, refusing any file two shards wrote
differently (the sitemap, which lists each shard's pages, is merged), then indexes the
merged site for search. A test builds the seed site whole and in three shards and
compares the two file by file.
"""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import html
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from papertrail.build.search import SEARCH_FOLDER, SHARD_PAGES, SearchBundle, build_search_bundle

SHARD_VARIABLE = "PAPERTRAIL_SHARD"
_SHARD = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)")
# Each shard's sitemap lists the pages it has; the merge writes the union.
SITEMAP, SITEMAP_GZ = "sitemap.xml", "sitemap.xml.gz"
# One <url> entry of the theme's sitemap, with the space before it, and its address.
_SITEMAP_URL = re.compile(rb"\s*<url>.*?</url>", re.DOTALL)
_LOC = re.compile(rb"<loc>(.*?)</loc>", re.DOTALL)


class ShardError(Exception):
    """A shard setting or a merge that cannot be used; the message says why."""


@dataclass(frozen=True)
class Shard:
    """Shard ``number`` of ``count`` (from 1)."""

    number: int
    count: int

    def holds(self, path: str) -> bool:
        """Whether the page with source path ``path`` (``stories/x.md``) is this shard's."""
        digest = hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "big") % self.count == self.number - 1


def read_shard(value: str | None) -> Shard | None:
    """The shard ``PAPERTRAIL_SHARD`` names (``2/4``), or None for a whole build.

    Raises:
        ShardError: The value is not K/N with 1 <= K <= N.
    """
    if not value:
        return None
    match = _SHARD.fullmatch(value.strip())
    if match is None or int(match.group(1)) > int(match.group(2)):
        raise ShardError(f"{SHARD_VARIABLE}={value!r}: write the shard as K/N, like 2/4 (K from 1 to N)")
    return Shard(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class Merged:
    """What :func:`merge_shards` wrote."""

    folder: Path
    files: int
    search: SearchBundle


def merge_shards(
    dest: Path, shards: Sequence[Path], language: str | None = None, shard_pages: int = SHARD_PAGES
) -> Merged:
    """Put shard sites together into ``dest`` (a new or empty folder) and index it for search.

    Raises:
        ShardError: ``dest`` holds files, a shard folder is missing, or two shards wrote
            one file differently (every such file listed); nothing is left in ``dest``.
    """
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ShardError(f"{dest} exists and is not empty: merge into a new folder")
    missing = [str(s) for s in shards if not s.is_dir()]
    if missing:
        raise ShardError("no built shard here: " + ", ".join(missing))
    sources: dict[str, Path] = {}
    clashes: list[str] = []
    for shard in shards:
        for root, folders, names in os.walk(shard):
            folders[:] = sorted(f for f in folders if not (root == str(shard) and f == SEARCH_FOLDER))
            for name in sorted(names):
                path = Path(root, name)
                relative = path.relative_to(shard).as_posix()
                first = sources.setdefault(relative, path)
                if relative in (SITEMAP, SITEMAP_GZ):
                    continue  # merged below
                if first != path and not filecmp.cmp(first, path, shallow=False):
                    clashes.append(relative)
    if clashes:
        raise ShardError(
            "shards wrote these files differently (built from other content?): " + ", ".join(clashes)
        )
    dest.mkdir(parents=True, exist_ok=True)
    try:
        for relative, path in sources.items():
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        sitemaps = [shard / SITEMAP for shard in shards if (shard / SITEMAP).is_file()]
        if sitemaps:
            _write_sitemap(dest, merge_sitemaps([path.read_bytes() for path in sitemaps]), shards)
        bundle = build_search_bundle(dest, language, shard_pages)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return Merged(dest, len(sources), bundle)


def merge_sitemaps(sitemaps: Sequence[bytes]) -> bytes:
    """One sitemap listing every page of ``sitemaps`` once, ordered by address.

    Each shard's sitemap (the theme's template, entries ordered by address; see
    :func:`papertrail.mkdocs.sitemap_file.write_sitemap`) lists the pages it has; the
    whole build's lists them all, in the same order, with the same text around them.
    """
    entries: dict[bytes, bytes] = {}
    for text in sitemaps:
        for match in _SITEMAP_URL.finditer(text):
            loc = _LOC.search(match.group(0))
            entries.setdefault(html.unescape(loc.group(1).decode()).encode() if loc else b"", match.group(0))
    first = sitemaps[0]
    found = list(_SITEMAP_URL.finditer(first))
    if not found:  # no entries to place among: the first shard's frame is the whole
        return first
    head, tail = first[: found[0].start()], first[found[-1].end() :]
    return head + b"".join(entries[loc] for loc in sorted(entries)) + tail


def _write_sitemap(dest: Path, text: bytes, shards: Sequence[Path]) -> None:
    """Write the merged sitemap and its gzip copy, dated as the shards' copies are."""
    (dest / SITEMAP).write_bytes(text)
    stamps = [shard / SITEMAP_GZ for shard in shards if (shard / SITEMAP_GZ).is_file()]
    if not stamps:
        return
    with open(stamps[0], "rb") as stream:
        header = stream.read(8)  # a gzip header holds the time it names at bytes 4 to 8
    mtime = int.from_bytes(header[4:8], "little") if len(header) == 8 else 0
    with (
        open(dest / SITEMAP_GZ, "wb") as out,
        gzip.GzipFile(fileobj=out, filename=str(dest / SITEMAP_GZ), mode="wb", mtime=mtime) as gz,
    ):
        gz.write(text)
