"""Python's cycle collector, kept off the content while it is made and once it is made.

Content is nearly all small objects (strings, tuples, frozen dataclasses), tracked by
the cycle collector though none of them is ever in a cycle. A full collection walks
every tracked object, and one runs each time their number has grown by a quarter: a
load of 5,000 stories ran twelve, three seconds of the load and check (measured with
``gc.callbacks``), and each worker process forked from the build walked the build's
objects again in its own collections, copying the memory it touched.

So the collector is paused while content is loaded, and what was loaded is then set
aside from it (``gc.freeze``): later collections walk only what is made after. Objects
set aside are still freed when nothing refers to them, as nearly all are; only garbage
in a cycle made while loading would stay until the process ends (none was found when
loading 5,000 stories: ``gc.collect()`` after the load freed nothing). Forked workers
set aside everything they inherit as they start (see :mod:`papertrail.content.workers`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def making_long_lived() -> Iterator[None]:
    """Pause the cycle collector while the block makes objects that live as long as the
    build, then set everything alive aside from later collections (``gc.freeze``).

    Nested or concurrent uses are harmless: the collector is turned back on only by the
    use that turned it off.
    """
    pausing = gc.isenabled()
    if pausing:
        gc.disable()
    try:
        yield
    finally:
        if pausing:
            gc.freeze()
            gc.enable()
