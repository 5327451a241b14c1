"""The content's indexes carried from the last load to the next, in a preview.

A preview loads the content again on every reload, and its indexes (the stories of each
topic, newest first, ...: :class:`papertrail.content.model.Content`) were computed again
from every story: half a second of each reload at 5,000 stories. Yet an edit seldom
moves anything in them. A file that did not change is the identical object as at the
last load (the build cache hands it back), and an edited story whose date, title and
lists are as they were sits where it sat in every index: the last load's indexes hold
for the new content once the edited objects take the old ones' places.

Whatever else changed (an item came or went, a date or a list changed), the indexes that
follow from that collection are computed afresh, as on a first load. A test makes random
edits of every kind and compares each index carried with the same index computed afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from papertrail.content.model import Content, Question, Source, Story, source_order, story_order

# What of an item says where it sits in the indexes: its order and the keys it is
# grouped under. An item whose placement is unchanged takes its last self's places.
_PLACEMENTS: dict[str, Callable[[Any], object]] = {
    "stories": lambda s: (story_order(s), s.entities, s.by, s.edited_by, s.questions, s.cited_sources),
    "questions": lambda q: (q.title, q.entities),
    "sources": lambda s: (source_order(s), s.outlet, s.syndicated_from),
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

Item = Story | Question | Source


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
        name: _swaps(getattr(old, name), getattr(new, name), place) for name, place in _PLACEMENTS.items()
    }
    for index, collections in _INDEXES.items():
        last = old.__dict__.get(index)
        if last is None or index in new.__dict__:
            continue
        merged: dict[int, Item] = {}
        for collection in collections:
            swap = swaps[collection]
            if swap is None:
                break
            merged.update(swap)
        else:
            # cached_property keeps its value in the instance's __dict__: put there,
            # the index is as if computed (a frozen dataclass allows this write).
            new.__dict__[index] = _swapped(last, merged)


def _swaps(
    old: Mapping[str, Item], new: Mapping[str, Item], place: Callable[[Any], object]
) -> dict[int, Item] | None:
    """The objects of ``new`` that replace those of ``old`` (by the old one's id()), or
    None when an item came, went or moved."""
    if len(old) != len(new):
        return None
    swaps: dict[int, Item] = {}
    for key, was in old.items():
        now = new.get(key)
        if now is was:
            continue
        if now is None or place(now) != place(was):
            return None
        swaps[id(was)] = now
    return swaps


def _swapped(value: Any, swaps: Mapping[int, Item]) -> Any:
    """``value`` (an index: a tuple of items, or a mapping to tuples or to plain values)
    with the replaced items swapped; what holds none of them is the identical object."""
    if not swaps:
        return value
    if isinstance(value, tuple):
        if not any(id(member) in swaps for member in value):
            return value
        return tuple(swaps.get(id(member), member) for member in value)
    if isinstance(value, Mapping):
        # Only the groups holding a replaced item are new; a mapping to plain values
        # (places, timestamps) holds none and stays the identical object.
        groups = {key: member for key, member in value.items() if isinstance(member, tuple)}
        moved = {key: new for key, member in groups.items() if (new := _swapped(member, swaps)) is not member}
        return {**value, **moved} if moved else value
    return value
