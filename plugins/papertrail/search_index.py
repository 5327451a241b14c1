"""Search entries of generated pages, made on the second core while MkDocs renders.

Adapter code (it imports MkDocs and Material). Material's search plugin cuts every page's HTML
into sections with Python's ``html.parser``, a third of a cold build. Generated pages
are finished before MkDocs renders any page, so their entries are made in one worker
process with Material's *own* parser and entry rules, and the search plugin takes
them instead of parsing again: the index is the same, a test compares it byte for
byte with one made the usual way.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page as MkDocsPage

from papertrail.page_cache import PageCache
from papertrail.render.pages import unpack_html

# Below this many pages a worker's start-up costs more than it saves (a preview reload).
MIN_PAGES = 200
CHUNK = 100


@dataclass(frozen=True)
class PageText:
    """What Material's search reads of a page: where, its title, its HTML (compressed)."""

    src_uri: str
    url: str
    title: str
    packed: bytes
    boost: float | None = None  # the page's ``search.boost``


def available() -> bool:
    """Whether the entries can be made exactly as Material makes them."""
    try:
        from material.plugins.search import plugin as search  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - another theme or search plugin
        return False
    # Chinese segmentation changes entries when jieba is installed: leave those to Material.
    return getattr(search, "jieba", None) is None and hasattr(search, "Parser")


def entries_for(page: PageText) -> list[dict[str, Any]]:
    """Material's entries for one page (``add_entry_from_context`` and
    ``create_entry_for_section`` of Material's search plugin, without a page object).

    Generated pages' table of contents holds every heading with an id, so an entry's
    location is the page's URL with ``#id`` for each section after the first.
    """
    from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

    parser = Parser()
    parser.feed(unpack_html(page.packed))
    parser.close()
    entries = []
    for section in parser.data:
        if section.is_excluded():
            continue
        location = f"{page.url}#{section.id}" if section.id else page.url
        if not section.title:
            section.title = [page.title]
        entry: dict[str, Any] = {
            "location": location,
            "title": "".join(section.title).strip(),
            "text": "".join(section.text).strip(),
        }
        if page.boost is not None:
            entry["boost"] = page.boost
        entries.append(entry)
    return entries


def _chunk_entries(pages: list[PageText]) -> dict[str, list[dict[str, Any]]]:
    return {page.src_uri: entries_for(page) for page in pages}


class SearchEntries:
    """Entries of generated pages, being made by one worker process."""

    def __init__(self, pages: Iterable[PageText]) -> None:
        listed = list(pages)
        self._futures: dict[str, concurrent.futures.Future[dict[str, list[dict[str, Any]]]]] = {}
        self._executor: concurrent.futures.ProcessPoolExecutor | None = None
        if len(listed) < int(os.environ.get("PAPERTRAIL_SEARCH_MIN_PAGES", MIN_PAGES)) or not available():
            return
        # spawn, not fork: `mkdocs serve` runs builds beside its server threads.
        self._executor = concurrent.futures.ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
        for chunk in _chunks(listed, CHUNK):
            future = self._executor.submit(_chunk_entries, chunk)
            for page in chunk:
                self._futures[page.src_uri] = future

    def take(self, src_uri: str) -> list[dict[str, Any]] | None:
        """The page's entries (waiting for its chunk), or None if it was not given or the
        worker failed (the search plugin then parses the page as it always does)."""
        future = self._futures.pop(src_uri, None)
        if future is None:
            return None
        try:
            return future.result()[src_uri]
        except Exception:  # a worker that died: Material parses the page itself, as always
            self.close()
            return None

    def close(self) -> None:
        """Stop the worker (pages never asked for are dropped)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._futures = {}


def _chunks(items: list[PageText], size: int) -> Iterator[list[PageText]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Hooking into Material's search plugin --------------------------------------------


class _Owner(Protocol):
    """What the plugin holds that the search hook reads at each page."""

    pages: PageCache | None
    search_work: SearchEntries | None


def search_plugins(config: MkDocsConfig) -> list[Any]:
    """Material's search plugin, when it is there and shaped as this adapter knows."""
    found = []
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if callable(getattr(index, "add_entry_from_context", None)) and isinstance(
            getattr(index, "entries", None), list
        ):
            found.append(plugin)
    return found


def complete_search_index(config: MkDocsConfig, pages: PageCache) -> None:
    """In a ``--dirty`` build, add the search entries of the pages MkDocs skipped.

    Material's own ``--dirty`` handling merges the last index with the one page it
    expects to have been rebuilt; the index is complete here, so that is switched off.
    """
    for plugin in search_plugins(config):
        plugin.search_index.entries.extend(pages.skipped_search_entries())
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None


def take_search_entries(config: MkDocsConfig, owner: _Owner) -> None:
    """Let the search plugin take a page's entries instead of parsing its HTML again.

    From the page cache when the page is reused, else from the entries made for it
    on the second core (:class:`SearchEntries`). Parsing every page's HTML
    is a third of a cold build. Material's search plugin keeps its entries in
    ``search_index.entries``; with another search plugin nothing is changed.
    """
    for plugin in search_plugins(config):
        index = plugin.search_index
        add, entries = index.add_entry_from_context, index.entries

        def add_entry(page: MkDocsPage, add: Any = add, entries: list[Any] = entries) -> None:
            pages = owner.pages
            made = pages.search_entries(page) if pages is not None else None
            if made is None and owner.search_work is not None:
                made = owner.search_work.take(page.file.src_uri)
                if made is not None and pages is not None:
                    pages.record_search(page, made)
            if made is not None:
                entries.extend(made)
                return
            start = len(entries)
            add(page)
            if pages is not None:
                pages.record_search(page, entries[start:])

        index.add_entry_from_context = add_entry
