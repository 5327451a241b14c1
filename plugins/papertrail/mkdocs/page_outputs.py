"""The theme's output for each generated page, kept for the next build (adapter side).

Material's templates cost a few milliseconds a page, and after a one-word edit most
pages come out exactly as before. Each generated page's written output is kept
under a key of everything it depends on: the finished page (its HTML, headings,
title, description and metadata), its path, URL and edit link, and the site's
digest (``mkdocs.yml`` and what it resolves to, the navigation, the theme's template
files, the versions of the packages that render, our own code; see
:func:`site_digest`). While the key is the same, the stored output is written as it
is; a page whose render logged a warning is never stored, so it warns every build.

The outputs are plain data on disk (see :mod:`papertrail.content.cache_files`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section

from papertrail.content.cache import code_digest
from papertrail.content.cache_files import (
    decode_bytes,
    encode_bytes,
    expect,
    read_cache_file,
    write_cache_file,
)

PAGE_CACHE_FILE = "pages.json"
PAGE_CACHE_FORMAT = 5  # 5: the theme's output of generated pages only, written by the plugin
RENDERING_PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "pymdown-extensions", "papertrail")


@dataclass
class PageOutputs:
    """Stored outputs by page path, as ``(key, compressed output)``; this build's in ``pending``."""

    stored: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    pending: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    site: str = ""

    def begin(self, site: str) -> None:
        """Start a build of a site whose :func:`site_digest` is ``site`` (another site keeps nothing)."""
        if site != self.site:
            self.stored.clear()
        self.site = site
        self.pending = {}

    def output(self, path: str, key: str) -> bytes | None:
        """The stored compressed output of ``path`` if it was made under ``key``."""
        stored = self.stored.get(path)
        return stored[1] if stored is not None and stored[0] == key else None

    def keep(self, path: str, key: str, output: bytes) -> None:
        """Keep ``path``'s compressed output, made under ``key``, from this build."""
        self.pending[path] = (key, output)

    def commit(self) -> None:
        """The build succeeded: keep what it wrote, drop pages it no longer has."""
        self.stored = self.pending
        self.pending = {}

    def save(self, folder: Path) -> None:
        """Write the stored outputs to ``folder`` as plain data."""
        pages = {path: [key, encode_bytes(output)] for path, (key, output) in self.stored.items()}
        write_cache_file(
            folder / PAGE_CACHE_FILE,
            "papertrail page cache",
            PAGE_CACHE_FORMAT,
            {"site": self.site, "pages": pages},
        )

    @classmethod
    def load(cls, folder: Path) -> PageOutputs:
        """The outputs saved in ``folder``, or none if there are none or they do not fit.

        Raises:
            CacheFileError: A file is there but not to be used (the caller says so and goes on).
        """
        data = read_cache_file(folder / PAGE_CACHE_FILE, "papertrail page cache", PAGE_CACHE_FORMAT)
        if data is None:
            return cls()
        data = expect(data, dict, "page cache")
        stored = {}
        for path, value in expect(data.get("pages"), dict, "pages").items():
            key, output = expect(value, list, "stored page")
            stored[expect(path, str, "page")] = (expect(key, str, "key"), decode_bytes(output))
        return cls(stored, site=expect(data.get("site"), str, "site"))


def site_digest(config: MkDocsConfig, nav: Navigation) -> str:
    """Everything besides a generated page itself that the theme's output of it depends on."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(str(part).encode("utf-8", "surrogatepass"))
            digest.update(b"\0")

    if config.config_file_path and Path(config.config_file_path).is_file():
        digest.update(Path(config.config_file_path).read_bytes())
    # Values mkdocs.yml resolves from the environment (!ENV) or plugins set. Objects
    # print with their address, which is not content: they are named by their type.
    add(
        config.site_name,
        config.site_url,
        config.repo_url,
        config.repo_name,
        config.edit_uri,
        config.use_directory_urls,
        config.copyright,
        json.dumps(config.extra, sort_keys=True, default=_plain),
        json.dumps([str(p) for p in config.extra_css]),
        json.dumps([str(p) for p in config.extra_javascript]),
        json.dumps(dict(config.theme.items()), sort_keys=True, default=_plain),
        list(config.plugins),
        sys.version_info[:3],
    )
    for name in RENDERING_PACKAGES:
        try:
            add(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            add(name, None)
    # The templates, by their bytes (an install or a checkout sets new file times).
    for folder in config.theme.dirs:
        for root, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                if name.endswith((".html", ".xml", ".yml")):
                    path = os.path.join(root, name)
                    add(os.path.relpath(path, folder))
                    with open(path, "rb") as stream:
                        digest.update(stream.read())
    # Our own code renders too (a development checkout edits it in place).
    add(code_digest())
    _add_nav(add, nav.items)
    return digest.hexdigest()


def _plain(value: object) -> str:
    return type(value).__qualname__ if type(value).__repr__ is object.__repr__ else str(value)


def _add_nav(add: Callable[..., None], items: Iterable[Any]) -> None:
    for item in items:
        if isinstance(item, Section):
            add("section", item.title)
            _add_nav(add, item.children)
        elif isinstance(item, Link):
            add("link", item.title, item.url)
        else:  # a page: its title may come from its own Markdown, then so does the digest
            title = item.title
            if title is None and item.file is not None:
                title = hashlib.blake2b(item.file.content_bytes, digest_size=16).hexdigest()
            add("page", title, item.url)
