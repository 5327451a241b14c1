"""Older search shards indexed on the second core while the engine renders the pages.

MkDocs renders pages on one core; indexing 5,000 stories' pages for search afterwards took
21 s more. Generated pages are finished before MkDocs starts rendering, so the shards that
hold only generated pages (every shard but the newest: hand-written pages are undated and
count as newest) are indexed from them meanwhile, each page as a small document holding
what the theme puts inside the page's search body: the generated article, its kind and its
date. At the end :func:`~papertrail.build.search.build_search_bundle` indexes the newest
shard from the written site and takes these, if the written site puts the same pages in
the same shards; otherwise it indexes everything itself. A test compares the records of
both ways.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from papertrail.build.search import SearchBundleError, index_folder, plan_shards
from papertrail.render.packed_html import unpack_html


@dataclass(frozen=True)
class SearchDocument:
    """A generated page as search sees it."""

    path: str  # its file in the site, as the engine writes it ("stories/x/index.html")
    # The article the theme shows in the page's content area, as the page holds it
    # (render/pages.py pack_html): unpacked on the indexing thread, when its shard is
    # written; unpacking 12,000 in the build's own thread first was 0.3 s of a cold
    # build at 5,000 stories while the other core waited.
    packed: bytes
    kind: str
    date: str | None

    @property
    def html(self) -> str:
        """The article."""
        return unpack_html(self.packed)


class IndexAhead:
    """Indexes the older shards of a build on a thread while the engine renders."""

    def __init__(
        self,
        documents: Sequence[SearchDocument],
        undated: Sequence[str],
        shard_pages: int,
        language: str | None,
        scratch: Path | None = None,
    ) -> None:
        """Plan the shards and start indexing the older ones.

        Args:
            documents: The generated pages to be found (not lists, not page 2 of anything).
            undated: The other pages search will find (hand-written ones), by file.
            shard_pages: Pages per shard.
            language: The site's language, as the pages' ``<html lang>`` says it.
            scratch: The folder to work in (the plugin's cache folder), on the file system
                the site is written to, so that the shards made here are moved into the
                site, not copied (see :func:`_work_folder`); None: the system's temporary
                folder.
        """
        pages = [(d.path, d.date or "~") for d in documents] + [(p, "~") for p in undated]
        self.plan = plan_shards(pages, shard_pages)
        by_path = {d.path: d for d in documents}
        # Shards of generated pages only, but the newest (what an edit changes most, and
        # where hand-written pages go): those are indexed ahead, the rest at the end.
        ahead = {
            number: [by_path[p] for p in shard]
            for number, shard in enumerate(self.plan)
            if number and all(p in by_path for p in shard)
        }
        self.language = language
        self._ahead = frozenset(ahead)
        self._work = _work_folder(scratch)
        self._done: dict[int, tuple[int, Path]] = {}
        self._error: SearchBundleError | None = None
        self._thread = threading.Thread(target=self._run, args=(ahead,), daemon=True)
        self._thread.start()

    def _run(self, shards: dict[int, list[SearchDocument]]) -> None:
        try:
            for number, documents in shards.items():
                folder = self._work / f"in-{number}"
                for document in documents:
                    target = folder / document.path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(_page(document, self.language), encoding="utf-8")
                out = self._work / f"out-{number}"
                self._done[number] = (index_folder(folder, out, self.language), out)
                shutil.rmtree(folder, ignore_errors=True)
        except SearchBundleError as error:
            self._error = error

    def promised(self, shards: list[list[str]], language: str | None) -> frozenset[int]:
        """The numbers of the shards indexed here (done or under way) when the written site
        has the shards planned (and the language); else none. Nothing is waited for."""
        if shards != self.plan or language != self.language:
            return frozenset()
        return self._ahead

    def take(self, shards: list[list[str]], language: str | None) -> dict[int, tuple[int, Path]]:
        """(page count, bundle folder) of each shard indexed ahead, by shard number, when the
        written site has the shards planned (and the language); else none: index afresh."""
        if shards != self.plan or language != self.language:
            return {}
        self._thread.join()
        return {} if self._error is not None else dict(self._done)

    def close(self) -> None:
        """Drop the work folder (after the bundle took what it needed)."""
        self._thread.join()
        shutil.rmtree(self._work, ignore_errors=True)


_WORK_PREFIX = "search-ahead-"


def _work_folder(scratch: Path | None) -> Path:
    """A new folder to index in, in ``scratch`` when it can be made there.

    Every page to be found is written there for Pagefind, and Pagefind writes each shard
    there (12,000 files each way at 5,000 stories). In the system's temporary folder, on
    another file system than the site, the shards were copied into the site and every
    file was made and removed on a second disk: with ``/tmp`` on this machine's disk and
    the site on its RAM disk, that was 10 s of system time in a cold build of 5,000
    stories. The folder is named after the build's process: one left by a build that
    was killed is removed by the next, and another build's is left alone.
    """
    if scratch is not None:
        try:
            scratch.mkdir(parents=True, exist_ok=True)
            for left in scratch.glob(f"{_WORK_PREFIX}*"):
                if not _running(left.name.removeprefix(_WORK_PREFIX).partition("-")[0]):
                    shutil.rmtree(left, ignore_errors=True)
            return Path(tempfile.mkdtemp(prefix=f"{_WORK_PREFIX}{os.getpid()}-", dir=scratch))
        except OSError:
            pass  # a read-only cache folder: the system's temporary folder instead
    return Path(tempfile.mkdtemp(prefix="papertrail-search-"))


def _running(pid: str) -> bool:
    """Whether the process ``pid`` (a folder name's part) is running."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, as another user
    return True


def _page(document: SearchDocument, language: str | None) -> str:
    """The page as search reads it: the same search body as the theme's main.html makes.

    Built with markupsafe: every value is escaped, and the article is the generated page's
    HTML (made by the autoescaping templates), marked safe as it is in the page itself.
    """
    page = Markup(
        '<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body>'
        '<div data-pagefind-body data-pagefind-filter="kind:{kind}"{date}>{article}</div></body></html>\n'
    )
    date = Markup(' data-pt-date="{}"').format(document.date) if document.date else ""
    return str(
        page.format(lang=language or "en", kind=document.kind, date=date, article=Markup(document.html))
    )
