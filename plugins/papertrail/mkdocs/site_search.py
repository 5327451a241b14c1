"""Search in fragments, as the plugin runs it (adapter side; the work is build/search*.py).

Material's whole-archive search plugin is switched off and the theme's dialog queries
Pagefind's bundle instead: older shards are indexed while pages are written
(build/search_ahead.py), the newest from the written site at the end; a preview
re-indexes in a low-priority process after each reload (build/search_preview.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from papertrail.build.search import (
    SEARCH_FOLDER,
    SearchBundle,
    SearchBundleError,
    WrittenPage,
    build_search_bundle,
    dated_pages,
)
from papertrail.build.search_ahead import IndexAhead, SearchDocument
from papertrail.build.search_preview import BackgroundIndexer
from papertrail.render import RenderedPage
from papertrail.render.site import SEARCH_SCRIPT

log = logging.getLogger("mkdocs.plugins.papertrail")


class SiteSearch:
    """The search bundle of one plugin instance: what is being indexed, and by whom."""

    def __init__(self) -> None:
        self.indexer: BackgroundIndexer | None = None  # a preview's, kept across reloads
        self.ahead: IndexAhead | None = None
        self.shard_pages = 0
        # The pages this build wrote, by file (see pages_written).
        self.written: dict[str, WrittenPage] = {}

    def configure(self, config: MkDocsConfig, enabled: bool, shard_pages: int) -> None:
        """Search in fragments in place of Material's whole-archive index."""
        self.shard_pages = shard_pages
        config.extra["papertrail_search"] = enabled
        if not enabled:
            return
        if SEARCH_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SEARCH_SCRIPT)
        # Material's search plugin (`- search` in older mkdocs.yml files) would build and
        # send the index this replaces: it is switched off through its own option.
        material = config.plugins.get("material/search") or config.plugins.get("search")
        material_config = getattr(material, "config", None)
        if material_config is not None and getattr(material_config, "enabled", False):
            material_config.enabled = False
            log.info("papertrail: Material's search plugin is switched off (Papertrail's search replaces it)")

    def index_ahead(
        self,
        generated: Mapping[str, RenderedPage],
        files: Files,
        config: MkDocsConfig,
        scratch: Path | None = None,
    ) -> None:
        """Start indexing the older search shards while pages are written (build/search_ahead.py),
        in ``scratch`` (the plugin's cache folder) when there is one."""
        self.close_ahead()
        documents = []
        # src_uris, not get_file_from_path: generated paths are POSIX already (a PurePath
        # for each of 13,000 pages, at 5,000 stories, while the other core waits).
        by_path = files.src_uris
        for page in generated.values():
            file = by_path.get(page.path)
            if file is not None and page.meta.get("pt_search") is not False:
                kind, date = page.meta.get("pt_kind") or "page", page.meta.get("pt_date")
                documents.append(SearchDocument(file.dest_uri, page.packed, str(kind), date and str(date)))
        undated = [f.dest_uri for f in files.documentation_pages() if f.src_uri not in generated]
        language = config.theme.get("language") or None
        self.ahead = IndexAhead(documents, undated, self.shard_pages, language, scratch)

    def pages_written(self) -> dict[str, WrittenPage]:
        """A new record of the pages this build writes, by file, for the writer to fill:
        the index at the build's end takes their marks from it rather than reading them
        back (:func:`~papertrail.build.search.dated_pages`)."""
        self.written = {}
        return self.written

    def close_ahead(self) -> None:
        """Stop what is indexed ahead (a failed build)."""
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None

    def start_index(self, config: MkDocsConfig, preview: bool) -> Callable[[], None]:
        """Start indexing the written site for search (every page, also those a --dirty
        build kept); return what waits for it to end.

        A build finds the pages to index here (those it wrote by what it wrote, not read
        back: ``written``), then indexes them on a thread (Pagefind's processes, mostly)
        while the plugin writes the sitemap and saves its outputs, which at 5,000 stories
        had waited for it (0.7 s on one core); the call returned raises what went wrong,
        a failed index as a PluginError. A preview indexes in the background after the
        reload: its search follows an edit a few seconds later (at 1,000 stories), and the
        call returned does not wait for it.
        """
        language = config.theme.get("language") or None
        if preview:
            if self.indexer is None:
                self.indexer = BackgroundIndexer(language, self.shard_pages)
            elif self.indexer.error is not None:
                log.warning("papertrail: search: %s", self.indexer.error)
            self.indexer.request(Path(config.site_dir))
            return lambda: None
        site_dir, ahead, written = Path(config.site_dir).resolve(), self.ahead, self.written
        self.written = {}
        # The pages to index are found here, before the thread starts: found on it, they
        # waited for the interpreter while this thread wrote the sitemap and saved the
        # outputs, and Pagefind started a second later (0.95 s at 5,000 stories).
        found = dated_pages(site_dir, written) if site_dir.is_dir() else None
        outcome: list[SearchBundle | Exception] = []
        launched = threading.Event()

        def run() -> None:
            try:
                outcome.append(
                    build_search_bundle(
                        site_dir, language, self.shard_pages, ahead=ahead, found=found, launched=launched.set
                    )
                )
            except Exception as error:  # raised in the build's thread, by finish
                outcome.append(error)
            finally:
                launched.set()

        thread = threading.Thread(target=run, name="papertrail-search", daemon=True)
        thread.start()
        # This thread goes on once Pagefind runs. Before, the two threads took turns at
        # the interpreter, and the indexing thread, which links the newest shard's pages
        # file by file, took one turn per call to the system: at 5,000 stories Pagefind
        # started half a second late, while one core waited.
        launched.wait()

        def finish() -> None:
            try:
                thread.join()
            finally:
                self.close_ahead()
            result = outcome[0]
            if isinstance(result, SearchBundleError):
                raise PluginError(f"papertrail: search: {result}") from None
            if isinstance(result, Exception):
                raise result
            log.debug(
                "search: %d pages indexed into %s/ (%d files; %d of %d shards indexed ahead)",
                result.pages,
                SEARCH_FOLDER,
                result.files,
                result.ahead,
                result.shards,
            )

        return finish

    def close(self) -> None:
        """The preview ends: its indexer stops."""
        if self.indexer is not None:
            self.indexer.close()
