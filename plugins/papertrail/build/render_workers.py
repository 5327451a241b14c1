"""The site's pages rendered on every core (specs → HTML, prose, search fragments).

:func:`papertrail.render.site.site_parts` splits the site into independent parts (one
story's page, one topic's pages, one index); here they are rendered by one worker
process per core, forked so that each starts with the content, the analysis and the
build cache as they are, without copying them. The pages come back in the parts'
order, so the site is the same page for page as one rendered in one process; what
the workers found in or added to the build cache's keyed tables (finished pages by
their spec) goes back into the build's own cache, so the next build reuses it.

A preview renders in its own process: its reloads render a handful of pages, and
the results it derives (mentions, related stories) are kept in memory between
reloads, which a worker's would not be. Rendering in this process follows what each
part reads (:mod:`papertrail.render.reads`): a part whose reads all give the same as
in the last build keeps its pages, so a reload renders only what the edit touched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import cast

from papertrail.analysis.mentions import LinkIndex
from papertrail.analysis.results import Analysis
from papertrail.content.cache import BuildCache
from papertrail.content.model import Content
from papertrail.content.workers import chunked, fork_chunks, worker_count
from papertrail.render.pages import RenderedPage
from papertrail.render.read_views import view
from papertrail.render.reads import ReadIndex, Reads, guard_key, same
from papertrail.render.site import SitePart

# A SitePart of papertrail.render.site (a named tuple, which mypy does not take for
# a callable), or any callable that renders pages.
Part = SitePart | Callable[[], list[RenderedPage]]

# Below this many parts, forking costs more than it saves.
FEW_PARTS = 64
# Parts a worker takes at a time: small enough that the cores finish together.
PARTS_A_TASK = 24


def render_parts(
    parts: Sequence[Part],
    cache: BuildCache | None,
    workers: int = 1,
    meanwhile: Callable[[], object] | None = None,
) -> list[list[RenderedPage]]:
    """The pages of each of ``parts``, in their order, on ``workers`` processes.

    Args:
        parts: From :func:`papertrail.render.site.site_parts`.
        cache: The build cache the parts render with (workers' findings come back to it).
        workers: Processes; 0 for one per core (this one alone for a small site), 1 for
            this process only.
        meanwhile: Other work of the build for this process while the workers render
            (after the pages, when this process renders them).
    """
    workers = worker_count(workers, len(parts), FEW_PARTS)
    if workers <= 1:
        pages = [part() for part in parts] if cache is None else render_following(parts, cache)
        if meanwhile is not None:
            meanwhile()
        return pages
    results = fork_chunks(
        partial(_render_chunk, cache), chunked(parts, PARTS_A_TASK, workers), workers, meanwhile=meanwhile
    )
    pages = []
    for chunk_pages, lookups in results:
        if cache is None:
            pages += cast(list[list[RenderedPage]], chunk_pages)
            continue
        cache.adopt_keyed(lookups)
        pages += [
            [cast(RenderedPage, cache.peek(p.table, p.key)) if isinstance(p, _Found) else p for p in part]
            for part in chunk_pages
        ]
    return pages


@dataclass(frozen=True)
class _Found:
    """A page a worker found in the build cache, sent back as its key: the build's own
    cache holds the identical page (the worker's is a copy of it). Sent whole, each page
    of a warm build came back as a second copy (100 MB at 5,000 stories, its peak)."""

    table: str
    key: str


def _render_chunk(
    cache: BuildCache | None, parts: Sequence[Part]
) -> tuple[list[list[RenderedPage | _Found]], list[tuple[str, str, object | None]]]:
    if cache is not None:
        cache.record_keyed()
    pages = [part() for part in parts]
    if cache is None:
        return [list(part) for part in pages], []
    lookups = cache.take_keyed()
    found = {id(cache.peek(table, key)): _Found(table, key) for table, key, value in lookups if value is None}
    return [[found.get(id(page), page) for page in part] for part in pages], lookups


# What a part's renderer reads through: the content, the analysis and its link index
# (plain mappings reached from them are followed too).
VIEWED: tuple[type, ...] = (Content, Analysis, LinkIndex)


@dataclass(frozen=True)
class _Rendered:
    """A part's pages, with what it read and the finished pages it looked up."""

    bound: tuple[object, ...]
    reads: Reads
    lookups: tuple[tuple[str, str], ...]
    pages: list[RenderedPage]


def render_following(parts: Sequence[Part], cache: BuildCache) -> list[list[RenderedPage]]:
    """The pages of each of ``parts`` in this process, taking a part's pages from the last
    build when everything it read is the same (see :mod:`papertrail.render.reads`).

    Parts other than :class:`~papertrail.render.site.SitePart` are rendered each time.
    What is kept is the last build's parts, in memory (``cache.parts``), and the index
    of their reads (``cache.reads``): each read is made again once, whatever number of
    parts made it.
    """
    kept, index = cache.parts, cache.reads
    site_parts = [part for part in parts if isinstance(part, SitePart)]
    # The parts of one build share the content and the analysis they read.
    shared = {(id(part.content), id(part.analysis)) for part in site_parts}
    changed: set[str] | None = None
    if len(shared) == 1 and isinstance(index, ReadIndex):
        roots = {"content": site_parts[0].content, "analysis": site_parts[0].analysis}
        changed = index.changed(roots)
    else:
        index = cache.reads = ReadIndex()  # every part is rendered: nothing to compare with
    now: dict[str, object] = {}
    pages = []
    for part in parts:
        if not isinstance(part, SitePart):
            pages.append(part())
            continue
        last = kept.get(part.key)
        if (
            changed is not None
            and isinstance(last, _Rendered)
            and part.key not in changed
            and same(last.bound, part.bound)
            and _calls_same(last.reads, part, changed)
        ):
            cache.adopt_keyed([(table, key, None) for table, key in last.lookups])
            rendered = last
        else:
            reads = Reads()
            cache.record_keyed()
            made = part.make(
                view(part.content, "content", reads, VIEWED), view(part.analysis, "analysis", reads, VIEWED)
            )
            lookups = tuple((table, key) for table, key, _ in cache.take_keyed())
            cache.stop_keyed()
            index.add(part.key, reads)
            reads.seen, reads.dicts = {}, {}  # in the index now
            if reads.guards is not None:
                reads.guards.seen, reads.guards.dicts = {}, {}
            rendered = _Rendered(part.bound, reads, lookups, made)
        now[part.key] = rendered
        pages.append(part.finish(rendered.pages))
    for key in kept.keys() - now.keys():
        index.remove(key)
    index.settled = True  # every part the walk found changed is rendered again
    cache.parts = now
    return pages


def _calls_same(reads: Reads, part: SitePart, changed: set[str]) -> bool:
    """Whether the part's calls through ``follow`` give the same as last build: made
    again only when a guard's read changed, or when a call has no guard."""
    if not reads.calls or (reads.guarded and guard_key(part.key) not in changed):
        return True
    return reads.calls_same({"content": part.content, "analysis": part.analysis})
