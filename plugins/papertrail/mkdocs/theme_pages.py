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
  the generated pages: :func:`papertrail.mkdocs.sitemap_file.write_sitemap` writes it
  again from the theme's ``sitemap.xml`` template with every page.

Other plugins' page events (``on_page_markdown`` … ``on_post_page``) do not run for
generated pages; ``on_files``, ``on_nav``, ``on_env`` and ``on_post_build`` see them
as files.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from types import ModuleType
from typing import Any

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.toc import get_toc

from papertrail.build.search import WrittenPage, page_date
from papertrail.content.workers import chunked, fork_chunks, worker_count
from papertrail.mkdocs.engine_support import ENGINE_LOGGERS
from papertrail.mkdocs.page_outputs import Output, OutputKeys, PageOutputs, output_key
from papertrail.mkdocs.theme_fragments import PLACE, Fragments, can_keep, install, linked_paths
from papertrail.render.packed_html import PackedHtmlError, pack_html, unpack_html
from papertrail.render.pages import Heading, RenderedPage, theme_meta

# Below this many pages to render, forking workers costs more than it saves (see few_pages).
FEW_PAGES = 128
# ... and below this share of the site's pages.
FEW_PAGES_SHARE = 40
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


@dataclass(frozen=True)
class PageJob:
    """Everything the workers need to write generated pages (inherited when they fork).

    Attributes:
        config: The build's configuration.
        env: The theme's template environment (after every plugin's ``on_env``).
        nav: The navigation.
        files: The build's files (generated pages among them).
        pages: The pages to write, with each one's output key ("": the worker writing
            it works it out) and stored output (or None).
        outputs: Where stored outputs are read from (None without a page cache).
        doc_files: MkDocs' own pages, which MkDocs gives every page's context (listed
            once here: listing them per chunk of pages went over every file each time).
        site: The site's digest, part of every output key.
        fragments: The theme's parts that pages at the same place share (see
            theme_fragments.py); None: every page renders all of its own.
    """

    config: MkDocsConfig
    env: jinja2.Environment
    nav: Navigation
    files: Files
    pages: Sequence[tuple[RenderedPage, str, Output | None]]
    outputs: PageOutputs | None
    doc_files: Sequence[File] = ()
    site: str = ""
    fragments: Fragments | None = None


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
        file: Its file as written, for search (:class:`~papertrail.build.search.WrittenPage`).
    """

    path: str
    key: str
    output: bytes | None
    reused: bool = False
    messages: tuple[tuple[str, int, str], ...] = ()
    file: WrittenPage | None = None


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


def few_pages(site_pages: int) -> int:
    """Below how many pages to write forking workers costs more than it saves, in a
    site of ``site_pages`` generated pages.

    Forking costs in proportion to what the build's process holds, and that grows with
    the site. A preview at 5,000 stories (13,500 pages) took about 0.25 s to fork and
    start two workers, the time of some 70 pages here; a reload that wrote 96 pages took
    0.6-0.7 s forked and 0.37-0.41 s in this process, one that wrote 135 pages 0.68-0.94 s
    forked and 0.39-0.59 s here (alternated runs). So at least :data:`FEW_PAGES`, and a
    :data:`FEW_PAGES_SHARE`-th of the site's pages (339 at 5,000 stories).
    """
    return max(FEW_PAGES, site_pages // FEW_PAGES_SHARE)


def write_pages(job: PageJob, workers: int, few: int = FEW_PAGES) -> list[Written]:
    """Write every page of ``job`` through the theme, on ``workers`` processes.

    Args:
        job: The pages and what renders them.
        workers: Worker processes; 0 for one per core (in this process for fewer than
            ``few`` pages), 1 for this process only.
        few: Below this many pages, forking costs more than it saves.

    Returns:
        What was written, in the order of ``job.pages``; the caller logs each page's
        messages again (a worker's logging goes nowhere else).
    """
    count = len(job.pages)
    workers = worker_count(workers, count, few)
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
        key = key or output_key(job.site, file, page)
        data = job.outputs.read(stored) if stored is not None and job.outputs is not None else None
        if data is not None:
            try:
                output = unpack_html(data)
            except PackedHtmlError:
                output = None  # a damaged cache file: the page is rendered instead
            if output is not None:
                on_disk = _write_file(file, output.encode("utf-8", "xmlcharrefreplace"))
                written.append(Written(page.path, key, None, reused=True, file=on_disk))
                continue
        with _captured() as messages:
            output = _render(job, page, file, page_class, get_context, job.doc_files)
        on_disk = _write_file(file, output.encode("utf-8", "xmlcharrefreplace"))
        # A page that warned is not kept: it is rendered, and warns, again next build.
        keep = job.outputs is not None and not any(level >= logging.WARNING for _, level, _ in messages)
        output_kept = pack_html(output) if keep else None
        written.append(Written(page.path, key, output_kept, messages=tuple(messages), file=on_disk))
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
        if job.fragments is not None and not in_nav:
            context[PLACE] = job.fragments.place(mk_page.url, mk_page.meta.get("hide"), page.toc)
        template = job.env.get_template(mk_page.meta.get("template", "main.html"))
        return str(template.render(context))
    finally:
        mk_page.active = False
        mk_page.content = None
        job.config._current_page = None
        if not in_nav:
            file.page = None  # not kept: the next page's turn


def _write_file(file: File, data: bytes) -> WrittenPage:
    """Write ``data`` as ``file``'s page, and say what search needs of it: its stamp as
    written and the date it is filed under (found here, in the bytes in memory, the
    search's end of the build reads no page it wrote: see build/search.py)."""
    path = file.abs_dest_path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(data)
        info = os.fstat(stream.fileno())
    return WrittenPage(file.dest_uri, info.st_size, info.st_mtime_ns, page_date(data))


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


def write_generated(
    pages: Collection[RenderedPage],
    job: PageJob,
    keys: OutputKeys,
    *,
    site: str,
    own: frozenset[str] | None,
    dirty: bool,
    present: Callable[[str], bool],
    workers: int,
    files_written: dict[str, WrittenPage] | None = None,
) -> WriteCounts:
    """Write ``pages`` through the theme: each page's stored output while its key holds,
    else rendered, on every core; in a ``--dirty`` build a page whose key holds and
    whose file is there is not written at all.

    Args:
        pages: The generated pages.
        job: What renders them (its ``pages`` are filled in here).
        keys: The output keys of the last build, kept for the next.
        site: The site's digest (part of every key).
        own: The pages a shard build writes (None: all).
        dirty: A ``--dirty`` build.
        present: Whether a file is in the site folder already.
        workers: Processes, as :func:`write_pages` takes them.
        files_written: Filled with each page written, by its file in the site.
    """
    outputs = job.outputs
    install(job.env)
    # New each build: the navigation and settings the kept parts show may have changed.
    url_filter = engine_of(job.config).utils.templates.url_filter
    job = replace(job, fragments=Fragments(linked_paths(job.config, job.nav), can_keep(job.env, url_filter)))
    jobs: list[tuple[RenderedPage, str, Output | None]] = []
    skipped = 0
    known = job.files.src_uris
    for page in pages:
        if own is not None and page.path not in own:
            continue  # another shard's (home and the indexes are rendered by every shard)
        file = known.get(page.path)
        assert file is not None
        if dirty and outputs is not None:
            # A reload: most pages are the last build's objects, with the same files.
            carried = keys.carried(site, file, page)
            stored = outputs.output(page.path, carried) if carried is not None else None
            if carried is not None and stored is not None:
                # Written (or found) by the build that stored it, in the preview's own folder.
                outputs.keep(page.path, carried, stored)
                skipped += 1
                continue
        key = keys.kept(site, file, page)
        if key is None and outputs is not None and outputs.holds(page.path):
            key = output_key(site, file, page)  # to compare with the stored output's
        if key is None:
            # No output of the page to compare: it is rendered, and the worker writing it
            # works its key out (a cold build's 13,000 keys at 5,000 stories were 0.9 s
            # here while the other core waited).
            jobs.append((page, "", None))
            continue
        keys.remember(site, file, page, key)
        stored = outputs.output(page.path, key) if outputs is not None else None
        if stored is not None and dirty and present(file.abs_dest_path):
            assert outputs is not None
            outputs.keep(page.path, key, stored)
            skipped += 1
            continue
        jobs.append((page, key, stored))
    reused = 0
    try:
        for (page, key, _), written in zip(
            jobs,
            write_pages(replace(job, pages=jobs, site=site), workers, few_pages(len(pages))),
            strict=True,
        ):
            if not key:
                file = known.get(page.path)
                assert file is not None
                keys.remember(site, file, page, written.key)
            for name, level, message in written.messages:
                logging.getLogger(name).log(level, message)
            if files_written is not None and written.file is not None:
                files_written[written.file.path] = written.file
            if outputs is None:
                continue
            if written.reused:
                reused += 1
                stored = outputs.output(written.path, written.key)
                assert stored is not None
                outputs.keep(written.path, written.key, stored)
            elif written.output is not None:
                outputs.keep(written.path, written.key, written.output)
    finally:
        keys.end_build()
    return WriteCounts(len(jobs) - reused, reused, skipped)
