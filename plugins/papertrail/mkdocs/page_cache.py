"""Reusing MkDocs' work for pages whose Markdown has not changed (adapter side).

MkDocs renders every page on every build: Python-Markdown and the theme's template
cost about 15 ms a page, so a 1,000-story site
takes a minute to rebuild after a one-word edit. Most pages come out exactly as
before. This module remembers, per page, what MkDocs made of it, under a key of
everything the output depends on:

- the page's final Markdown (after every ``on_page_markdown`` hook), its path,
  URL, edit link and inclusion level;
- the site: ``mkdocs.yml`` and the configuration values it resolves to, the
  navigation (titles and URLs), the theme's template files and the versions of the
  packages that render (see :func:`site_digest`).

On a hit the page's ``render`` is replaced by one restoring the HTML, table of
contents and anchors, and the template becomes one that prints the stored output;
every other hook runs as usual.
A page whose render logged a warning is never stored, so it warns on every build.
A stored page that links to a file that has since gone (or appeared) is rendered
afresh, so MkDocs' link checks see it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from papertrail.content.cache import code_digest
from papertrail.content.cache_files import (
    decode_bytes,
    encode_bytes,
    expect,
    read_cache_file,
    write_cache_file,
)
from papertrail.mkdocs.page_memory import PackedOutput
from papertrail.render.pages import pack_html, unpack_html

log = logging.getLogger("mkdocs.plugins.papertrail")

# The template a stored page is "rendered" with: it prints the stored output.
CACHED_TEMPLATE = "papertrail-cached.html"
PAGE_CACHE_FILE = "pages.json"
PAGE_CACHE_FORMAT = 4  # 4: no search entries (Pagefind indexes the written pages)
RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "papertrail")

# Links to other documents in Markdown or HTML; a stored page is only valid while
# the documents it links to exist as they did.
_MD_LINK = re.compile(
    r"\]\(\s*<?([^)\s>]+?\.md)(?:#[^)\s>]*)?>?(?:\s[^)]*)?\)"  # [text](path.md#anchor "title")
    r"|href=\"([^\"#]+?\.md)(?:#[^\"]*)?\""  # <a href="path.md#anchor">
)


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass
class StoredPage:
    """What MkDocs made of one page; the HTML compressed (it is most of the cache's size)."""

    key: str
    source_key: str
    html_z: bytes
    toc: list[dict[str, Any]]
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]]
    targets: dict[str, bool]
    output_z: bytes | None = None

    @property
    def html(self) -> str:
        return unpack_html(self.html_z)

    @property
    def output(self) -> str | None:
        return None if self.output_z is None else unpack_html(self.output_z)


@dataclass
class PageCache:
    """Stored pages by source path; pages of the current build wait in ``pending``."""

    stored: dict[str, StoredPage] = field(default_factory=dict)
    pending: dict[str, StoredPage] = field(default_factory=dict)
    site: str = ""
    hits: int = 0
    # For `mkdocs serve --dirty`: pages MkDocs may skip altogether, decided per build.
    may_skip: bool = False
    skipped: dict[str, bool] = field(default_factory=dict)
    files: Files | None = None

    def begin(self, site: str, files: Files, may_skip: bool = False) -> None:
        """Start a build of a site whose :func:`site_digest` is ``site``.

        Args:
            site: The site's digest.
            files: The build's files.
            may_skip: Whether MkDocs may skip unchanged pages (a ``--dirty`` build
                whose navigation titles do not depend on pages' own Markdown).
        """
        if site != self.site:
            self.stored.clear()
        self.site = site
        self.pending = {}
        self.hits = 0
        self.files = files
        self.may_skip = may_skip
        self.skipped = {}

    def is_current(self, file: File) -> bool:
        """Whether the page written last build is still right, so MkDocs need not touch it.

        Asked through ``File.is_modified`` in ``--dirty`` builds only. True when the
        page's source, path, URL and edit link, the site digest and the documents it
        links to are as they were and its output file is still there; the stored
        render then counts as this build's.
        """
        uri = file.src_uri
        if uri in self.skipped:
            return self.skipped[uri]
        stored = self.stored.get(uri)
        current = (
            self.may_skip
            and self.files is not None
            and stored is not None
            and stored.output_z is not None
            and stored.source_key == _source_key(file, self.site)
            and _targets_unchanged(stored, self.files)
            and os.path.isfile(file.abs_dest_path)
        )
        if current:
            assert stored is not None
            self.pending[uri] = stored
            self.hits += 1
        self.skipped[uri] = current
        return current

    def commit(self) -> None:
        """The build succeeded: keep what it rendered, drop pages it no longer has."""
        self.stored = self.pending
        self.pending = {}

    # The hooks -------------------------------------------------------------

    def prepare(self, page: Page, markdown: str, files: Files) -> None:
        """Called with the page's final Markdown: reuse its stored render, or record the new one."""
        uri = page.file.src_uri
        key = _page_key(page, markdown, self.site)
        stored = self.stored.get(uri)
        if stored is not None and stored.key == key and _targets_unchanged(stored, files):
            self.hits += 1
            self.pending[uri] = stored
            page.render = _restorer(page, stored, files)  # type: ignore[method-assign, assignment]
            if stored.output_z is not None:
                page.meta["template"] = CACHED_TEMPLATE
                page.papertrail_output = PackedOutput(stored.output_z)  # type: ignore[attr-defined]
            return
        page.render = _recorder(page, key, _source_key(page.file, self.site), self)  # type: ignore[method-assign, assignment]

    def record_output(self, page: Page, output: str, clean: bool) -> None:
        """The template's output for a freshly rendered page (before other plugins change it)."""
        stored = self.pending.get(page.file.src_uri)
        if stored is None or stored.output_z is not None:
            return
        if clean:
            stored.output_z = pack_html(output)
        else:  # it warned: render it again next time, so that it warns again
            del self.pending[page.file.src_uri]

    # Saving ----------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the stored pages to ``folder`` as plain data (see :mod:`papertrail.content.cache_files`)."""
        pages = {uri: _encode_stored(stored) for uri, stored in self.stored.items()}
        write_cache_file(
            folder / PAGE_CACHE_FILE,
            "papertrail page cache",
            PAGE_CACHE_FORMAT,
            {"site": self.site, "pages": pages},
        )

    @classmethod
    def load(cls, folder: Path) -> PageCache:
        """The pages saved in ``folder``, or none if there are none or they do not fit.

        Raises:
            CacheFileError: A file is there but not to be used (the caller says so and goes on).
        """
        data = read_cache_file(folder / PAGE_CACHE_FILE, "papertrail page cache", PAGE_CACHE_FORMAT)
        if data is None:
            return cls()
        data = expect(data, dict, "page cache")
        pages = expect(data.get("pages"), dict, "pages")
        stored = {expect(uri, str, "page"): _decode_stored(value) for uri, value in pages.items()}
        return cls(stored, site=expect(data.get("site"), str, "site"))


def _encode_stored(page: StoredPage) -> dict[str, Any]:
    return {
        "key": page.key,
        "source_key": page.source_key,
        "html_z": encode_bytes(page.html_z),
        "toc": page.toc,
        "title": page.title,
        "anchors": sorted(page.anchors),
        "links_to_anchors": page.links_to_anchors,
        "targets": page.targets,
        "output_z": None if page.output_z is None else encode_bytes(page.output_z),
    }


def _decode_stored(data: Any) -> StoredPage:
    data = expect(data, dict, "stored page")
    title, output_z = data.get("title"), data.get("output_z")
    links = expect(data.get("links_to_anchors"), dict, "links")
    return StoredPage(
        key=expect(data.get("key"), str, "key"),
        source_key=expect(data.get("source_key"), str, "source key"),
        html_z=decode_bytes(data.get("html_z")),
        toc=[expect(entry, dict, "toc entry") for entry in expect(data.get("toc"), list, "toc")],
        title=None if title is None else expect(title, str, "title"),
        anchors={expect(a, str, "anchor") for a in expect(data.get("anchors"), list, "anchors")},
        links_to_anchors={
            expect(k, str, "link"): {
                expect(a, str, "anchor"): expect(b, str, "anchor")
                for a, b in expect(v, dict, "anchors").items()
            }
            for k, v in links.items()
        },
        targets={
            expect(k, str, "target"): expect(v, bool, "target")
            for k, v in expect(data.get("targets"), dict, "targets").items()
        },
        output_z=None if output_z is None else decode_bytes(output_z),
    )


def _page_key(page: Page, markdown: str, site: str) -> str:
    """The key of a page's final Markdown (after every plugin's ``on_page_markdown``)."""
    return _key(page.file, site, markdown.encode("utf-8", "surrogatepass"))


def _source_key(file: File, site: str) -> str:
    """The key of a page's source (before any plugin's ``on_page_markdown``)."""
    return _key(file, site, file.content_bytes)


def _key(file: File, site: str, body: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    parts = (site, file.src_uri, file.dest_uri, file.url, str(file.edit_uri), str(file.inclusion))
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(body)
    return digest.hexdigest()


def _targets_unchanged(stored: StoredPage, files: Files) -> bool:
    uris = files.src_uris  # a mapping MkDocs keeps until files change
    return all((uri in uris) == existed for uri, existed in stored.targets.items())


def _link_targets(page: Page, markdown: str, files: Files) -> dict[str, bool]:
    here = posixpath.dirname(page.file.src_uri)
    targets = {}
    for match in _MD_LINK.finditer(markdown):
        link = match.group(1) or match.group(2)
        if "://" in link or link.startswith(("/", "mailto:")):
            continue
        uri = posixpath.normpath(posixpath.join(here, link))
        targets[uri] = files.get_file_from_path(uri) is not None
    return targets


def _recorder(
    page: Page, key: str, source_key: str, cache: PageCache
) -> Callable[[MkDocsConfig, Files], None]:
    render = page.render

    def record(config: MkDocsConfig, files: Files) -> None:
        render(config, files)
        assert page.markdown is not None and page.content is not None
        cache.pending[page.file.src_uri] = StoredPage(
            key=key,
            source_key=source_key,
            html_z=pack_html(page.content),
            toc=_toc_tokens(page.toc),
            title=page._title_from_render,
            anchors=set(page.present_anchor_ids or ()),
            links_to_anchors={f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()},
            targets=_link_targets(page, page.markdown, files),
        )

    return record


def _restorer(page: Page, stored: StoredPage, files: Files) -> Callable[[MkDocsConfig, Files], None]:
    def restore(config: MkDocsConfig, files: Files) -> None:
        page.content = stored.html
        page.toc = get_toc(stored.toc)  # type: ignore[arg-type]
        page._title_from_render = stored.title
        page.present_anchor_ids = set(stored.anchors)
        links = {}
        for uri, anchors in stored.links_to_anchors.items():
            target = files.get_file_from_path(uri)
            if target is not None:
                links[target] = dict(anchors)
        page.links_to_anchors = links

    return restore


def _toc_tokens(toc: Iterable[AnchorLink]) -> list[dict[str, Any]]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in toc]


# The site's digest -----------------------------------------------------------------


def site_digest(config: MkDocsConfig, nav: Navigation) -> str:
    """Everything besides a page's own Markdown that its output depends on."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        for part in parts:
            # Objects in the configuration print with their address; that is not content.
            text = _ADDRESS.sub("", str(part))
            digest.update(text.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")

    if config.config_file_path and Path(config.config_file_path).is_file():
        digest.update(Path(config.config_file_path).read_bytes())
    # Values mkdocs.yml resolves from the environment (!ENV) or plugins set.
    add(
        config.site_name,
        config.site_url,
        config.repo_url,
        config.repo_name,
        config.edit_uri,
        config.use_directory_urls,
        config.copyright,
        json.dumps(config.extra, sort_keys=True, default=str),
        json.dumps(config.markdown_extensions, default=str),
        json.dumps(config.mdx_configs, sort_keys=True, default=str),
        json.dumps([str(p) for p in config.extra_css], default=str),
        json.dumps([str(p) for p in config.extra_javascript], default=str),
        json.dumps(dict(config.theme.items()), sort_keys=True, default=str),
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
