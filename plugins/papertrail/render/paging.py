"""Lists that paginate: a page's weight must not grow with the archive.

A list page (the stories index, a topic's stories, an outlet's sources, a question's
stories, the topics index) shows :data:`PAGE_SIZE` entries (plain link lists
:data:`LINKS_PAGE_SIZE`), newest first, and numbered pages for the rest: page 1 at the
list's own address, page N at ``<address>/page/N/``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from papertrail.render.pages import Headings, search_date
from papertrail.render.paths import OUTLET_PAGE_SIZE, Linker, page_path

T = TypeVar("T")
__all__ = [
    "LINKS_PAGE_SIZE",
    "PAGE_SIZE",
    "PageLink",
    "Pager",
    "list_page_meta",
    "make_pager",
    "page_of",
    "page_path",
    "page_title",
    "split_pages",
]

# Entries with a summary or a quotation (~1-2 kB of HTML each).
PAGE_SIZE = OUTLET_PAGE_SIZE
# Entries that are one link each.
LINKS_PAGE_SIZE = 200
# Numbered links around the current page (first and last are always shown).
_AROUND = 2


@dataclass(frozen=True)
class PageLink:
    """One item of the page numbers: a link, the current page (no href) or a gap."""

    label: str
    href: str | None
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """Where a page sits in its list, and the links to the others."""

    number: int
    count: int
    newer: str | None
    older: str | None
    links: tuple[PageLink, ...]


def split_pages(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """``items`` in pages of ``size``; one empty page when there are none."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


@dataclass(frozen=True)
class ListPage:
    """One page of a list split by :func:`list_pages`: its number (from 1) of ``count``,
    where it is, its links and its headings (fresh for each page)."""

    number: int
    count: int
    path: str
    links: Linker
    headings: Headings


def list_pages(
    first: str, items: Sequence[T], directory_urls: bool
) -> Iterator[tuple[ListPage, Sequence[T]]]:
    """The pages of the list ``items`` whose first page is ``first``, each with its items."""
    chunks = split_pages(items)
    for number, chunk in enumerate(chunks, start=1):
        here = page_path(first, number)
        yield ListPage(number, len(chunks), here, Linker(here, directory_urls), Headings()), chunk


def page_count(items: int, size: int = PAGE_SIZE) -> int:
    """How many pages ``items`` entries take (at least one)."""
    return max(1, math.ceil(items / size))


def page_of(index: int, size: int = PAGE_SIZE) -> int:
    """The page number (from 1) of the entry at ``index`` (from 0)."""
    return index // size + 1


def page_title(title: str, number: int) -> str:
    """A list page's title: the list's own on page 1, with the page number after."""
    return title if number <= 1 else f"{title} (page {number})"


def list_page_meta(
    kind: str, number: int, dates: Iterable[dt.date | dt.datetime | None]
) -> dict[str, object]:
    """Metadata of page ``number`` of a page whose lists paginate: page 1 is a search
    result of ``kind``, dated by its newest item; the pages after it are not results."""
    meta: dict[str, object] = {"pt_kind": kind, "hide": ["navigation"]}
    if number == 1:
        meta.update(search_date(*dates))
    else:  # a continuation of the list: not a search result of its own
        meta["pt_search"] = False
    return meta


def make_pager(first: str, number: int, count: int, links: Linker) -> Pager | None:
    """The page numbers of page ``number`` of ``count``; None for a list of one page."""
    if count <= 1:
        return None
    shown = sorted({1, count, *range(max(1, number - _AROUND), min(count, number + _AROUND) + 1)})
    items: list[PageLink] = []
    for position, shown_number in enumerate(shown):
        if position and shown_number != shown[position - 1] + 1:
            items.append(PageLink("…", None))
        current = shown_number == number
        items.append(
            PageLink(
                str(shown_number), None if current else links.to(page_path(first, shown_number)), current
            )
        )
    return Pager(
        number,
        count,
        links.to(page_path(first, number - 1)) if number > 1 else None,
        links.to(page_path(first, number + 1)) if number < count else None,
        tuple(items),
    )
