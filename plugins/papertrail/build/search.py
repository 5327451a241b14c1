"""Search in fragments: the built site indexed by Pagefind, newest pages first.

Material's search sent the whole archive's text (25 MB at 1,000 stories) to every reader
who searched. Pagefind (https://pagefind.app) indexes built HTML into small files that
the reader's browser fetches per query: the index chunks of the query's words and the
fragments of the results shown.

A single Pagefind index still grows with the archive: the list of its pages, and each
common word's list of the pages holding it (an outlet's name is in every story citing
it). So the site is indexed in **shards** of :data:`SHARD_PAGES` pages, newest first by
each page's date: the first shard (``pagefind/``) is what every search asks, and is the
same size at 200 stories as at 5,000; older shards (``pagefind/older/N/``, listed in
``pagefind/shards.json``) are merged in only when a reader asks to search the whole
archive.

Engine-free: it reads a built site folder, whichever engine built it (the plugin runs it
after each build and preview reload; ``papertrail search-index SITE`` after a Zensical
build of an export). What is indexed is marked in the theme's ``theme/overrides/main.html``:

- ``data-pagefind-body`` wraps the content of each page meant to be found (pages without
  it, such as page 2 of a list, are not indexed), with ``data-pt-date`` its date;
- ``data-pagefind-filter="kind:…"`` names its kind, one of :data:`SEARCH_KINDS`;
- ``data-pagefind-meta="summary"`` marks the text results show under the title.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from papertrail.build.search_ahead import IndexAhead
    from papertrail.build.search_preview import ShardStore

# Where the bundle is written in the site, and served from.
SEARCH_FOLDER = "pagefind"
OLDER_FOLDER = "older"
SHARDS_FILE = "shards.json"
# Pages per shard: what one search costs a reader is bounded by this, not the archive.
SHARD_PAGES = 500
SearchKind = Literal["story", "topic", "question", "outlet", "source", "page"]
# The kinds a reader can narrow results to, with the label of each (in this order).
SEARCH_KINDS: dict[SearchKind, str] = {
    "story": "Stories",
    "topic": "Topics",
    "question": "Questions",
    "outlet": "Outlets",
    "source": "Sources",
    "page": "Pages",
}
# Parts of the theme's content area that are not the page's text: heading permalinks
# ("¶" in every excerpt otherwise), the edit button, the source file's dates.
EXCLUDED = (".headerlink", ".md-content__button", ".md-source-file")
# Pagefind also writes its own ready-made interfaces; the site uses the theme's search
# dialog (theme/assets/papertrail-search.js), so they are not published.
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")
# The marker of an indexed page and its date, as theme/overrides/main.html writes them.
_BODY = re.compile(rb"<div data-pagefind-body\b[^>]*>")
_DATE = re.compile(rb'\bdata-pt-date="([0-9T:+.-]{0,40})"')
# What every marker starts with: found by bytes.find, then matched, in pages in memory.
_BODY_START = b"<div data-pagefind-body"


class SearchBundleError(Exception):
    """The search index could not be made; the message says why."""


@dataclass(frozen=True)
class SearchBundle:
    """What :func:`build_search_bundle` wrote."""

    folder: Path
    pages: int
    shards: int
    files: int
    bytes: int
    ahead: int = 0  # older shards taken from IndexAhead
    kept: int = 0  # shards copied from a ShardStore (their pages had not changed)


@dataclass(frozen=True)
class WrittenPage:
    """A page as the build wrote it, for search: its file's stamp then, and its mark.

    Attributes:
        path: Its file in the site ("stories/x/index.html").
        size: The file's size in bytes, as written.
        modified: The file's modification time (``st_mtime_ns``), as written.
        date: The date search files it under ("~" for an undated page), as
            :func:`page_date` reads it from the bytes written; None: not indexed.
    """

    path: str
    size: int
    modified: int
    date: str | None


def page_date(html: bytes) -> str | None:
    """The date search files a page under ("~" when it has none), from its search marker
    (:data:`_BODY`); None when the page has no marker, and is not indexed."""
    start = html.find(_BODY_START)
    while start >= 0:
        body = _BODY.match(html, start)
        if body is not None:
            return _date_in(body.group(0))
        start = html.find(_BODY_START, start + 1)
    return None


def _date_in(marker: bytes) -> str:
    """The date a search marker tag gives its page ("~": none)."""
    date = _DATE.search(marker)
    return date.group(1).decode() if date else "~"


def build_search_bundle(
    site_dir: Path,
    language: str | None = None,
    shard_pages: int = SHARD_PAGES,
    ahead: IndexAhead | None = None,
    store: ShardStore | None = None,
    found: Sequence[tuple[str, str]] | None = None,
    launched: Callable[[], object] = lambda: None,
) -> SearchBundle:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind``.

    The new bundle is written beside the old one and swapped in when complete, so a
    preview never serves half an index, and a failed run leaves the last one.

    Args:
        site_dir: A built site (HTML pages marked as the module docstring says).
        language: The site's language (ISO 639-1), or None to read each page's ``lang``.
        shard_pages: Pages per shard.
        ahead: Older shards indexed while the engine rendered (``build/search_ahead.py``),
            used when the written site puts the same pages in them; else ignored.
        store: Shards kept from the last run (a preview's): a shard whose pages are the
            same files as then is copied from there instead of indexed again.
        found: The site's indexed pages with their dates, when the caller found them
            (:func:`dated_pages`); None: found here.
        launched: Called once the shards indexed here are being indexed by Pagefind's
            processes (or at once, when there are none), and perhaps again: a caller
            running this on a thread waits for it before going on with work of its own.

    Returns:
        Where the bundle is, and how many pages, shards, files and bytes it holds.

    Raises:
        SearchBundleError: Pagefind is missing or failed; nothing was changed.
    """
    site_dir = site_dir.resolve()
    if not site_dir.is_dir():
        raise SearchBundleError(f"{site_dir}: no built site here: build the site first")
    found = dated_pages(site_dir, {}) if found is None else found
    if not found:
        raise SearchBundleError(
            f"{site_dir}: no page is marked for search (data-pagefind-body): build the site with "
            "Papertrail's theme and its search on"
        )
    shards = plan_shards(found, shard_pages)
    work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir))
    target = site_dir / SEARCH_FOLDER
    try:
        outputs = [work / f"out-{n}" for n in range(len(shards))]
        # The shards indexed while the engine rendered are taken from there; the others are
        # indexed first, while the last of those may still be under way (the end of a
        # build of 5,000 stories waited for it, then indexed the newest shard).
        promised = ahead.promised(shards, language) if ahead is not None else frozenset()
        kept = store.restore(site_dir, shards, language, outputs, skip=set(promised)) if store else {}
        counts = kept | _index_all(
            site_dir, work, shards, outputs, language, skip=promised | set(kept), launched=launched
        )
        done = ahead.take(shards, language) if ahead is not None else {}
        for number, (_, output) in done.items():
            shutil.move(str(output), str(outputs[number]))
        counts |= {n: count for n, (count, _) in done.items()}
        # Promised but not done (the run ahead failed): indexed here.
        counts |= _index_all(site_dir, work, shards, outputs, language, skip=set(counts))
        if store is not None:
            store.remember(site_dir, shards, language, outputs, counts)
        pages = sum(counts.values())
        bundle = outputs[0]
        older = []
        for number, output in enumerate(outputs[1:], start=1):
            (bundle / OLDER_FOLDER).mkdir(exist_ok=True)
            output.rename(bundle / OLDER_FOLDER / str(number))
            older.append(f"{OLDER_FOLDER}/{number}/")
        (bundle / SHARDS_FILE).write_text(json.dumps({"older": older}), encoding="utf-8")
        old = None
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.exists():
            old = target.rename(work / "old")
        bundle.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    files = [p for p in target.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    return SearchBundle(target, pages, len(shards), len(files), size, len(done), len(kept))


def dated_pages(site_dir: Path, written: Mapping[str, WrittenPage]) -> list[tuple[str, str]]:
    """The indexed pages (path from the site root, date or "~" for an undated, hand-written
    page), in no particular order: :func:`plan_shards` orders them.

    A page the build wrote (``written``) whose file has the stamp it was written with
    is taken as written; every other page is opened (at the end of a cold build of
    5,000 stories, opening all 13,000 took 1.2 s on one core while the other mostly
    waited). Folders are listed with their entries' kinds (no call per file to see
    whether it is a link), and a page is read only as far as its marker, which comes
    after the theme's header and navigation.
    """
    found = []
    folders = [""]  # from the site's root, "/"-separated
    while folders:
        folder = folders.pop()
        with os.scandir(site_dir / folder if folder else site_dir) as entries:
            for entry in entries:
                name = entry.name
                path = f"{folder}/{name}" if folder else name
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith(".") and name != SEARCH_FOLDER:
                        folders.append(path)
                elif name.endswith(".html") and not entry.is_symlink():
                    page = written.get(path)
                    if page is not None and _as_written(entry, page):
                        date = page.date
                    else:
                        body = _marker(entry.path)
                        date = _date_in(body) if body is not None else None
                    if date is not None:
                        found.append((path, date))
    return found


def _as_written(entry: os.DirEntry[str], page: WrittenPage) -> bool:
    """Whether ``entry``'s file has the stamp ``page`` was written with (nothing, such as
    another plugin, wrote it since)."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return info.st_size == page.size and info.st_mtime_ns == page.modified


# How much of a page is read first: its marker is 11-26 KB in at 5,000 stories (after the
# theme's header and navigation), and the rest of the page is read only when it is not there.
_FIRST_READ = 32 * 1024


def _marker(path: str) -> bytes | None:
    """The page's search marker tag (:data:`_BODY`), or None when it has none."""
    with open(path, "rb") as stream:
        data = stream.read(_FIRST_READ)
        # A marker found in the first part is the first in the page: a tag that began
        # earlier would end at the same ">" or before it.
        body = _BODY.search(data)
        if body is None and len(data) == _FIRST_READ:
            body = _BODY.search(data + stream.read())
    return body.group(0) if body is not None else None


def plan_shards(pages: Sequence[tuple[str, str]], size: int) -> list[list[str]]:
    """Pages (path, date or "~" for none) in shards of ``size``, newest first; the one order
    every index of the site uses (ties by path, so it is the same in every build)."""
    ordered = [path for path, _ in sorted(pages, key=lambda item: (item[1], item[0]), reverse=True)]
    size = max(1, size)
    return [ordered[start : start + size] for start in range(0, len(ordered), size)] or [[]]


def _index_all(
    site_dir: Path,
    work: Path,
    shards: list[list[str]],
    outputs: list[Path],
    language: str | None,
    skip: Collection[int] = (),
    launched: Callable[[], object] = lambda: None,
) -> dict[int, int]:
    """Index every shard not in ``skip``; pages indexed by shard number. ``launched`` is
    called as each shard's Pagefind starts (at once when there is none)."""
    # Two shards at a time: each is its own Pagefind process, one per core.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {
            n: pool.submit(
                _index_linked, site_dir, work / f"shard-{n}", shards[n], outputs[n], language, launched
            )
            for n in range(len(shards))
            if n not in skip
        }
        if not jobs:
            launched()
        return {n: job.result() for n, job in jobs.items()}


def _index_linked(
    site_dir: Path,
    folder: Path,
    pages: list[str],
    out: Path,
    language: str | None,
    launched: Callable[[], object] = lambda: None,
) -> int:
    """One shard of written pages: linked into ``folder`` (same paths, so the same URLs),
    indexed; ``launched`` is called as its Pagefind starts."""
    folder.mkdir(parents=True)
    for page in pages:
        link = folder / page
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / page, link)
        except OSError:  # a file system without hard links
            shutil.copyfile(site_dir / page, link)
    launched()
    return index_folder(folder, out, language)


def index_folder(folder: Path, out: Path, language: str | None) -> int:
    """Index the HTML pages in ``folder`` into the bundle folder ``out``; how many pages.

    By Pagefind's command (the Python API's service returned before its files were all
    written, and an empty pagefind-entry.json was published).

    Raises:
        SearchBundleError: Pagefind is missing or failed.
    """
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - a broken install
        raise SearchBundleError(f"Pagefind is not installed ({error}): run `make install`") from None
    command = [
        str(get_executable()),
        "--site", str(folder),
        "--output-path", str(out),
        "--exclude-selectors", ", ".join(EXCLUDED),
        "--glob", "**/*.html",
        "--quiet",
    ]  # fmt: skip
    if language:
        command += ["--force-language", language]
    result = subprocess.run(
        command, cwd=folder, env=pagefind_environment(), capture_output=True, text=True, check=False
    )
    entry = out / "pagefind-entry.json"
    if result.returncode != 0 or not entry.is_file():
        said = (result.stderr or result.stdout).strip().splitlines()
        raise SearchBundleError(
            f"Pagefind could not index {folder}: {said[-1] if said else result.returncode}"
        )
    for name in os.listdir(out):
        if name.startswith(_UNUSED):
            _remove(out / name)
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return sum(int(v.get("page_count", 0)) for v in languages.values())


# Pagefind's memory allocator (jemalloc, built into its binary under the ``_rjem_``
# prefix, so it reads ``_RJEM_MALLOC_CONF``), asked to back its memory with transparent
# huge pages and to keep one arena. Indexing 500 story pages touched 59,600 fresh pages
# of memory (233 MB, for a peak of 143 MB: memory freed and taken again); with these
# settings 2,800, for a peak of 131 MB and the same index. Each page is a fault, cheap on
# most machines and not on all: on this project's virtual machine a fresh page took up to
# 30 µs in slow hours, and a cold build of 5,000 stories runs Pagefind 25 times (half of a
# build's page faults at 1,000 stories were Pagefind's). Set on Linux only, whose
# transparent huge pages these are; where they are switched off, jemalloc asks in vain.
PAGEFIND_ALLOCATOR = ("_RJEM_MALLOC_CONF", "narenas:1,thp:always,metadata_thp:always")


def pagefind_environment() -> dict[str, str]:
    """The environment Pagefind runs in: this one without ``PAGEFIND_*`` settings (it runs
    where no pagefind.yml can be found, so the command's options are all it is told),
    with :data:`PAGEFIND_ALLOCATOR` on Linux unless the allocator is configured already."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    if sys.platform.startswith("linux"):
        env.setdefault(*PAGEFIND_ALLOCATOR)
    return env


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
