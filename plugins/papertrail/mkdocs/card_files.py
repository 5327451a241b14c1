"""Sharing cards among the site's files (adapter side; see render/cards.py and build/cards.py)."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from papertrail.build.cards import CardStore, make_cards
from papertrail.content.cache import BuildCache
from papertrail.content.model import Content
from papertrail.render.card_text import CardFont
from papertrail.render.cards import (
    DEFAULT_COLOUR,
    SITE_CARD,
    SITE_LOGO,
    card_path,
    card_specs,
    logo_address,
    portrait_path,
)
from papertrail.render.paths import HOME_PATH, author_path, story_path


def add_cards(
    files: Files,
    config: MkDocsConfig,
    content: Content,
    store: CardStore,
    *,
    colour: str | None,
    font: CardFont | None = None,
    workers: int,
    own: frozenset[str] | None = None,
    dirty: bool = False,
    placed: dict[str, Path] | None = None,
    cache: BuildCache | None = None,
) -> int:
    """Add each story's card and the site's to ``files``; return how many were drawn.

    ``own``: in one shard of a build split across machines, the generated pages it
    writes: it adds their stories' cards and authors' photos (and the site's with the
    home page).
    ``dirty`` and ``placed``: in a --dirty preview, the cards the last build put in
    the site (updated here): those still there and the same are not added again.
    """
    placed = {} if placed is None else placed
    specs = card_specs(
        content,
        config.site_name,
        colour or DEFAULT_COLOUR,
        logo=not config.theme.get("logo"),
        font=font,
        cache=cache,
    )
    if own is not None:
        wanted = {SITE_CARD, SITE_LOGO} if HOME_PATH in own else set()
        wanted |= {card_path(story) for story in content.stories if story_path(story) in own}
        wanted |= {portrait_path(author) for author in content.authors if author_path(author) in own}
        specs = {path: spec for path, spec in specs.items() if path in wanted}
    cards = make_cards(specs, store, workers)
    for path, source in cards.items():
        if dirty and placed.get(path) == source and os.path.isfile(Path(config.site_dir) / path):
            # A --dirty preview keeps the site folder: a card it wrote is there as it was
            # (MkDocs would compare the two files' times on every reload).
            continue
        if files.get_file_from_path(path) is None:
            # Copied from where the card is kept: thousands of cards are never in memory.
            files.append(File.generated(config, path, abs_src_path=str(source)))
    placed.clear()
    placed.update(cards)
    return store.drawn


def publisher_logo(config: MkDocsConfig) -> str | None:
    """The absolute address of the publisher's logo (see :func:`papertrail.render.cards.logo_address`)."""
    return logo_address(config.site_url, config.theme.get("logo"))
