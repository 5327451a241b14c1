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
after a collection, and keeps the collector off its later builds: :class:`PreviewCollector`).
Forked workers set aside everything they inherit as they start (see
:mod:`papertrail.content.workers`): they end with their task.
"""

from __future__ import annotations

import gc
import threading
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


# Seconds after a preview's build that its garbage is collected: by then the browser
# has reloaded (the engine tells it as the build returns; the page comes in tens of
# milliseconds), and an editor's next save is rarely sooner.
COLLECT_AFTER = 0.5
# Builds in a row whose collection a next build overtook: the one after collects at
# its end, so that saves coming faster than COLLECT_AFTER do not grow memory unbounded.
MOST_OVERTAKEN = 2


class PreviewCollector:
    """The cycle collector around a preview's builds, kept off the time a reload waits.

    After the first build, what it made (the content, the caches) is collected once and
    set aside (``gc.freeze``): it lives as long as the preview, and a full collection
    walked all of it on every reload (a quarter of a second at 1,000 stories, a fifth
    of the reload).

    A later build runs with the collector off, and its garbage, with the last build's
    pages among it, is collected once, :data:`COLLECT_AFTER` seconds after it ends, in
    a thread of its own. Left on, the collector ran two full collections and
    hundreds of young ones in every reload at 5,000 stories (0.2-0.25 s of a 1.2-2.3 s
    build, measured with ``gc.callbacks``). A build that starts before the collection
    takes its place; every :data:`MOST_OVERTAKEN` builds overtaken, one collects at
    its end instead. Nothing is left uncollected: objects are freed by their count
    as usual, only cycles wait.
    """

    def __init__(self, collect_after: float = COLLECT_AFTER) -> None:
        self.collect_after = collect_after
        self._lock = threading.Lock()
        self._frozen = False
        self._building = False
        self._overtaken = 0
        self._timer: threading.Timer | None = None

    def build_starts(self) -> None:
        """A build begins: the collector is off until its garbage is collected."""
        with self._lock:
            self._building = True
            if not self._frozen:
                return  # the first build: its loads pause the collector themselves
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
                self._overtaken += 1
            gc.disable()

    def build_ended(self) -> None:
        """A build is written: set the first one aside, collect a later one's garbage soon."""
        with self._lock:
            self._building = False
            if not self._frozen:
                gc.collect()
                gc.freeze()
                self._frozen = True
                return
            if self._overtaken >= MOST_OVERTAKEN:
                self._collect()
                return
            self._timer = threading.Timer(self.collect_after, self._collect_later)
            self._timer.daemon = True
            self._timer.start()

    def build_failed(self) -> None:
        """A build stopped half-way: collect now, as the next build may be long in coming."""
        with self._lock:
            self._building = False
            if self._frozen:
                self._collect()

    def close(self) -> None:
        """The preview ends: no collection is pending, the collector is on."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            gc.enable()

    def _collect_later(self) -> None:
        with self._lock:
            if self._building or self._timer is None:
                return  # a build began meanwhile: it collects at its end
            self._collect()

    def _collect(self) -> None:
        self._timer = None
        self._overtaken = 0
        gc.collect()
        gc.enable()
