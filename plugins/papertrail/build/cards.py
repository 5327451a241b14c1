"""Sharing cards made for a build: kept between builds, drawn on every core when new.

A card is a few milliseconds to draw (render/cards.py) and a newsroom has thousands:
each is kept as a file under the digest of what it shows (:attr:`CardSpec.key`), in
the build cache's folder when there is one (the next build draws only new cards) or
else in a folder of this process's own. Cards live on disk, never all in memory (at
5,000 stories they are 200 MB): the workers that draw them write them, and the site
copies them from there. A kept file is checked before it is used (an ordinary file of
a card's size that starts as a JPEG does); one that is not is drawn again.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path

from papertrail.content.workers import chunked, fork_chunks, worker_count
from papertrail.render.cards import CardSpec, render_card

# Below this many cards to draw, forking costs more than it saves; a worker draws this many at a time.
FEW_CARDS, CARDS_A_TASK = 64, 32
MAX_CARD_BYTES = 2_000_000
_JPEG = b"\xff\xd8\xff"
_NAME = re.compile(r"[0-9a-f]{32}\.jpg")


class CardStore:
    """Card files by key, in ``folder`` (the build cache's), or in a temporary folder
    removed by :meth:`close` when there is none."""

    def __init__(self, folder: Path | None = None) -> None:
        self.own = folder is None
        self._folder = folder
        self.drawn = 0  # cards drawn by the last :func:`make_cards`
        # Keys whose file was checked (or written) by this process: a preview's reload
        # does not open thousands of files to find the one new card.
        self.known: set[str] = set()
        self._swept = False  # whether the folder was looked through by this process
        # Each card's path, made once: making 5,000 paths was a tenth of a second a reload.
        self._paths: dict[str, Path] = {}

    @property
    def folder(self) -> Path:
        """Where the cards are (this process's own folder is made when first needed)."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="papertrail-cards-"))
        return self._folder

    def path(self, key: str) -> Path:
        """Where the card ``key`` is kept."""
        path = self._paths.get(key)
        if path is None:
            path = self._paths[key] = self.folder / f"{key}.jpg"
        return path

    def has(self, key: str) -> bool:
        """Whether the card ``key`` is kept, as a file that passes the checks."""
        if key in self.known:
            return True
        if is_card_file(self.path(key)):
            self.known.add(key)
            return True
        return False

    def keep_only(self, keys: set[str]) -> None:
        """Remove every card file but ``keys`` (a card whose story changed is not needed again).

        The folder is looked through once per process (cards another build left); after
        that only the cards this process knew and no longer needs are removed, so a
        preview's reload does not list thousands of files.
        """
        stale = self.known - keys
        self.known &= keys
        self._paths = {key: path for key, path in self._paths.items() if key in keys}
        if self._swept:
            for key in stale:
                self.path(key).unlink(missing_ok=True)
            return
        self._swept = True
        if not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if _NAME.fullmatch(entry.name) and entry.name[:-4] not in keys:
                os.unlink(entry.path)

    def close(self) -> None:
        """Remove the folder if it is this process's own."""
        if self.own and self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
            self.known = set()
            self._paths = {}
            self._swept = False


def is_card_file(path: Path) -> bool:
    """Whether ``path`` is an ordinary file (not a link) of a card's size that starts as a JPEG."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= MAX_CARD_BYTES:
        return False
    try:
        with open(path, "rb") as stream:
            return stream.read(len(_JPEG)) == _JPEG
    except OSError:
        return False


def make_cards(
    specs: Mapping[str, CardSpec],
    store: CardStore,
    workers: int = 1,
    meanwhile: Callable[[], object] | None = None,
) -> dict[str, Path]:
    """The file of each card of ``specs`` (by its path in the site), kept or drawn now.

    Args:
        specs: What each card shows, by path (see :func:`papertrail.render.cards.card_specs`).
        store: Where cards are kept between builds.
        workers: Processes that draw the cards not kept: 0 for one per core.
        meanwhile: The build's other work, done in this process once (while the workers
            draw, when they do); without it, this process draws its share.
    """
    keys = {path: spec.key for path, spec in specs.items()}  # each a digest: made once
    by_key = {keys[path]: spec for path, spec in specs.items()}
    new = [spec for key, spec in by_key.items() if not store.has(key)]
    store.folder.mkdir(parents=True, exist_ok=True)
    count = worker_count(workers, len(new), FEW_CARDS)
    fork_chunks(
        partial(_draw_each, store.folder),
        chunked(new, CARDS_A_TASK, count),
        count,
        here_too=meanwhile is None,
        meanwhile=meanwhile,
    )
    store.drawn = len(new)
    store.known.update(by_key)  # kept or drawn: every one is there now
    store.keep_only(set(by_key))
    return {path: store.path(key) for path, key in keys.items()}


def _draw_each(folder: Path, specs: Sequence[CardSpec]) -> None:
    for spec in specs:
        _draw(folder, spec)


def _draw(folder: Path, spec: CardSpec) -> None:
    """Draw the card and write it where it is kept (atomically: a reader never sees half)."""
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(render_card(spec))
    os.replace(temporary, folder / f"{spec.key}.jpg")
