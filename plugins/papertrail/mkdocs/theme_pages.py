"""Generated pages written by the plugin through the theme's templates, on every core.

MkDocs renders every page first and writes them all afterwards, so it holds every
page of a build in memory until the end, and renders them one at a time. Generated
pages do not go through it at all:

- In MkDocs' file list a generated page is a :class:`GeneratedFile`: links from
  ``docs/`` and the navigation resolve to it, but it is not a documentation page to
  MkDocs, so MkDocs neither reads, renders, copies nor writes it.
- Once MkDocs has read ``docs/`` (``on_env``: the theme's template environment and the
  navigation exist), :func:`write_pages` renders each generated page through the
  theme's own template (``main.html``, or the page's ``template``) with the context
  MkDocs gives its own pages, and writes it as soon as it is made, in one worker
  process per core (forked, so each starts with the build's pages, templates and
  navigation without copying them), or in this process for a few pages.
- Only ``docs/`` pages, a handful, are MkDocs' own, so the sitemap MkDocs writes lacks
  the generated pages: :func:`write_sitemap` writes it again from the theme's
  ``sitemap.xml`` template with every page.

Other plugins' page events (``on_page_markdown`` … ``on_post_page``) do not run for
generated pages; ``on_files``, ``on_nav``, ``on_env`` and ``on_post_build`` see them
as files.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import json
import logging
import os
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.toc import get_toc

from papertrail.content.workers import chunked, fork_chunks, worker_count
from papertrail.content.writing import atomic_output
from papertrail.mkdocs.engine_support import ENGINE_LOGGERS
from papertrail.mkdocs.page_outputs import Output, PageOutputs
from papertrail.render.pages import Heading, RenderedPage, pack_html, theme_meta, unpack_html

# Below this many pages to render, forking workers costs more than it saves: a
# preview's process at 5,000 stories takes about 0.25 s to fork and start two workers,
# the time of some 70 pages here (a reload that wrote 96 pages: 0.6-0.7 s forked,
# 0.37-0.41 s in this process; 135 pages: 0.52 s forked, 0.63 s here).
FEW_PAGES = 128
# Pages a worker takes at a time: small enough that both cores finish together.
PAGES_A_TASK = 32


class GeneratedFile(File):
    """A generated page in MkDocs' file list: a target for links and the navigation only.

    Workaround of MkDocs internals: MkDocs reads, renders and writes every file that
    says it is a documentation page, and copies every other; this one says it is
    neither, and :func:`write_pages` writes it. Its destination and URL are a
    documentation page's, fixed when it is made.
    """

    def __init__(self, config: MkDocsConfig, path: str, edit_uri: str | None) -> None:
        page_file = File(path, None, config.site_dir, config.use_directory_urls)
        super().__init__(
            path,
            None,
            config.site_dir,
            config.use_directory_urls,
            dest_uri=page_file.dest_uri,
            inclusion=InclusionLevel.NOT_IN_NAV,  # reached from index pages, not listed in the sidebar
        )
        self.generated_by = "papertrail"
        self.edit_uri = edit_uri

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def is_media_file(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: :func:`write_pages` writes the page."""


def engine_of(config: MkDocsConfig) -> ModuleType:
    """The engine running the build (``mkdocs`` or ``properdocs``), for its own page context.

    Workaround of engine internals: ProperDocs is a copy of MkDocs under another name,
    not an alias; the page context and ``Page`` must be the running engine's.
    """
    return importlib.import_module(type(config).__module__.split(".")[0])


def output_key(site: str, file: File, page: RenderedPage) -> str:
    """The key of ``page``'s output: the page, its addresses and the site's digest."""
    digest = hashlib.blake2b(page.packed, digest_size=20)
    for part in (site, page.path, file.dest_uri, file.url, str(file.edit_uri), page.title, page.description):
        digest.update(f"\0{part}".encode("utf-8", "surrogatepass"))
    for heading in page.toc:
        digest.update(f"\0{heading.level}{heading.id}\0{heading.title}".encode("utf-8", "surrogatepass"))
    digest.update(json.dumps(page.meta, sort_keys=True, default=str).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class OutputKeys:
    """:func:`output_key` of each page, kept while the page is the same object with the
    same addresses (a preview's reload keeps most pages: their keys are not hashed again)."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[RenderedPage, tuple[str, ...], str]] = {}
        self._now: dict[str, tuple[RenderedPage, tuple[str, ...], str]] = {}

    def key(self, site: str, file: File, page: RenderedPage) -> str:
        where = (site, file.dest_uri, file.url, str(file.edit_uri))
        last = self._last.get(page.path)
        if last is not None and last[0] is page and last[1] == where:
            key = last[2]
        else:
            key = output_key(site, file, page)
        self._now[page.path] = (page, where, key)
        return key

    def end_build(self) -> None:
        """Keep this build's keys for the next, and forget the rest."""
        self._last, self._now = self._now, {}


@dataclass(frozen=True)
class PageJob:
    """Everything the workers need to write generated pages (inherited when they fork).

    Attributes:
        config: The build's configuration.
        env: The theme's template environment (after every plugin's ``on_env``).
        nav: The navigation.
        files: The build's files (generated pages among them).
        pages: The pages to write, with each one's output key and stored output (or None).
        outputs: Where stored outputs are read from (None without a page cache).
        doc_files: MkDocs' own pages, which MkDocs gives every page's context (listed
            once here: listing them per chunk of pages went over every file each time).
    """

    config: MkDocsConfig
    env: jinja2.Environment
    nav: Navigation
    files: Files
    pages: Sequence[tuple[RenderedPage, str, Output | None]]
    outputs: PageOutputs | None
    doc_files: Sequence[File] = ()


@dataclass(frozen=True)
class Written:
    """One page written.

    Attributes:
        path: The page's path.
        key: Its output key.
        output: Its new output, compressed, when rendered and to be kept (None when
            the stored output was written, or when the page warned).
        reused: Whether the stored output was written.
        messages: What the engine logged while the page rendered: (logger, level, text).
    """

    path: str
    key: str
    output: bytes | None
    reused: bool = False
    messages: tuple[tuple[str, int, str], ...] = ()


@dataclass(frozen=True)
class WriteCounts:
    """What the last build did with its generated pages.

    Attributes:
        rendered: Pages rendered through the theme.
        reused: Pages written from their stored output.
        unchanged: Pages not written at all (a ``--dirty`` build: their file is right).
    """

    rendered: int = 0
    reused: int = 0
    unchanged: int = 0


def write_pages(job: PageJob, workers: int) -> list[Written]:
    """Write every page of ``job`` through the theme, on ``workers`` processes.

    Args:
        job: The pages and what renders them.
        workers: Worker processes; 0 for one per core (in this process for a few
            pages), 1 for this process only.

    Returns:
        What was written, in the order of ``job.pages``; the caller logs each page's
        messages again (a worker's logging goes nowhere else).
    """
    count = len(job.pages)
    workers = worker_count(workers, count, FEW_PAGES)
    if workers <= 1:
        return _write(job, range(count))
    chunks = chunked(range(count), PAGES_A_TASK, workers)
    return [written for part in fork_chunks(partial(_write, job), chunks, workers) for written in part]


def _write(job: PageJob, indexes: Sequence[int]) -> list[Written]:
    engine = engine_of(job.config)
    get_context: Callable[..., Any] = engine.commands.build.get_context
    page_class = engine.structure.pages.Page
    written = []
    for index in indexes:
        page, key, stored = job.pages[index]
        file = job.files.get_file_from_path(page.path)
        assert file is not None, f"{page.path} is in the build's files"
        data = job.outputs.read(stored) if stored is not None and job.outputs is not None else None
        if data is not None:
            try:
                output = unpack_html(data)
            except (zlib.error, UnicodeDecodeError):
                output = None  # a damaged cache file: the page is rendered instead
            if output is not None:
                _write_file(file.abs_dest_path, output.encode("utf-8", "xmlcharrefreplace"))
                written.append(Written(page.path, key, None, reused=True))
                continue
        with _captured() as messages:
            output = _render(job, page, file, page_class, get_context, job.doc_files)
        _write_file(file.abs_dest_path, output.encode("utf-8", "xmlcharrefreplace"))
        # A page that warned is not kept: it is rendered, and warns, again next build.
        keep = job.outputs is not None and not any(level >= logging.WARNING for _, level, _ in messages)
        written.append(Written(page.path, key, pack_html(output) if keep else None, messages=tuple(messages)))
    return written


def _render(
    job: PageJob,
    page: RenderedPage,
    file: File,
    page_class: type,
    get_context: Callable[..., Any],
    doc_files: Sequence[File],
) -> str:
    """The theme's output for ``page``, as MkDocs renders its own pages (``_build_page``)."""
    in_nav = file.page is not None  # navigation entries have their Page already
    mk_page: Any = file.page if file.page is not None else page_class(None, file, job.config)
    mk_page.markdown = ""  # no Markdown: the title comes from the metadata
    mk_page.meta = theme_meta(page)
    mk_page.content = page.html
    mk_page.toc = get_toc(_toc_tokens(page.toc))
    mk_page.active = True
    job.config._current_page = mk_page
    try:
        context = get_context(job.nav, doc_files, job.config, mk_page)
        template = job.env.get_template(mk_page.meta.get("template", "main.html"))
        return str(template.render(context))
    finally:
        mk_page.active = False
        mk_page.content = None
        job.config._current_page = None
        if not in_nav:
            file.page = None  # not kept: the next page's turn


def _write_file(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(data)


class _Collect(logging.Handler):
    def __init__(self, messages: list[tuple[str, int, str]]) -> None:
        super().__init__(logging.DEBUG)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.messages.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def _captured() -> Iterator[list[tuple[str, int, str]]]:
    """The engine's log lines while a page renders, collected instead of printed."""
    messages: list[tuple[str, int, str]] = []
    loggers = [logging.getLogger(name) for name in ENGINE_LOGGERS]
    saved = [logger.handlers[:] for logger in loggers]
    for logger in loggers:
        logger.handlers = [_Collect(messages)]
    try:
        yield messages
    finally:
        for logger, handlers in zip(loggers, saved, strict=True):
            logger.handlers = handlers


def _toc_tokens(headings: tuple[Heading, ...]) -> list[Any]:
    """Headings as the nested tokens ``mkdocs.structure.toc.get_toc`` reads: each under
    the nearest heading before it of a higher level."""
    top: list[dict[str, Any]] = []
    open_: list[tuple[int, dict[str, Any]]] = []  # the headings a next one may go under
    for heading in headings:
        token = {"level": heading.level, "id": heading.id, "name": str(escape(heading.title)), "children": []}
        while open_ and open_[-1][0] >= heading.level:
            open_.pop()
        (open_[-1][1]["children"] if open_ else top).append(token)
        open_.append((heading.level, token))
    return top


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
        sitemap = Sitemap(key, output, timestamp)
    if not sitemap.output.strip():
        return sitemap
    path = Path(config.site_dir) / "sitemap.xml"
    with atomic_output(path) as out:
        out.write(sitemap.output.encode("utf-8"))
    gz_path = path.with_name("sitemap.xml.gz")
    with (
        atomic_output(gz_path) as out,
        gzip.GzipFile(fileobj=out, filename=str(gz_path), mode="wb", mtime=sitemap.timestamp) as gz,
    ):
        gz.write(sitemap.output.encode("utf-8"))
    return sitemap


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
