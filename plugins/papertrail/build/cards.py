"""Sharing cards made for a build: kept between builds, drawn on every core when new.

A card is a few milliseconds to draw (render/cards.py) and a newsroom has thousands:
each is kept under the digest of what it shows (:attr:`CardSpec.key`), in memory for a
preview's reloads and, when the build cache is on, as a file in the cache folder for
the next build. Only cards not kept are drawn, by one worker per core when there are
many. A kept file is checked before it is read (an ordinary file of a card's size
that starts as a JPEG does); one that is not is drawn again.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from papertrail.content.workers import map_ahead
from papertrail.render.cards import CardSpec, render_card

# Below this many cards to draw, forking costs more than it saves; a worker draws this many at a time.
FEW_CARDS, CARDS_A_TASK = 64, 32
MAX_CARD_BYTES = 2_000_000
_JPEG = b"\xff\xd8\xff"
_NAME = re.compile(r"[0-9a-f]{32}\.jpg")


class CardStore:
    """Cards by key: in memory, and in ``folder`` when given (the build cache's)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        self.drawn = 0  # cards drawn by the last :func:`make_cards`

    def get(self, key: str) -> bytes | None:
        """The card kept under ``key``, or None."""
        if key in self.memory:
            return self.memory[key]
        if self.folder is None:
            return None
        data = _read_card(self.folder / f"{key}.jpg")
        if data is not None:
            self.memory[key] = data
        return data

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key`` (written to the folder atomically)."""
        self.memory[key] = data
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, self.folder / f"{key}.jpg")

    def keep_only(self, keys: set[str]) -> None:
        """Forget every card but ``keys`` (a card whose story changed is not needed again)."""
        self.memory = {k: v for k, v in self.memory.items() if k in keys}
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if _NAME.fullmatch(entry.name) and entry.name[:-4] not in keys:
                os.unlink(entry.path)


def _read_card(path: Path) -> bytes | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CARD_BYTES:
        return None
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_CARD_BYTES + 1)
    except OSError:
        return None
    return data if data.startswith(_JPEG) and len(data) <= MAX_CARD_BYTES else None


def make_cards(specs: Mapping[str, CardSpec], store: CardStore, workers: int = 1) -> dict[str, bytes]:
    """Each card of ``specs`` (by its path in the site) as JPEG bytes, from ``store`` or drawn.

    Args:
        specs: What each card shows, by path (see :func:`papertrail.render.cards.card_specs`).
        store: Where cards are kept between builds.
        workers: Processes that draw the cards not kept: 0 for one per core.
    """
    cards: dict[str, bytes] = {}
    missing: dict[str, CardSpec] = {}
    for path, spec in specs.items():
        kept = store.get(spec.key)
        if kept is None:
            missing.setdefault(spec.key, spec)
        else:
            cards[path] = kept
    new = list(missing.values())
    drawn = map_ahead(render_card, new, workers, FEW_CARDS, CARDS_A_TASK)
    for spec, data in zip(new, drawn if drawn is not None else map(render_card, new), strict=True):
        store.put(spec.key, data)
    store.drawn = len(new)
    for path, spec in specs.items():
        if path not in cards:
            cards[path] = store.memory[spec.key]
    store.keep_only({spec.key for spec in specs.values()})
    return cards
