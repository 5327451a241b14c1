"""The plugin's options: what ``plugins: - papertrail:`` in ``mkdocs.yml`` may set.

The README's *Settings* table lists them with their defaults.
"""

from __future__ import annotations

from mkdocs.config import config_options
from mkdocs.config.base import Config

from papertrail.build.search import SHARD_PAGES
from papertrail.render.brand import DEFAULT_BRAND_COLOUR


class PapertrailConfig(Config):
    """Options under ``plugins: - papertrail:`` in ``mkdocs.yml``."""

    content_dir = config_options.Type(str, default="content")
    # Work kept between builds (parsed files, derived results, rendered pages): kept in
    # memory across `mkdocs serve` rebuilds, and in cache_dir for the next build.
    cache = config_options.Type(bool, default=True)
    cache_dir = config_options.Type(str, default=".cache/plugin/papertrail")
    # The web editor at /admin/ (see web_editor.py): where `make cms` vendors Decap
    # CMS ("" for no editor) and the GitHub backend's OAuth endpoint. Under `mkdocs
    # serve` it saves through the preview itself (editor_backend.py).
    web_editor = config_options.Type(str, default="")
    web_editor_auth_url = config_options.Type(str, default="")
    # Search in fragments (build/search.py): Pagefind indexes the written site after
    # each build; the theme's search dialog queries it. False: no search at all.
    search = config_options.Type(bool, default=True)
    # Pages per search shard (build/search.py): what one search costs a reader.
    search_shard_pages = config_options.Type(int, default=SHARD_PAGES)
    # The newsroom's colour for the header and links (render/brand.py), as hex; "" keeps
    # the theme's palette.
    brand_colour = config_options.Type(str, default=DEFAULT_BRAND_COLOUR)
    # The newsroom's font for sharing cards (render/card_text.py), a file in the
    # repository, tried before the Noto Sans Papertrail carries: for scripts it has not
    # (Chinese, Japanese, Arabic...) or the newsroom's own typeface. "" for none.
    card_font = config_options.Type(str, default="")
    # The newsroom's standards (render/standards.py): contact (an e-mail address),
    # standards and corrections (pages of docs/, like about.md#corrections).
    newsroom = config_options.Type(dict, default={})
    # Processes that render generated pages (build/render_workers.py) and write them
    # through the theme (theme_pages.py): 0 for one per core (this process alone for a
    # small site or a few pages), 1 for this process only.
    workers = config_options.Type(int, default=0)
