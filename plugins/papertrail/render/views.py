"""Views of the content and the analysis that record what a part reads (see
:mod:`papertrail.render.reads`).

A renderer is handed a view in place of the content: every attribute, key and item
it reads through it is recorded with the path it took (``content.stories_by_entity
["alpha"][3].title``) and what it gave. Objects of the *viewed* kinds (the content,
the analysis) are viewed wherever they are reached, plain mappings always. Objects of
the *listed* kinds (stories, sources, a story's papers) are viewed when they are
reached as items of a tuple: a topic's page lists its stories by title, date and
summary, and depends on those, not on the rest of each story (its sections, its
papers). A story reached by its id (``content.stories["x"]``, a story's own page) is
read whole: anything in it may show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from types import FunctionType, MappingProxyType, MethodType
from typing import Any, TypeVar, cast, overload

from papertrail.render.reads import MISSING, ReadPath, Reads, Root

T = TypeVar("T")


class _Kinds:
    """What is viewed: the viewed kinds, and the listed kinds (viewed as items of a tuple)."""

    __slots__ = ("_in_list", "listed", "viewed")

    def __init__(self, viewed: tuple[type, ...], listed: tuple[type, ...]) -> None:
        self.viewed, self.listed = viewed, listed
        self._in_list: _Kinds | None = None

    def in_list(self) -> _Kinds:
        """The kinds from an item of a list on: the listed kinds are viewed there."""
        if self._in_list is None:
            whole = set(self.listed) <= set(self.viewed)
            self._in_list = self if whole else _Kinds(self.viewed + self.listed, self.listed)
        return self._in_list


class _View:
    """An object read through: its attributes recorded, its methods run on the view."""

    __slots__ = ("_kinds", "_path", "_reads", "_real")

    def __init__(self, real: object, path: ReadPath, reads: Reads, kinds: _Kinds) -> None:
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_kinds", kinds)

    def __getattr__(self, name: str) -> Any:
        real = self._real
        for klass in type(real).__mro__:
            if name in klass.__dict__:
                if isinstance(klass.__dict__[name], FunctionType):
                    # A method runs with this view as ``self``, so what it reads is recorded.
                    return MethodType(klass.__dict__[name], self)
                break
        return _wrap(getattr(real, name), (*self._path, ("attr", name)), self._reads, self._kinds)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a view is read-only")

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        # isinstance(view, Story) holds for a story's view, as it does for the story; the
        # type is fixed by the path read (a topic's stories are stories), so no read.
        return type(object.__getattribute__(self, "_real"))


class _MappingView(Mapping[Any, Any]):
    """A mapping read through: each key looked up recorded, and a walk over all of it."""

    def __init__(self, real: Mapping[Any, Any], path: ReadPath, reads: Reads, kinds: _Kinds):
        self._real, self._path, self._reads, self._kinds = real, path, reads, kinds

    def __getitem__(self, key: object) -> Any:
        value = self._real.get(key, MISSING)
        wrapped = _wrap(value, (*self._path, ("item", key)), self._reads, self._kinds)
        if value is MISSING:
            raise KeyError(key)
        return wrapped

    def get(self, key: object, default: Any = None) -> Any:
        value = self._real.get(key, MISSING)
        wrapped = _wrap(value, (*self._path, ("item", key)), self._reads, self._kinds)
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


class _ListView(Sequence[Any]):
    """A tuple of listed items read through (a topic's stories, a story's papers): its
    length recorded, and each item viewed as it is reached, by its place.

    An outlet's nine pages of cited stories were rendered again whenever one of its
    stories changed at all; they show each story's title, date and what it says of the
    outlet, and a story's summary edited leaves them as they were (at 5,000 stories,
    27 parts of a reload became 12).
    """

    def __init__(self, real: tuple[Any, ...], path: ReadPath, reads: Reads, kinds: _Kinds):
        self._real, self._path, self._reads, self._kinds = real, path, reads, kinds.in_list()

    def __len__(self) -> int:
        self._reads.record((*self._path, ("len",)), len(self._real))
        return len(self._real)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Any, ...]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return tuple(self[n] for n in range(*index.indices(len(self))))
        if not 0 <= index < len(self._real):
            index += len(self) if index < 0 else 0  # the place read depends on the length
            if not 0 <= index < len(self):
                raise IndexError(index)
        return _wrap(self._real[index], (*self._path, ("item", index)), self._reads, self._kinds)

    def __iter__(self) -> Iterator[Any]:
        for index in range(len(self)):
            yield _wrap(self._real[index], (*self._path, ("item", index)), self._reads, self._kinds)

    def __contains__(self, value: object) -> bool:
        # Whether an item is among them depends on which items they are: all of it is read.
        self._reads.record(self._path, self._real)
        return _real(value) in self._real

    def __add__(self, other: object) -> tuple[Any, ...]:
        return (*self, *cast(Sequence[Any], other))

    def __radd__(self, other: object) -> tuple[Any, ...]:
        return (*cast(Sequence[Any], other), *self)


def _real(value: object) -> object:
    return object.__getattribute__(value, "_real") if type(value) is _View else value


def _wrap(value: object, path: ReadPath, reads: Reads, kinds: _Kinds) -> Any:
    """What a read returns: a view of a viewed kind, of a plain mapping or of a tuple of
    listed items (whose own reads are then recorded), or the value itself, recorded."""
    if isinstance(value, kinds.viewed):
        return _View(value, path, reads, kinds)
    if type(value) is dict:
        reads.dicts[path] = value
        return _MappingView(value, path, reads, kinds)
    if type(value) is tuple and value and isinstance(value[0], kinds.listed):
        reads.dicts[path] = value
        return _ListView(value, path, reads, kinds)
    if type(value) is MappingProxyType:
        return _MappingView(value, path, reads, kinds)
    reads.record(path, value)
    return value


def view(real: T, name: str, reads: Reads, viewed: tuple[type, ...], listed: tuple[type, ...] = ()) -> T:
    """``real`` as the root ``name`` whose reads go to ``reads``; objects of the ``viewed``
    types reached from it are viewed too, plain mappings always, and objects of the
    ``listed`` types when they are items of a tuple (see the module docstring).

    The view stands in for ``real`` (the cast is the point: renderers take it as the
    content or analysis it shows).
    """
    return cast(T, _View(real, (("root", name),), reads, _Kinds(viewed, listed)))


def follow(function: Callable[..., T], *args: object) -> T:
    """``function(*args)``, recording its result rather than what it reads, when some
    of ``args`` are root views (see :mod:`papertrail.render.reads`); a plain call otherwise."""
    if not any(_is_root(a) for a in args):
        return function(*args)
    reads: Reads = next(object.__getattribute__(a, "_reads") for a in args if _is_root(a))
    real = tuple(object.__getattribute__(a, "_real") if _is_root(a) else a for a in args)
    value = function(*real)
    marked = tuple(Root(object.__getattribute__(a, "_path")[0][1]) if _is_root(a) else a for a in args)
    reads.calls.append((function, marked, value))
    return value


def _is_root(value: object) -> bool:
    return type(value) is _View and len(object.__getattribute__(value, "_path")) == 1
