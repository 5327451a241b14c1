"""What a part of the site read, so that a preview's reload renders only what an edit touches.

A part (one story's page, one topic's pages, an index: :class:`papertrail.render.site.SitePart`)
is rendered from the content and the analysis. Rendered through a *view* of them,
every read is recorded on the way: ``content.sources["bbc-1"]``, the stories of a
topic, a story's checked quotations, the matcher. At the next build the part's reads
are made again on the new content; when every one gives the same value, the part's
pages are the same pages and it is not rendered again.

"The same" is exact and cheap: a content object is the same when it is the identical
object (the build cache hands back the object parsed last time while its file is
unchanged), plain values (strings, numbers, dates) when equal, tuples, lists and
mappings when their members are the same in the same order. Anything else counts as
changed, which costs a render and never a stale page. Nothing is declared by hand:
a renderer that starts reading something new is followed without a change here.

A reload does not make every read again: a dict reached from the content or the
analysis is never changed once made, so the reads in the identical dict as at the last
reload give what they gave, and in a dict made again (each load makes the content's)
only the keys whose value is another object can read differently (see ``_changed``).

Reads that happen inside a function the part calls through
:func:`~papertrail.render.read_views.follow` are not
recorded one by one: the function's result is, and the next build calls it again to
compare. That is for results that depend on much but show little (a story's four
related stories are ranked over every story sharing a topic with it; the ranking is
cached, and a new story elsewhere changes the page only if it changes the four).
A call may name a *guard*: a few reads that cover every input of the call (the
postings of the story's topics, and the four stories themselves). The call is then
made again only when one of those reads changed: at 5,000 stories, calling every
story's ranking again on each reload was a tenth of a second whatever the edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any


class _Missing:
    """What a read of a key that is not there gave."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()

# Steps from a root (the content, the analysis) to what was read.
Step = tuple[Any, ...]
ReadPath = tuple[Step, ...]

# Compared by value; anything else but the containers below by identity.
_VALUES: frozenset[type] = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, _Missing})


def same(old: object, new: object) -> bool:
    """Whether a read that gave ``old`` last build and ``new`` now gave the same thing."""
    if old is new:
        return True
    kind = type(old)
    if kind is not type(new):
        return False
    if kind in _VALUES or kind is frozenset or kind is set:
        return old == new
    if isinstance(old, (tuple, list)) and isinstance(new, (tuple, list)):
        return len(old) == len(new) and all(map(same, old, new))
    if isinstance(old, Mapping):
        assert isinstance(new, Mapping)
        return len(old) == len(new) and all(
            ko == kn and same(vo, vn) for (ko, vo), (kn, vn) in zip(old.items(), new.items(), strict=True)
        )
    return False


class Reads:
    """The reads of one part: where each went and what it gave."""

    def __init__(self) -> None:
        self.seen: dict[ReadPath, object] = {}
        # The dicts read through on the way (see ReadIndex.add).
        self.dicts: dict[ReadPath, dict[Any, Any]] = {}
        # Calls through follow(): the function, its arguments (roots marked), its result.
        self.calls: list[tuple[Callable[..., object], tuple[object, ...], object]] = []
        # The reads of the calls' guards (see follow), when every call has one.
        self.guards: Reads | None = None
        self._unguarded = False

    def record(self, path: ReadPath, value: object) -> None:
        self.seen.setdefault(path, value)

    def called(
        self, function: Callable[..., object], args: tuple[object, ...], value: object, guarded: bool
    ) -> Reads | None:
        """Note a call through :func:`~papertrail.render.read_views.follow`; the reads its
        guard goes to, if it has one."""
        self.calls.append((function, args, value))
        if not guarded:
            self._unguarded = True
            return None
        if self.guards is None:
            self.guards = Reads()
        return self.guards

    @property
    def guarded(self) -> bool:
        """Whether every call through :func:`~papertrail.render.read_views.follow` has a
        guard (and there is a call)."""
        return self.guards is not None and not self._unguarded

    def calls_same(self, roots: Mapping[str, object]) -> bool:
        """Whether every call through :func:`~papertrail.render.read_views.follow`, made
        again from ``roots``, gives the same."""
        for function, args, value in self.calls:
            again = function(*(roots[a.name] if isinstance(a, Root) else a for a in args))
            if not same(value, again):
                return False
        return True


class _Node:
    """One step of the reads from a root: what it gave when last recorded, and the
    parts that recorded it (none for a step only passed through). The steps from here
    are kept apart by kind: a mapping's keys (most reads) are looked up without a
    step's dispatch."""

    __slots__ = ("items", "others", "parts", "seen", "value")

    def __init__(self) -> None:
        self.items: dict[Any, _Node] = {}  # ("item", key) steps, by key
        self.others: dict[Step, _Node] = {}  # the other steps
        self.parts: set[str] = set()
        self.value: object = MISSING
        # The dict this step gave at the last reload, to look only at what differs in
        # the next one's (see _changed).
        self.seen: dict[Any, Any] | None = None

    def child(self, step: Step) -> _Node:
        """The node of ``step`` from here (made when new)."""
        steps, key = (self.items, step[1]) if step[0] == "item" else (self.others, step)
        node = steps.get(key)
        if node is None:
            node = steps[key] = _Node()
        return node


class ReadIndex:
    """The reads of many parts, as one tree of steps from the roots, each with the parts
    that made it: a reload makes each read once and finds the parts it changes.

    Checking part by part, a read shared by thousands of parts (a popular topic, an
    outlet) was looked up once for each: at 5,000 stories, 1.5 million look-ups of
    160,000 reads on every reload. Here each read is made once, one step from the
    last, and what it changed is a set of parts.
    """

    def __init__(self) -> None:
        self.roots: dict[str, _Node] = {}
        self._nodes: dict[str, list[_Node]] = {}  # each part's reads, to take them out
        # Set by the build once every part the last walk found changed was rendered
        # again: only then do the dicts that walk saw hold what every part read (a
        # build that failed half-way leaves parts behind, and the next walk is whole).
        self.settled = False

    def add(self, key: str, reads: Reads) -> None:
        """Index the reads of part ``key`` (in place of any it had); the reads of its
        calls' guards under :func:`guard_key` of it."""
        self.remove(key)
        self._add(key, reads)
        if reads.guarded:
            assert reads.guards is not None
            self._add(guard_key(key), reads.guards)

    def _add(self, key: str, reads: Reads) -> None:
        nodes = []
        for path, value in reads.seen.items():
            node = self.roots.setdefault(path[0][1], _Node())
            for step in path[1:]:
                node = node.child(step)
            node.value = value
            node.parts.add(key)
            nodes.append(node)
        self._nodes[key] = nodes
        # The dicts this part read through are the ones the next walk compares with
        # (see _changed): they are this build's, as a walk of it would have found them.
        # Without them the first reload after a preview's first build made every read
        # again (a third of a second at 5,000 stories).
        for path, found in reads.dicts.items():
            reached = self.roots.get(path[0][1])
            for step in path[1:]:
                if reached is None:
                    break
                reached = reached.items.get(step[1]) if step[0] == "item" else reached.others.get(step)
            if reached is not None:
                reached.seen = found

    def remove(self, key: str) -> None:
        """Forget the reads of part ``key`` (and of its calls' guards)."""
        for name in (key, guard_key(key)):
            for node in self._nodes.pop(name, ()):
                node.parts.discard(name)

    def changed(self, roots: Mapping[str, object]) -> set[str]:
        """The parts any of whose reads, made again from ``roots`` (by name), give another
        value; and :func:`guard_key` of each part whose calls' guards read another value."""
        found: set[str] = set()
        trusted, self.settled = self.settled, False
        for name, node in list(self.roots.items()):
            _changed(node, roots.get(name, MISSING), found, trusted)
            if not (node.parts or node.items or node.others):
                del self.roots[name]
        return found


def guard_key(key: str) -> str:
    """The name the reads of part ``key``'s guards go by in a :class:`ReadIndex` (a
    part's key is a page's path, which never holds a NUL)."""
    return key + "\0guards"


# Comparing a dict with the last one costs about a thirtieth of making a read again.
_PROBE_OR_COMPARE = 30


def _changed(node: _Node, value: object, found: set[str], trusted: bool) -> None:
    """Add to ``found`` the parts whose reads at or below ``node`` changed; ``value`` is
    what ``node``'s step gives now; ``trusted``: whether the dicts the last walk saw
    may stand for the reads. Steps nobody reads any more are dropped."""
    if node.parts and not same(node.value, value):
        found |= node.parts
    last, node.seen = (node.seen if trusted else None), (value if type(value) is dict else None)
    if last is not None and last is value:
        # The identical dict as at the last reload: a dict reached from the content or
        # the analysis is never changed once made, so every read in it gives what it
        # gave then (each part that read it since read this one). At 5,000 stories a
        # reload made 176,000 reads again; most were in dicts an edit leaves alone.
        return
    # A dict made again (the content's, at each load): only its keys whose value is
    # another object (or that came or went) can read differently.
    differ: set[Any] | None = None
    if (
        last is not None
        and type(value) is dict
        and (len(node.items) + len(node.others)) * _PROBE_OR_COMPARE > len(value)
    ):
        differ = {key for key, now in value.items() if last.get(key, MISSING) is not now}
        differ |= last.keys() - value.keys()
    if node.items:
        get = getattr(value, "get", None)
        if get is None:  # what was a mapping is not any more: all below it changed
            for child in node.items.values():
                _every_part(child, found)
        else:
            keys = list(node.items) if differ is None else [k for k in differ if k in node.items]
            for key in keys:
                _changed_step(node.items, key, node.items[key], get(key, MISSING), found, trusted)
    if node.others:
        for step, child in list(node.others.items()):
            if differ is not None and step[0] == "has" and step[1] not in differ:
                continue
            try:
                now = _step(value, step)
            except Exception:  # what was read is now of another shape: all of it changed
                _every_part(child, found)
                continue
            _changed_step(node.others, step, child, now, found, trusted)


def _changed_step(
    steps: dict[Any, _Node], key: Any, child: _Node, now: object, found: set[str], trusted: bool
) -> None:
    """:func:`_changed` for one step from a node, ``now`` what it gives now."""
    if child.items or child.others:
        _changed(child, now, found, trusted)
        if not (child.parts or child.items or child.others):
            del steps[key]
    elif not child.parts:
        del steps[key]
    elif now is not child.value and not same(child.value, now):
        found |= child.parts


def _step(parent: Any, step: Step) -> object:
    kind = step[0]
    if kind == "attr":
        return getattr(parent, step[1])
    if kind == "item":
        return parent.get(step[1], MISSING)
    if kind == "has":
        return step[1] in parent
    return tuple(parent.items())  # "all"


def _every_part(node: _Node, found: set[str]) -> None:
    found |= node.parts
    node.seen = None  # not looked at: the next walk looks at all of it
    for child in (*node.items.values(), *node.others.values()):
        _every_part(child, found)


class Root:
    """Stands for a root among the arguments of a :func:`~papertrail.render.read_views.follow` call."""

    def __init__(self, name: str) -> None:
        self.name = name
