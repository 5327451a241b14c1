"""What the plugin keeps from one build to the next, and the folder it is saved in.

Three stores: the build cache (parsed files and derived work, see
:mod:`papertrail.content.cache`), the theme's output of each generated page (see
:mod:`papertrail.mkdocs.page_outputs`) and the sharing cards (see
:mod:`papertrail.build.cards`). A preview keeps them in memory between reloads; a
build starts from what the last one saved in the cache folder and saves them again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from papertrail.build.cards import CardStore
from papertrail.content.cache import BuildCache
from papertrail.content.cache_files import CacheFileError, cache_folder_problem
from papertrail.mkdocs.page_outputs import PageOutputs
from papertrail.render.pages import SAVED_TABLES

# Its messages name the plugin themselves ("papertrail: …"), as the adapter's other
# modules do: MkDocs' prefixing logger would name it twice.
log = logging.getLogger("mkdocs.plugins.papertrail")


@dataclass
class PluginCaches:
    """The plugin's stores between builds (None: not caching)."""

    folder: Path | None = None
    build: BuildCache | None = None
    outputs: PageOutputs | None = None
    cards: CardStore = field(default_factory=CardStore)

    def configure(self, project: Path, folder: str | None) -> None:
        """Open the stores for a build of ``project``: from the folder ``folder`` (below
        the project) the first time, as they are on every later build of this process
        (a preview's reloads); ``folder`` None: no cache at all."""
        if folder is None:
            self.folder, self.build, self.outputs = None, None, None
            if not self.cards.own:
                self.cards = CardStore()
            return
        if self.build is not None and self.outputs is not None:
            return
        # First build of this process: start from what the last one saved.
        self.folder = project / folder
        refused = cache_folder_problem(project, self.folder)
        if refused:  # kept in memory only: nothing read from or written there
            log.info("papertrail: not caching in %s: %s", self.folder, refused)
            self.folder = None
        self.build, self.outputs = BuildCache(), PageOutputs()
        self.cards.close()
        self.cards = CardStore(self.folder / "cards" if self.folder is not None else None)
        if self.folder is not None:
            try:
                self.build = BuildCache.load(self.folder, SAVED_TABLES)
            except CacheFileError as error:
                log.info("papertrail: ignoring the build cache in %s: %s", self.folder, error)
            try:
                self.outputs = PageOutputs.load(self.folder)
            except CacheFileError as error:
                log.info("papertrail: ignoring the page cache in %s: %s", self.folder, error)

    def let_go_of_the_build_cache(self) -> None:
        """Save the build cache and hold it no more (a build that needs the content no
        more: its memory goes with it)."""
        self.build, cache = None, self.build
        if cache is not None:
            cache.sweep()
            self.save(cache)

    def save(self, cache: BuildCache | PageOutputs | None) -> None:
        """Save ``cache`` (one of the stores) in the folder, if there is one."""
        if self.folder is None or cache is None:
            return
        try:
            if isinstance(cache, BuildCache):
                cache.save(self.folder, SAVED_TABLES)
            else:
                cache.save(self.folder)
        except OSError as error:  # a read-only checkout still builds, just not faster next time
            log.info("papertrail: could not save the build cache in %s: %s", self.folder, error)
