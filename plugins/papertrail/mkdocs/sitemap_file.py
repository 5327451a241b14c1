"""The sitemap written again with every page, generated pages included (see
:mod:`papertrail.mkdocs.theme_pages`)."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from papertrail.content.writing import atomic_output
from papertrail.mkdocs.theme_pages import GeneratedFile, engine_of


def _address(file: File) -> str:
    page: Any = file.page
    return str(page.canonical_url or page.abs_url or file.url)


@dataclass(frozen=True)
class Sitemap:
    """A sitemap as written, and what it was written from (so a reload that changes
    no address writes it without rendering it again)."""

    key: tuple[object, ...]
    output: str
    timestamp: int
    # Its ``.gz``, compressed once: at 5,000 stories the sitemap is 1.7 MB, and a
    # preview's reload compressed it again each time (tens of milliseconds) to write the
    # same bytes.
    gz: bytes = b""


def write_sitemap(
    config: MkDocsConfig, env: jinja2.Environment, nav: Navigation, files: Files, last: Sitemap | None = None
) -> Sitemap | None:
    """Write ``sitemap.xml`` (and ``.gz``) again from the theme's template, generated pages included.

    Workaround of MkDocs internals: MkDocs writes the sitemap from its documentation
    pages, which generated pages are not (see :class:`GeneratedFile`); this is its
    ``_build_theme_template`` for the one template, with every page. ``last`` is the
    sitemap this returned in the last build of a preview: when the site's address, its
    pages' addresses and the build's date are the same, its output is written again.
    """
    try:
        template = env.get_template("sitemap.xml")
    except jinja2.TemplateNotFound:
        return None  # a theme without a sitemap
    engine = engine_of(config)
    listed = [f for f in files if isinstance(f, GeneratedFile) or f.is_documentation_page()]
    key = (config.site_url, engine.utils.get_build_date(), tuple(sorted(f.url for f in listed)))
    if last is not None and last.key == key:
        sitemap = last
    else:
        output, timestamp = _render_sitemap(config, template, nav, listed)
        sitemap = Sitemap(key, output, timestamp, _gzipped(output, timestamp))
    if not sitemap.output.strip():
        return sitemap
    path = Path(config.site_dir) / "sitemap.xml"
    with atomic_output(path) as out:
        out.write(sitemap.output.encode("utf-8"))
    with atomic_output(path.with_name("sitemap.xml.gz")) as out:
        out.write(sitemap.gz)
    return sitemap


def _gzipped(output: str, timestamp: int) -> bytes:
    """``output`` as MkDocs writes ``sitemap.xml.gz``: its file name and the build's time
    in the header, so that the bytes are the same in every build of the same pages."""
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, filename="sitemap.xml.gz", mode="wb", mtime=timestamp) as gz:
        gz.write(output.encode("utf-8"))
    return packed.getvalue()


def _render_sitemap(
    config: MkDocsConfig, template: jinja2.Template, nav: Navigation, pages: list[File]
) -> tuple[str, int]:
    engine = engine_of(config)
    page_class = engine.structure.pages.Page
    made = []
    for file in pages:
        if file.page is None:
            page_class(None, file, config)
            made.append(file)
    # Ordered by address, so that the sitemaps of a build's shards merge into the whole
    # build's (papertrail.build.shards.merge_sitemaps).
    pages.sort(key=_address)
    try:
        output = str(template.render(engine.commands.build.get_context(nav, pages, config, base_url=".")))
        # Dated as MkDocs dates it: its pages' latest update (the build's day).
        timestamp = engine.utils.get_build_timestamp(pages=[f.page for f in pages if f.page is not None])
    finally:
        for file in made:
            file.page = None
    return output, timestamp
