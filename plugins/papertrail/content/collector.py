"""Python's cycle collector, kept off the content while it is made and once it is made.

Content is nearly all small objects (strings, tuples, frozen dataclasses), tracked by
the cycle collector though none of them is ever in a cycle. A full collection walks
every tracked object, and one runs each time their number has grown by a quarter: a
load and check of 5,000 stories ran twelve in the build's process, 3.0 s of its 6.3 s
of CPU (measured with ``gc.callbacks``), and each worker process forked from the build
walked the build's objects again in its own collections, copying the memory it touched.

So the collector is paused while content is loaded, and the first load of a process
sets what is alive then aside from it (``gc.freeze``): later collections walk only
what is made after. Objects set aside are still freed when nothing refers to them, as
nearly all are; garbage in a cycle that is alive then would stay until the process
ends, so only the first load does it: before it there is only the engine's start-up
(``gc.collect()`` after a load of 5,000 stories freed nothing). A preview's reloads
pause the collector and set nothing aside: what a reload replaces, the last build's
pages among them, is garbage in cycles (the preview sets its first build aside itself,
after a collection: :func:`papertrail.mkdocs.preview_server.freeze_first_build`).
Forked workers set aside everything they inherit as they start (see
:mod:`papertrail.content.workers`): they end with their task.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def making_long_lived() -> Iterator[None]:
    """Pause the cycle collector while the block makes objects that live as long as the
    build; after the first such block of a process, set everything alive aside from
    later collections (``gc.freeze``).

    Nested uses are harmless: the collector is turned back on only by the use that
    turned it off.
    """
    global _SET_ASIDE
    pausing = gc.isenabled()
    if pausing:
        gc.disable()
    try:
        yield
    finally:
        if pausing:
            if not _SET_ASIDE:
                gc.freeze()
                _SET_ASIDE = True
            gc.enable()


# Whether this process set its content aside. (Not asked of gc.get_freeze_count(),
# which counts the objects set aside one by one: 0.15 s a reload at 5,000 stories.)
_SET_ASIDE = False
