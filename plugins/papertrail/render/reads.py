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

Reads that happen inside a function the part calls through :func:`follow` are not
recorded one by one: the function's result is, and the next build calls it again to
compare. That is for results that depend on much but show little (a story's four
related stories are ranked over every story sharing a topic with it; the ranking is
cached, and a new story elsewhere changes the page only if it changes the four).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from types import FunctionType, MappingProxyType, MethodType
from typing import Any, TypeVar, cast

T = TypeVar("T")


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
        # Calls through follow(): the function, its arguments (roots marked), its result.
        self.calls: list[tuple[Callable[..., object], tuple[object, ...], object]] = []

    def record(self, path: ReadPath, value: object) -> None:
        self.seen.setdefault(path, value)

    def still_same(self, roots: Mapping[str, object], checked: Rereads | None = None) -> bool:
        """Whether every read, made again from ``roots`` (by name), gives the same value.

        ``checked`` holds what was found for other parts of the same build with the same
        roots. Parts read much the same things (the same topics, the same outlets), and
        a read's verdict is the same for all of them: each part kept has checked its
        reads in every build since it was rendered, so its values are all the last
        build's values.
        """
        checked = Rereads() if checked is None else checked
        verdicts, resolved = checked.verdicts, checked.resolved
        for path, value in self.seen.items():
            verdict = verdicts.get(path)
            if verdict is None:
                verdict = verdicts[path] = same(value, _read_again(path, roots, resolved))
            if not verdict:
                return False
        for function, args, value in self.calls:
            again = function(*(roots[a.name] if isinstance(a, _Root) else a for a in args))
            if not same(value, again):
                return False
        return True


class Rereads:
    """Reads made again in one build (by path), and whether each gave the same value."""

    def __init__(self) -> None:
        self.resolved: dict[ReadPath, object] = {}
        self.verdicts: dict[ReadPath, bool] = {}


def _read_again(path: ReadPath, roots: Mapping[str, object], resolved: dict[ReadPath, object]) -> object:
    if path in resolved:
        return resolved[path]
    step = path[-1]
    kind = step[0]
    if kind == "root":
        value: object = roots[step[1]]
    else:
        parent: Any = _read_again(path[:-1], roots, resolved)
        if kind == "attr":
            value = getattr(parent, step[1])
        elif kind == "item":
            value = parent.get(step[1], MISSING)
        elif kind == "has":
            value = step[1] in parent
        else:  # "all"
            value = tuple(parent.items())
    resolved[path] = value
    return value


class _Root:
    """Stands for a root among the arguments of a :func:`follow` call."""

    def __init__(self, name: str) -> None:
        self.name = name


class _View:
    """An object read through: its attributes recorded, its methods run on the view."""

    __slots__ = ("_path", "_reads", "_real", "_viewed")

    def __init__(self, real: object, path: ReadPath, reads: Reads, viewed: tuple[type, ...]) -> None:
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_viewed", viewed)

    def __getattr__(self, name: str) -> Any:
        real = self._real
        for klass in type(real).__mro__:
            if name in klass.__dict__:
                if isinstance(klass.__dict__[name], FunctionType):
                    # A method runs with this view as ``self``, so what it reads is recorded.
                    return MethodType(klass.__dict__[name], self)
                break
        return _wrap(getattr(real, name), (*self._path, ("attr", name)), self._reads, self._viewed)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a view is read-only")


class _MappingView(Mapping[Any, Any]):
    """A mapping read through: each key looked up recorded, and a walk over all of it."""

    def __init__(self, real: Mapping[Any, Any], path: ReadPath, reads: Reads, viewed: tuple[type, ...]):
        self._real, self._path, self._reads, self._viewed = real, path, reads, viewed

    def __getitem__(self, key: object) -> Any:
        value = self._real.get(key, MISSING)
        wrapped = _wrap(value, (*self._path, ("item", key)), self._reads, self._viewed)
        if value is MISSING:
            raise KeyError(key)
        return wrapped

    def get(self, key: object, default: Any = None) -> Any:
        value = self._real.get(key, MISSING)
        wrapped = _wrap(value, (*self._path, ("item", key)), self._reads, self._viewed)
        return default if value is MISSING else wrapped

    def __contains__(self, key: object) -> bool:
        found = key in self._real
        self._reads.record((*self._path, ("has", key)), found)
        return found

    def _all(self) -> Mapping[Any, Any]:
        self._reads.record((*self._path, ("all",)), tuple(self._real.items()))
        return self._real

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def keys(self) -> Any:
        return self._all().keys()

    def values(self) -> Any:
        return self._all().values()

    def items(self) -> Any:
        return self._all().items()


def _wrap(value: object, path: ReadPath, reads: Reads, viewed: tuple[type, ...]) -> Any:
    """What a read returns: a view of a viewed kind or of a plain mapping (whose own reads
    are then recorded), or the value itself, recorded."""
    if isinstance(value, viewed):
        return _View(value, path, reads, viewed)
    if type(value) is dict or type(value) is MappingProxyType:
        return _MappingView(value, path, reads, viewed)
    reads.record(path, value)
    return value


def view(real: T, name: str, reads: Reads, viewed: tuple[type, ...]) -> T:
    """``real`` as the root ``name`` whose reads go to ``reads``; objects of the ``viewed``
    types reached from it are viewed too, and plain mappings always.

    The view stands in for ``real`` (the cast is the point: renderers take it as the
    content or analysis it shows).
    """
    return cast(T, _View(real, (("root", name),), reads, viewed))


def follow(function: Callable[..., T], *args: object) -> T:
    """``function(*args)``, recording its result rather than what it reads, when some
    of ``args`` are root views (see the module docstring); a plain call otherwise."""
    if not any(_is_root(a) for a in args):
        return function(*args)
    reads: Reads = next(object.__getattribute__(a, "_reads") for a in args if _is_root(a))
    real = tuple(object.__getattribute__(a, "_real") if _is_root(a) else a for a in args)
    value = function(*real)
    marked = tuple(_Root(object.__getattribute__(a, "_path")[0][1]) if _is_root(a) else a for a in args)
    reads.calls.append((function, marked, value))
    return value


def _is_root(value: object) -> bool:
    return type(value) is _View and len(object.__getattribute__(value, "_path")) == 1
