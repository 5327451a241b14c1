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

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from papertrail.content.cache import BuildCache
from papertrail.render.pages import RenderedPage

Part = Callable[[], list[RenderedPage]]  # a SitePart of papertrail.render.site, or any

# Below this many parts, forking costs more than it saves.
FEW_PARTS = 64
# Parts a worker takes at a time: small enough that the cores finish together.
PARTS_A_TASK = 24

# The parts and cache of the render now running, for the workers it forks.
_RUNNING: tuple[Sequence[Part], BuildCache | None] | None = None


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS and Windows


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
    global _RUNNING
    if workers == 0:
        workers = 1 if len(parts) < FEW_PARTS else cores()
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [part() for part in parts]
    chunks = [
        range(start, min(start + PARTS_A_TASK, len(parts))) for start in range(0, len(parts), PARTS_A_TASK)
    ]
    _RUNNING = (parts, cache)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_render_chunk, chunks))
    finally:
        _RUNNING = None
    pages = []
    for chunk_pages, lookups in results:
        pages += chunk_pages
        if cache is not None:
            cache.adopt_keyed(lookups)
    return pages


def _render_chunk(indexes: range) -> tuple[list[list[RenderedPage]], list[tuple[str, str, object | None]]]:
    assert _RUNNING is not None, "forked with the parts to render"
    parts, cache = _RUNNING
    if cache is not None:
        cache.record_keyed()
    pages = [parts[index]() for index in indexes]
    return pages, cache.take_keyed() if cache is not None else []
