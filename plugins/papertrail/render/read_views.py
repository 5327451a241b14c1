"""Views of the content and the analysis that record what a part reads on the way.

A part renders through :func:`view` of each root; every read it makes through the view
goes to its :class:`~papertrail.render.reads.Reads`, compared at the next reload (see
:mod:`papertrail.render.reads`). :func:`follow` records a call's result instead of its
reads, with a guard of reads that say when to make the call again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import FunctionType, MappingProxyType, MethodType
from typing import Any, TypeVar, cast

from papertrail.render.reads import MISSING, ReadPath, Reads, Root

T = TypeVar("T")


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
    if type(value) is dict:
        reads.dicts[path] = value
        return _MappingView(value, path, reads, viewed)
    if type(value) is MappingProxyType:
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


def follow(function: Callable[..., T], *args: object, guard: Callable[..., object] | None = None) -> T:
    """``function(*args)``, recording its result rather than what it reads, when some
    of ``args`` are root views (see the module docstring); a plain call otherwise.

    Args:
        function: The call whose result is followed.
        args: Its arguments, root views among them.
        guard: Called as ``guard(*args, result)`` through views of its own: what it
            reads must cover everything the result depends on. The call is then made
            again at a reload only when one of those reads changed (without a guard, at
            every reload).
    """
    if not any(_is_root(a) for a in args):
        return function(*args)
    reads: Reads = next(object.__getattribute__(a, "_reads") for a in args if _is_root(a))
    real = tuple(object.__getattribute__(a, "_real") if _is_root(a) else a for a in args)
    value = function(*real)
    marked = tuple(Root(object.__getattribute__(a, "_path")[0][1]) if _is_root(a) else a for a in args)
    guards = reads.called(function, marked, value, guard is not None)
    if guard is not None and guards is not None:
        guard(*(_guard_view(a, guards) for a in args), value)
    return value


def _guard_view(value: object, reads: Reads) -> object:
    """``value`` for a guard: a view read through again, its reads going to ``reads``."""
    if type(value) is not _View:
        return value
    get = object.__getattribute__
    return _View(get(value, "_real"), get(value, "_path"), reads, get(value, "_viewed"))


def _is_root(value: object) -> bool:
    return type(value) is _View and len(object.__getattribute__(value, "_path")) == 1
