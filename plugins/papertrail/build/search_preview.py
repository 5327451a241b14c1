"""Search under ``make serve``: indexed on a thread after each reload, shard by shard as
pages change.

A preview rebuilds after every save, and re-indexing the whole site took about 7 s at
1,000 stories on both cores, competing with the next reload. ``mkdocs serve --dirty`` (as
``make serve`` runs it) rewrites only the pages an edit changed, so a shard whose pages are
the same files as at the last run (same paths, modification times and sizes) is copied
from the :class:`ShardStore` instead of indexed again: an edit re-indexes the shards of
the pages it touched. The indexing runs in a process of its own at low priority, so the
next reload (and its Python) never waits behind it.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from papertrail.build.search import SHARD_PAGES, SearchBundleError, build_search_bundle

KEPT_FILE = "kept.json"
# Below the preview's own priority: a rebuild gets the cores first.
NICENESS = 10
# Linux's prctl option: the signal a process gets when the thread that started it ends.
PR_SET_PDEATHSIG = 1


class ShardStore:
    """Shard bundles of the last run, each under a key of the files it was made from.

    Kept in a folder (``kept.json`` lists the keys with their page counts, as plain data),
    so that the indexing process of each run finds the last run's shards.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or Path(tempfile.mkdtemp(prefix="papertrail-shards-"))
        self._kept: dict[str, int] = {}  # key -> pages in the shard
        # Each shard's key as its pages were before this run indexed them (see remember).
        self._before: list[str] = []
        try:
            listed = json.loads((self.folder / KEPT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            listed = {}
        if isinstance(listed, dict):
            self._kept = {
                k: v for k, v in listed.items() if isinstance(k, str) and k.isalnum() and isinstance(v, int)
            }

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
        self._before = [_key(site_dir, pages, language) for pages in shards]
        for number, key in enumerate(self._before):
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
        """Keep this run's shards (and only those) for the next run.

        A shard is kept only if its pages are as they were before this run read them: a
        preview's next rebuild can rewrite a page while this run indexes it, and a shard
        kept under the new page's key with the old page's words was restored by the next
        run, so search never showed that edit (seen under load, as a test timing out).
        """
        kept = {}
        for number, pages in enumerate(shards):
            key = _key(site_dir, pages, language)
            if number >= len(self._before) or key != self._before[number]:
                continue  # rewritten while indexed: indexed afresh by the next run
            if not (self.folder / key).is_dir():
                shutil.copytree(outputs[number], self.folder / key, copy_function=_link_or_copy)
            kept[key] = counts[number]
        for stale in set(self._kept) - set(kept):
            shutil.rmtree(self.folder / stale, ignore_errors=True)
        self._kept = kept
        (self.folder / KEPT_FILE).write_text(json.dumps(kept), encoding="utf-8")

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
    """Index a preview's site after each build, in a low-priority process, so that a reload
    never waits for it.

    Asked again while indexing, it indexes once more when done (the newest build wins).
    A run that fails is tried once more when nothing newer is asked for (a page the
    next rebuild was rewriting vanished under it, and search then never showed the
    edit); a second failure is kept for the caller to report, and the last good
    bundle stays.
    """

    def __init__(self, language: str | None = None, shard_pages: int = SHARD_PAGES) -> None:
        self.language = language
        self.shard_pages = shard_pages
        self.error: SearchBundleError | None = None
        self.store = ShardStore()
        self._lock = threading.Lock()
        self._wanted: Path | None = None
        self._last: Path | None = None  # the site the last run indexed
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[str] | None = None  # the run under way
        self._closed = False

    def request(self, site_dir: Path) -> None:
        """Index ``site_dir`` soon (now, or after the run under way)."""
        with self._lock:
            if self._closed:
                return
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
        """The preview ends: stop the run under way, with its Pagefind processes, and
        drop the kept shards.

        It used to wait for the run (up to a minute): at 5,000 stories the first build's
        index takes minutes, for a site folder the preview is about to remove.
        """
        with self._lock:
            self._closed, self._wanted = True, None
            process = self._process
        if process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):  # it ended meanwhile
                os.killpg(process.pid, signal.SIGTERM)  # its own group: see _run
        self.wait(30)
        self.store.close()

    def _work(self) -> None:
        retried: Path | None = None
        while True:
            with self._lock:
                site_dir, self._wanted = self._wanted, None
                if site_dir is None and self.error is not None and retried is None:
                    site_dir = retried = self._last  # once, after a failure, unless newer work came
                if site_dir is None:
                    self._thread = None
                    return
            self._last = site_dir
            returncode, stderr = self._run(self._command(site_dir))
            with self._lock:
                if self._closed:
                    self._thread = None
                    return
            said = stderr.strip().splitlines()
            self.error = SearchBundleError(said[-1] if said else "failed") if returncode else None
            if self.error is None:
                retried = None

    def _command(self, site_dir: Path) -> list[str]:
        return [
            sys.executable, "-m", __name__,
            str(site_dir), self.language or "", str(self.shard_pages), str(self.store.folder),
            str(os.getpid()),
        ]  # fmt: skip

    def _run(self, command: list[str]) -> tuple[int, str]:
        """One indexing run: its exit status and what it said on standard error.

        The process leads a process group of its own, which its Pagefind processes join,
        so that :meth:`close` stops them all; it also ends when the preview does (see
        :func:`_die_with_the_preview`).
        """
        with self._lock:
            if self._closed:
                return 0, ""
            process = self._process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
            )
        try:
            _, stderr = process.communicate()
        finally:
            with self._lock:
                self._process = None
        return process.returncode, stderr


def _die_with_the_preview(preview: int) -> None:
    """End this process, and the Pagefind processes of its group, when the preview ends.

    A preview stopped by a signal (``kill``, a closed terminal) runs no shutdown hook,
    and the indexing went on to its end: at 5,000 stories, minutes of both cores,
    slowing the first reloads of the next preview. Linux sends this process SIGTERM
    when the preview's thread that started it ends (``PR_SET_PDEATHSIG``); elsewhere
    only :meth:`BackgroundIndexer.close` stops it.
    """
    signal.signal(signal.SIGTERM, _stop_group)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != preview:  # the preview ended before the line above
        _stop_group()


def _stop_group(*_: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if os.getpgrp() == os.getpid():  # started as the leader of its own group (see _run)
        os.killpg(0, signal.SIGTERM)
    sys.exit(1)


def _below_the_preview() -> None:
    """Run this process (and Pagefind's, which inherit it) only when the preview does not
    want the cores: Linux's idle class where there is one, else a lower priority.

    With a niceness of 10 alone, indexing after one reload (6 s of both cores at 1,000
    stories) still took a part of the cores from the next reload: edit-to-reload was
    1.5 to 2 s against 1.1 s with nothing indexing.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError):  # not Linux, or not allowed: a lower priority then
        if hasattr(os, "nice"):
            os.nice(NICENESS)


def _main(argv: list[str]) -> int:
    """``python -m papertrail.build.search_preview SITE LANGUAGE SHARD_PAGES STORE PREVIEW_PID``."""
    site, language, shard_pages, store, preview = argv
    _die_with_the_preview(int(preview))
    _below_the_preview()
    try:
        build_search_bundle(Path(site), language or None, int(shard_pages), store=ShardStore(Path(store)))
    except (SearchBundleError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - run by BackgroundIndexer
    sys.exit(_main(sys.argv[1:]))
