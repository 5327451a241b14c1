"""Search under ``make serve``: indexed on a thread after each reload, shard by shard as
pages change.

A preview rebuilds after every save, and re-indexing the whole site took about 7 s at
1,000 stories on both cores, competing with the next reload. ``mkdocs serve --dirty`` (as
``make serve`` runs it) rewrites only the pages an edit changed, so a shard whose pages are
the same files as at the last run (same paths, modification times and sizes) is copied
from the :class:`ShardStore` instead of indexed again: an edit re-indexes the shards of
the pages it touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from papertrail.build.search import SHARD_PAGES, SearchBundle, SearchBundleError, build_search_bundle


class ShardStore:
    """Shard bundles of the last run, each under a key of the files it was made from."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="papertrail-shards-"))
        self._kept: dict[str, int] = {}  # key -> pages in the shard

    def restore(
        self,
        site_dir: Path,
        shards: list[list[str]],
        language: str | None,
        outputs: list[Path],
        skip: set[int],
    ) -> dict[int, int]:
        """Copy into ``outputs`` each shard kept from the last run whose pages are unchanged;
        pages by shard number."""
        restored = {}
        for number, pages in enumerate(shards):
            key = _key(site_dir, pages, language)
            if number not in skip and key in self._kept and (self.folder / key).is_dir():
                shutil.copytree(self.folder / key, outputs[number], copy_function=_link_or_copy)
                restored[number] = self._kept[key]
        return restored

    def remember(
        self,
        site_dir: Path,
        shards: list[list[str]],
        language: str | None,
        outputs: list[Path],
        counts: dict[int, int],
    ) -> None:
        """Keep this run's shards (and only those) for the next run."""
        kept = {}
        for number, pages in enumerate(shards):
            key = _key(site_dir, pages, language)
            if not (self.folder / key).is_dir():
                shutil.copytree(outputs[number], self.folder / key, copy_function=_link_or_copy)
            kept[key] = counts[number]
        for stale in set(self._kept) - set(kept):
            shutil.rmtree(self.folder / stale, ignore_errors=True)
        self._kept = kept

    def close(self) -> None:
        """Drop every kept shard."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self._kept = {}


def _key(site_dir: Path, pages: list[str], language: str | None) -> str:
    digest = hashlib.blake2b(str(language).encode(), digest_size=16)
    for page in pages:
        info = os.lstat(site_dir / page)
        digest.update(f"\0{page}\0{info.st_mtime_ns}\0{info.st_size}".encode())
    return digest.hexdigest()


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system: a copy
        shutil.copy2(source, target)


class BackgroundIndexer:
    """Index a preview's site on a thread after each build, so a reload never waits for it.

    Asked again while indexing, it indexes once more when done (the newest build wins);
    a failure is kept for the caller to report, and the last good bundle stays.
    """

    def __init__(self, language: str | None = None, shard_pages: int = SHARD_PAGES) -> None:
        self.language = language
        self.shard_pages = shard_pages
        self.last: SearchBundle | None = None
        self.error: SearchBundleError | None = None
        self.store = ShardStore()
        self._lock = threading.Lock()
        self._wanted: Path | None = None
        self._thread: threading.Thread | None = None

    def request(self, site_dir: Path) -> None:
        """Index ``site_dir`` soon (now, or after the run under way)."""
        with self._lock:
            self._wanted = site_dir
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="papertrail-search", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait until no indexing is under way or wanted."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def close(self) -> None:
        """Wait for the run under way, then drop the kept shards."""
        self.wait(60)
        self.store.close()

    def _work(self) -> None:
        while True:
            with self._lock:
                site_dir, self._wanted = self._wanted, None
                if site_dir is None:
                    self._thread = None
                    return
            try:
                bundle = build_search_bundle(site_dir, self.language, self.shard_pages, store=self.store)
                self.last, self.error = bundle, None
            except (SearchBundleError, OSError) as error:
                self.error = error if isinstance(error, SearchBundleError) else SearchBundleError(str(error))
