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
reloads, which a worker's would not be.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from papertrail.content.cache import BuildCache
from papertrail.content.workers import chunked, fork_chunks, worker_count
from papertrail.render.pages import RenderedPage

Part = Callable[[], list[RenderedPage]]  # a SitePart of papertrail.render.site, or any

# Below this many parts, forking costs more than it saves.
FEW_PARTS = 64
# Parts a worker takes at a time: small enough that the cores finish together.
PARTS_A_TASK = 24


def render_parts(
    parts: Sequence[Part], cache: BuildCache | None, workers: int = 1
) -> list[list[RenderedPage]]:
    """The pages of each of ``parts``, in their order, on ``workers`` processes.

    Args:
        parts: From :func:`papertrail.render.site.site_parts`.
        cache: The build cache the parts render with (workers' findings come back to it).
        workers: Processes; 0 for one per core (this one alone for a small site), 1 for
            this process only.
    """
    workers = worker_count(workers, len(parts), FEW_PARTS)
    if workers <= 1:
        return [part() for part in parts]
    results = fork_chunks(partial(_render_chunk, cache), chunked(parts, PARTS_A_TASK, workers), workers)
    pages = []
    for chunk_pages, lookups in results:
        pages += chunk_pages
        if cache is not None:
            cache.adopt_keyed(lookups)
    return pages


def _render_chunk(
    cache: BuildCache | None, parts: Sequence[Part]
) -> tuple[list[list[RenderedPage]], list[tuple[str, str, object | None]]]:
    if cache is not None:
        cache.record_keyed()
    pages = [part() for part in parts]
    return pages, cache.take_keyed() if cache is not None else []
