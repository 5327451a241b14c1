"""What a preview keeps of its last build's files, so that a reload makes only what changed.

``mkdocs serve --dirty`` (as ``make serve`` runs it) keeps the site folder between
reloads. MkDocs still writes every file made from text on every build, and the plugin
made a ``File`` for every generated page: at 5,000 stories 1,667 topic feeds written
and 13,000 files made on each reload, for an edit that changed a handful of pages.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from papertrail.mkdocs.theme_pages import GeneratedFile
from papertrail.render.site import Asset

_FileKey = tuple[str, str | None, str, bool]


class PresentFiles:
    """Whether a file is in a --dirty preview's site folder: looked at once, trusted after.

    The folder is the preview's own (``mkdocs serve`` builds into a temporary folder of
    its own, and only this process writes there), so a file found there stays there; a
    reload at 5,000 stories looked at 13,000 pages, 5,000 cards and 1,700 feeds again
    (a fifth of a second).
    """

    def __init__(self) -> None:
        self._found: set[str] = set()

    def __call__(self, path: str) -> bool:
        if path in self._found:
            return True
        if os.path.isfile(path):
            self._found.add(path)
            return True
        return False


class KeptFiles:
    """The last build's generated page files and feeds, for a preview's next build."""

    def __init__(self, preview: bool = False, dirty: bool = False) -> None:
        self.preview, self.dirty = preview, dirty
        self._pages: dict[_FileKey, GeneratedFile] = {}
        self._feeds: dict[str, str] = {}
        self.present = PresentFiles()  # what a --dirty preview's site folder holds

    def page_files(self, config: MkDocsConfig, pages: list[tuple[str, str | None]]) -> list[GeneratedFile]:
        """The file of each generated page (its path and edit link): in a preview, the
        last build's while its path, edit link and site folder are the same."""
        if not self.preview:
            return [GeneratedFile(config, path, edit) for path, edit in pages]
        kept, self._pages = self._pages, {}
        made = []
        for path, edit in pages:
            key = (path, edit, config.site_dir, config.use_directory_urls)
            file = kept.get(key) or GeneratedFile(config, path, edit)
            self._pages[key] = file
            made.append(file)
        return made

    def add_feeds(self, files: Files, config: MkDocsConfig, feeds: list[Asset]) -> None:
        """Add ``feeds`` to ``files``, but in a --dirty preview those it wrote last time as
        they are now and that are still in the site folder."""
        kept, self._feeds = self._feeds, {}
        for feed in feeds:
            self._feeds[feed.path] = feed.text
            if (
                self.preview
                and self.dirty
                and kept.get(feed.path) == feed.text
                and self.present(os.path.join(config.site_dir, feed.path))
            ):
                continue
            files.append(File.generated(config, feed.path, content=feed.text))
