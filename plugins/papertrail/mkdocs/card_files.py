"""Sharing cards among the site's files, and the brand colour and cards' font from the options
(adapter side; see render/cards.py, render/brand.py and build/cards.py)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from papertrail.build.cards import CardStore, make_cards
from papertrail.content.cache import BuildCache
from papertrail.content.model import Content
from papertrail.render.brand import BRAND_STYLESHEET, BrandError, brand_stylesheet, check_brand_colour
from papertrail.render.card_text import CardFont, CardFontError, check_card_font
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
from papertrail.render.site import Asset


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
    present: Callable[[str], bool] = os.path.isfile,
    meanwhile: Callable[[], object] | None = None,
) -> int:
    """Add each story's card and the site's to ``files``; return how many were drawn.

    ``meanwhile``: the build's other work, done once in this process while workers draw
    (see :func:`papertrail.build.cards.make_cards`).

    ``own``: in one shard of a build split across machines, the generated pages it
    writes: it adds their stories' cards and authors' photos (and the site's with the
    home page).
    ``dirty`` and ``placed``: in a --dirty preview, the cards the last build put in
    the site (updated here): those still there (``present``) and the same are not
    added again.
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
    cards = make_cards(specs, store, workers, meanwhile)
    for path, source in cards.items():
        if dirty and placed.get(path) is source and present(os.path.join(config.site_dir, path)):
            # A --dirty preview keeps the site folder: a card it wrote is there as it was
            # (MkDocs would compare the two files' times on every reload).
            continue
        if path not in files.src_uris:
            # Copied from where the card is kept: thousands of cards are never in memory.
            files.append(CardFile.generated(config, path, abs_src_path=str(source)))
    placed.clear()
    placed.update(cards)
    return store.drawn


class CardFile(File):
    """A card's file in the site: linked to the card where it is kept, not copied.

    MkDocs copies every static file one after another at the end of a build, while
    nothing else runs: 5,000 cards were 0.7 s of it. A hard link shares the kept card's
    bytes and costs one call. Neither file is ever written in place: the store puts a
    redrawn card in a new file (build/cards.py), and a file already where the card goes
    is removed before the link or copy is made, so writing one never writes the other.
    Where no link can be made (another file system, none at all) the card is copied.

    Workaround of MkDocs internals: ``File.copy_file`` overridden for these files only.
    """

    def copy_file(self, dirty: bool = False) -> None:
        """Link the card into the site (copy it where that cannot be done)."""
        if self.abs_src_path is None or (dirty and not self.is_modified()):
            super().copy_file(dirty)
            return
        source, destination = self.abs_src_path, self.abs_dest_path
        try:
            _link(source, destination)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(destination)  # a link of an earlier build: never copied into
            super().copy_file(dirty)


def _link(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except FileNotFoundError:  # its folder is not made yet
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        os.link(source, destination)
    except FileExistsError:  # an earlier build's (--dirty)
        os.unlink(destination)
        os.link(source, destination)


def publisher_logo(config: MkDocsConfig) -> str | None:
    """The absolute address of the publisher's logo (see :func:`papertrail.render.cards.logo_address`)."""
    return logo_address(config.site_url, config.theme.get("logo"))


def configure_brand(
    config: MkDocsConfig, colour: str, font: str, project: Path
) -> tuple[Asset | None, CardFont | None]:
    """The brand colour's stylesheet (made Material's custom primary colour in every
    palette) and the cards' font, from the plugin's ``brand_colour`` and ``card_font``.

    Raises:
        PluginError: Either is not usable; the message says why.
    """
    try:
        card_font = check_card_font(font, project) if font else None
        if not colour:
            return None, card_font
        brand = brand_stylesheet(check_brand_colour(colour))
    except (BrandError, CardFontError) as error:
        raise PluginError(f"papertrail: {error}") from None
    palettes = config.theme.get("palette") or {}
    for palette in palettes if isinstance(palettes, list) else [palettes]:
        if isinstance(palette, dict):
            palette["primary"] = "custom"
    if BRAND_STYLESHEET not in config.extra_css:
        config.extra_css.append(BRAND_STYLESHEET)
    return brand, card_font
