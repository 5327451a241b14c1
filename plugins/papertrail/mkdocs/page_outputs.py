"""The theme's output for each generated page, kept for the next build (adapter side).

Material's templates cost a few milliseconds a page, and after a one-word edit most
pages come out exactly as before. Each generated page's written output is kept
under a key of everything it depends on: the finished page (its HTML, headings,
title, description and metadata), its path, URL and edit link, and the site's
digest (``mkdocs.yml`` and what it resolves to, the navigation, the theme's template
files, the versions of the packages that render, our own code; see
:func:`site_digest`). While the key is the same, the stored output is written as it
is; a page whose render logged a warning is never stored, so it warns every build.

The outputs are plain data on disk (see :mod:`papertrail.content.cache_files`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section

from papertrail.content.cache_files import (
    MAX_CACHE_BYTES,
    CacheFileError,
    expect,
    read_cache_file,
    write_cache_file,
)
from papertrail.content.code_signature import code_digest
from papertrail.content.writing import atomic_output
from papertrail.render.pages import RenderedPage

PAGE_CACHE_FILE = "pages.json"
PAGE_CACHE_FORMAT = 7  # 6: outputs in a file of their own beside the index (pages-<token>.bin); 7: Zstandard
RENDERING_PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "pymdown-extensions", "papertrail")
# The file of outputs a saved index names: nothing else is opened.
_BLOB = re.compile(r"pages-[0-9a-f]{16}\.bin")


@dataclass(frozen=True)
class Stored:
    """An output in the file of outputs last saved: where it is, and how long."""

    offset: int
    length: int


# A compressed output: in memory (made this build), or in the saved file.
Output = bytes | Stored


@dataclass
class PageOutputs:
    """Outputs by page path, as ``(key, output)``; this build's in ``pending``.

    Saved outputs stay on disk (a file of them beside the index) and are read, by
    position, only when a page is written from one: a warm build of 5,000 stories held
    all of them in memory (150 MB as JSON, its peak) when they were in the index.
    """

    stored: dict[str, tuple[str, Output]] = field(default_factory=dict)
    pending: dict[str, tuple[str, Output]] = field(default_factory=dict)
    site: str = ""
    blob: int | None = None  # the open file of saved outputs (its descriptor)

    def begin(self, site: str) -> None:
        """Start a build of a site whose :func:`site_digest` is ``site`` (another site keeps nothing)."""
        if site != self.site:
            self.stored.clear()
        self.site = site
        self.pending = {}

    def holds(self, path: str) -> bool:
        """Whether an output of ``path`` is stored (under any key)."""
        return path in self.stored

    def output(self, path: str, key: str) -> Output | None:
        """The stored output of ``path`` if it was made under ``key``."""
        stored = self.stored.get(path)
        return stored[1] if stored is not None and stored[0] == key else None

    def read(self, output: Output) -> bytes | None:
        """The compressed output's bytes, or None when the saved file cannot give them.

        Reads by position (``os.pread``), so worker processes forked with the open file
        read their pages without moving each other's place in it.
        """
        if isinstance(output, bytes):
            return output
        if self.blob is None:
            return None
        try:
            data = os.pread(self.blob, output.length, output.offset)
        except OSError:
            return None
        return data if len(data) == output.length else None

    def keep(self, path: str, key: str, output: Output) -> None:
        """Keep ``path``'s compressed output, made under ``key``, from this build."""
        self.pending[path] = (key, output)

    def commit(self) -> None:
        """The build succeeded: keep what it wrote, drop pages it no longer has."""
        self.stored = self.pending
        self.pending = {}

    def save(self, folder: Path) -> None:
        """Write the stored outputs to ``folder``: a file of them, and an index of plain data."""
        name = f"pages-{secrets.token_hex(8)}.bin"
        index: dict[str, list[object]] = {}
        placed: dict[str, tuple[str, Output]] = {}
        offset = 0
        with atomic_output(folder / name) as out:
            for path, (key, output) in self.stored.items():
                data = self.read(output)
                if data is None:
                    continue  # the old file lost it: rendered again next build
                out.write(data)
                index[path] = [key, offset, len(data)]
                placed[path] = (key, Stored(offset, len(data)))
                offset += len(data)
        saved = {"site": self.site, "blob": name, "pages": index}
        write_cache_file(folder / PAGE_CACHE_FILE, "papertrail page cache", PAGE_CACHE_FORMAT, saved)
        # From now on this instance reads the new file; the old ones go.
        self.close()
        self.blob = _open_blob(folder / name)
        self.stored = placed
        for old in folder.glob("pages-*.bin"):
            if old.name != name:
                old.unlink(missing_ok=True)

    def close(self) -> None:
        """Let go of the file of saved outputs."""
        if self.blob is not None:
            os.close(self.blob)
            self.blob = None

    @classmethod
    def load(cls, folder: Path) -> PageOutputs:
        """The outputs saved in ``folder``, or none if there are none or they do not fit.

        Raises:
            CacheFileError: A file is there but not to be used (the caller says so and goes on).
        """
        data = read_cache_file(folder / PAGE_CACHE_FILE, "papertrail page cache", PAGE_CACHE_FORMAT)
        if data is None:
            return cls()
        data = expect(data, dict, "page cache")
        name = expect(data.get("blob"), str, "outputs file")
        if not _BLOB.fullmatch(name):
            raise CacheFileError("page cache: its outputs file is not one of ours")
        size = _blob_size(folder / name)
        stored: dict[str, tuple[str, Output]] = {}
        for path, value in expect(data.get("pages"), dict, "pages").items():
            key, offset, length = expect(value, list, "stored page")
            offset, length = expect(offset, int, "offset"), expect(length, int, "length")
            if offset < 0 or length < 0 or offset + length > size:
                raise CacheFileError("page cache: an output lies outside its file")
            stored[expect(path, str, "page")] = (expect(key, str, "key"), Stored(offset, length))
        return cls(stored, site=expect(data.get("site"), str, "site"), blob=_open_blob(folder / name))


def _blob_size(path: Path) -> int:
    """The size of the file of outputs, checked before it is opened (an ordinary file of ours)."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise CacheFileError(f"page cache: its outputs file cannot be read ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise CacheFileError("page cache: its outputs file is not an ordinary file")
    if info.st_size > MAX_CACHE_BYTES:
        raise CacheFileError("page cache: its outputs file is larger than any of ours")
    return info.st_size


def _open_blob(path: Path) -> int:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise CacheFileError(f"page cache: its outputs file cannot be opened ({error.strerror})") from None


# What the plugin puts in config.extra that no generated page's output reads.
PAGE_FREE_EXTRA = frozenset({"papertrail_latest"})


def site_digest(config: MkDocsConfig, nav: Navigation) -> str:
    """Everything besides a generated page itself that the theme's output of it depends on."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(str(part).encode("utf-8", "surrogatepass"))
            digest.update(b"\0")

    if config.config_file_path and Path(config.config_file_path).is_file():
        digest.update(Path(config.config_file_path).read_bytes())
    # Values mkdocs.yml resolves from the environment (!ENV) or plugins set. Objects
    # print with their address, which is not content: they are named by their type.
    add(
        config.site_name,
        config.site_url,
        config.repo_url,
        config.repo_name,
        config.edit_uri,
        config.use_directory_urls,
        config.copyright,
        # Less the latest stories, which only the 404 page shows (MkDocs renders it every
        # build): with them, a new headline on the newest story rewrote every page.
        json.dumps(
            {k: v for k, v in config.extra.items() if k not in PAGE_FREE_EXTRA},
            sort_keys=True,
            default=_plain,
        ),
        json.dumps([str(p) for p in config.extra_css]),
        json.dumps([str(p) for p in config.extra_javascript]),
        json.dumps(dict(config.theme.items()), sort_keys=True, default=_plain),
        list(config.plugins),
        sys.version_info[:3],
    )
    for name in RENDERING_PACKAGES:
        try:
            add(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            add(name, None)
    # The templates, by their bytes (an install or a checkout sets new file times).
    for folder in config.theme.dirs:
        for root, _, names in sorted(_walk_templates(folder)):
            for name in sorted(names):
                if name.endswith((".html", ".xml", ".yml")):
                    path = os.path.join(root, name)
                    add(os.path.relpath(path, folder))
                    digest.update(_file_digest(path))
    # Our own code renders too (a development checkout edits it in place).
    add(code_digest())
    _add_nav(add, nav.items)
    return digest.hexdigest()


def _walk_templates(folder: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(folder)`` less the icon folders: Material's ``.icons`` holds 14,000 SVG
    files, none of them a template, and walking them was a third of each preview
    reload's digest (the icons a page shows follow Material's version, in the digest)."""
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != ".icons"]
        yield root, folders, names


# Each template's digest with the stamp it was read at: a preview's reload read every
# template of the theme again (20 ms at each reload), and they change only when edited.
_FILE_DIGESTS: dict[str, tuple[tuple[int, int], bytes]] = {}


def _file_digest(path: str) -> bytes:
    """The digest of the file's bytes, read again only when its stamp moved."""
    info = os.stat(path)
    stamp = (info.st_mtime_ns, info.st_size)
    kept = _FILE_DIGESTS.get(path)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    with open(path, "rb") as stream:
        found = hashlib.blake2b(stream.read(), digest_size=20).digest()
    _FILE_DIGESTS[path] = (stamp, found)
    return found


def _plain(value: object) -> str:
    return type(value).__qualname__ if type(value).__repr__ is object.__repr__ else str(value)


def _add_nav(add: Callable[..., None], items: Iterable[Any]) -> None:
    for item in items:
        if isinstance(item, Section):
            add("section", item.title)
            _add_nav(add, item.children)
        elif isinstance(item, Link):
            add("link", item.title, item.url)
        else:  # a page: its title may come from its own Markdown, then so does the digest
            title = item.title
            if title is None and item.file is not None:
                title = hashlib.blake2b(item.file.content_bytes, digest_size=16).hexdigest()
            add("page", title, item.url)


def output_key(site: str, file: File, page: RenderedPage) -> str:
    """The key of ``page``'s output: the page, its addresses and the site's digest."""
    digest = hashlib.blake2b(page.packed, digest_size=20)
    for part in (site, page.path, file.dest_uri, file.url, str(file.edit_uri), page.title, page.description):
        digest.update(f"\0{part}".encode("utf-8", "surrogatepass"))
    for heading in page.toc:
        digest.update(f"\0{heading.level}{heading.id}\0{heading.title}".encode("utf-8", "surrogatepass"))
    digest.update(json.dumps(page.meta, sort_keys=True, default=str).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class OutputKeys:
    """:func:`output_key` of each page, kept while the page is the same object with the
    same addresses (a preview's reload keeps most pages: their keys are not hashed again)."""

    def __init__(self) -> None:
        # By path: the page, its file, its addresses (with the site's digest) and its key.
        self._last: dict[str, tuple[RenderedPage, File, tuple[str, ...], str]] = {}
        self._now: dict[str, tuple[RenderedPage, File, tuple[str, ...], str]] = {}

    def kept(self, site: str, file: File, page: RenderedPage) -> str | None:
        """The last build's key of ``page``, when it is the same page at the same addresses."""
        last = self._last.get(page.path)
        return last[3] if last is not None and last[0] is page and last[2] == _where(site, file) else None

    def carried(self, site: str, file: File, page: RenderedPage) -> str | None:
        """:meth:`kept` and :meth:`remember` in one, for the same page with the same file
        object in the same site: a generated page's file is made once for its path, edit
        link, site folder and URL style, its addresses fixed then (``GeneratedFile``,
        ``KeptFiles``), so they are not read again (at 5,000 stories, reading the
        addresses of every page twice was a tenth of a reload's writing)."""
        last = self._last.get(page.path)
        if last is None or last[0] is not page or last[1] is not file or last[2][0] != site:
            return None
        self._now[page.path] = last
        return last[3]

    def remember(self, site: str, file: File, page: RenderedPage, key: str) -> None:
        """``page``'s key in this build, for the next."""
        self._now[page.path] = (page, file, _where(site, file), key)

    def end_build(self) -> None:
        """Keep this build's keys for the next, and forget the rest."""
        self._last, self._now = self._now, {}


def _where(site: str, file: File) -> tuple[str, ...]:
    return (site, file.dest_uri, file.url, str(file.edit_uri))
