"""The content's indexes carried from the last load to the next, in a preview.

A preview loads the content again on every reload, and its indexes (the stories of each
topic, newest first, ...: :class:`papertrail.content.model.Content`) were computed again
from every story: half a second of each reload at 5,000 stories. Yet an edit seldom
moves anything in them. A file that did not change is the identical object as at the
last load (the build cache hands it back), and an edited story whose date and lists are
as they were, and whose title still sorts between the same two neighbours, sits where it
sat in every index: the last load's indexes hold for the new content once the edited
objects take the old ones' places.

Whatever else changed (an item came or went, a list changed, a story's date, a title that
now sorts elsewhere), the indexes that follow from that collection are computed afresh,
as on a first load. A test makes random edits of every kind and compares each index
carried with the same index computed afresh.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress
from operator import is_not
from typing import Any

from papertrail.content.index_keys import GROUPED_BY, outlets_cited, source_order, story_order
from papertrail.content.model import Content, Question, Source, Story

Item = Story | Question | Source


@dataclass(frozen=True)
class _Placement:
    """What of an item says where it sits in the indexes.

    Attributes:
        fixed: What must be as it was: the keys it is grouped under, and any value an
            index holds as it is (a story's timestamp: ``published_timestamps``).
        order: The key the indexes sort it by; it may change as long as the item still
            sorts between the same neighbours (a retitled source, a story's new title).
        sorted_by_order: The sequences of the last load, each sorted by ``order``, the
            item's neighbours are looked up in (None: one of them was never computed):
            the whole order, or each group the item is in and the first items of all
            groups (a mapping lists its groups in the order their first items come).
    """

    fixed: Callable[[Any], object]
    order: Callable[[Any], Any]
    sorted_by_order: Callable[[Content, Any], list[Sequence[Any]] | None]


def _in(old: Content, index: str, item: Any = None, keys: tuple[str, ...] = ()) -> list[Sequence[Any]] | None:
    """The index ``old`` computed; or, for a mapping, the groups ``item`` is in (under
    ``keys``) and, when it heads one, the first item of every group (the mapping lists
    its groups in the order their first items come). None if it never computed it."""
    computed = old.__dict__.get(index)
    if computed is None:
        return None
    if item is None:
        return [computed]
    groups = [computed[key] for key in keys if key in computed]
    if any(group[0] is item for group in groups):
        groups.append(tuple(group[0] for group in computed.values()))
    return groups


_PLACEMENTS: dict[str, _Placement] = {
    "stories": _Placement(
        lambda s: (s.published, s.entities, s.by, s.edited_by, s.questions, s.cited_sources),
        story_order,
        # Every story index is a part of the whole newest-first order.
        lambda old, s: _in(old, "stories_newest_first"),
    ),
    "questions": _Placement(
        lambda q: q.entities, lambda q: q.title, lambda old, q: _in(old, "questions_by_entity", q, q.entities)
    ),
    "sources": _Placement(
        lambda s: (s.outlet, s.syndicated_from),
        source_order,
        lambda old, s: _in(
            old, "sources_by_outlet", s, (s.outlet, s.syndicated_from) if s.syndicated_from else (s.outlet,)
        ),
    ),
}
# The collections each index of Content follows from.
_INDEXES: dict[str, tuple[str, ...]] = {
    "stories_newest_first": ("stories",),
    "story_positions": ("stories",),
    "published_timestamps": ("stories",),
    "stories_by_entity": ("stories",),
    "entity_postings": ("stories",),
    "stories_by_author": ("stories",),
    "stories_by_question": ("stories",),
    "stories_by_source": ("stories",),
    "questions_by_entity": ("questions",),
    "sources_by_outlet": ("sources",),
    "source_positions": ("sources",),
    "stories_by_outlet": ("stories", "sources"),
}


# The indexes that hold no item (places, timestamps, ids): there is nothing to swap.
_PLAIN = frozenset({"story_positions", "published_timestamps", "entity_postings", "source_positions"})


def _keys_of(index: str, content: Content) -> Callable[[Any], Iterable[str]] | None:
    """The keys an index that groups items lists one of its items under (as
    :class:`Content` groups them), or None when not known: each group is looked in."""
    if index == "stories_by_outlet":
        return partial(outlets_cited, content.sources)
    return GROUPED_BY.get(index)


def carry_indexes(new: Content, old: Content | None) -> None:
    """Give ``new`` the indexes ``old`` had computed that still hold for it.

    An index is carried when every collection it follows from has the same ids as in
    ``old``, each item identical or placed the same; the edited items then stand in
    the places of the ones they replace. Nothing is carried from an index ``old``
    never computed (it is computed on first use, as always).
    """
    if old is None or old is new:
        return
    swaps = {
        name: _swaps(old, getattr(old, name), getattr(new, name), place)
        for name, place in _PLACEMENTS.items()
    }
    for index, collections in _INDEXES.items():
        last = old.__dict__.get(index)
        if last is None or index in new.__dict__:
            continue
        merged: dict[int, Item] = {}
        replaced: dict[str, list[Item]] = {}  # the items replaced, by collection
        for collection in collections:
            swap = swaps[collection]
            if swap is None:
                break
            merged.update(swap)
            replaced[collection] = [getattr(old, collection)[item.id] for item in swap.values()]
        else:
            if index not in _PLAIN:
                # The groups a replaced item of the index's own kind is in, found by its
                # keys: looking in every group of every index was 70 ms of a reload that
                # edited one story at 5,000 stories.
                keys_of = _keys_of(index, new)
                olds = replaced[collections[0]]
                keys = None if keys_of is None else dict.fromkeys(k for was in olds for k in keys_of(was))
                last = _swapped(last, merged, keys)
            # cached_property keeps its value in the instance's __dict__: put there,
            # the index is as if computed (a frozen dataclass allows this write).
            new.__dict__[index] = last


def _swaps(
    content: Content, old: Mapping[str, Item], new: Mapping[str, Item], place: _Placement
) -> dict[int, Item] | None:
    """The objects of ``new`` that replace those of ``old`` (by the old one's id()), or
    None when an item came, went or moved."""
    if len(old) != len(new):
        return None
    # The keys whose item is another object, found in C when the ids come in the same
    # order (as a reload lists them): the items one by one were 5 ms of a reload at
    # 5,000 stories (27,000 sources).
    differ: Iterable[str] = (
        compress(old, map(is_not, old.values(), new.values())) if list(old) == list(new) else old
    )
    swaps: dict[int, Item] = {}
    edited: list[Item] = []
    for key in differ:
        was, now = old[key], new.get(key)
        if now is was:
            continue
        if now is None or place.fixed(now) != place.fixed(was):
            return None
        swaps[id(was)] = now
        edited.append(was)
    for was in edited:
        if place.order(swaps[id(was)]) != place.order(was):
            sequences = place.sorted_by_order(content, was)
            if sequences is None or not all(_same_place(s, was, swaps, place.order) for s in sequences):
                return None
    return swaps


def _same_place(
    ordered: Sequence[Any], was: Any, swaps: Mapping[int, Item], order: Callable[[Any], Any]
) -> bool:
    """Whether the item replacing ``was`` in ``ordered`` sorts where ``was`` sat:
    strictly after its neighbour before and before its neighbour after, each by its own
    new key when it was edited too (two edits may swap their places). A tie counts as
    moved: the order the items were listed in would decide it."""
    place = end = bisect_left(ordered, order(was), key=order)
    while end < len(ordered) and ordered[end] is was:
        end += 1  # first of several groups: it stands once for each
    if end == place:
        return False  # a tie with ``was``' key, or not where its key says
    key = order(swaps[id(was)])
    if place > 0 and not order(swaps.get(id(ordered[place - 1]), ordered[place - 1])) < key:
        return False
    return end == len(ordered) or key < order(swaps.get(id(ordered[end]), ordered[end]))


def _swapped(value: Any, swaps: Mapping[int, Item], keys: Iterable[str] | None = None) -> Any:
    """``value`` (an index: a tuple of items, or a mapping to tuples or to plain values)
    with the replaced items swapped; what holds none of them is the identical object.
    ``keys``: for a mapping, the only keys whose groups may hold them (None: any)."""
    if not swaps:
        return value
    if isinstance(value, tuple):
        if not any(id(member) in swaps for member in value):
            return value
        return tuple(swaps.get(id(member), member) for member in value)
    if isinstance(value, Mapping):
        # Only the groups holding a replaced item are new; a mapping to plain values
        # (places, timestamps) holds none and stays the identical object.
        looked = value if keys is None else {key: value[key] for key in keys if key in value}
        groups = {key: member for key, member in looked.items() if isinstance(member, tuple)}
        moved = {key: new for key, member in groups.items() if (new := _swapped(member, swaps)) is not member}
        return {**value, **moved} if moved else value
    return value
