"""How the content's indexes order and group items (:class:`~papertrail.content.model.Content`).

One definition for the indexes and for what carries them from one load to the next
(:mod:`papertrail.content.carried_indexes`), which finds the groups an edited item is
in by the same keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from papertrail.content.model import Source, Story

T = TypeVar("T")


def outlets_cited(sources: Mapping[str, Source], story: Story) -> list[str]:
    """The outlets whose sources ``story`` cites (each source's own and the one it was
    syndicated from), source by source."""
    found = []
    for ident in story.cited_sources:
        source = sources.get(ident)
        if source is not None:
            found += sorted(GROUPED_BY["sources_by_outlet"](source))
    return found


# The keys each index of Content that groups items lists an item under (what
# papertrail.content.carried_indexes looks up to find the groups an edited item is in).
GROUPED_BY: dict[str, Callable[[Any], Iterable[str]]] = {
    "stories_by_entity": lambda story: story.entities,
    "stories_by_author": lambda story: (*story.by, *story.edited_by),
    "stories_by_question": lambda story: story.questions,
    "stories_by_source": lambda story: story.cited_sources,
    "questions_by_entity": lambda question: question.entities,
    # A syndicated copy counts for both outlets.
    "sources_by_outlet": lambda source: (
        (source.outlet, source.syndicated_from) if source.syndicated_from else (source.outlet,)
    ),
}


def story_order(story: Story) -> tuple[float, str]:
    """A story's place among all stories: newest first, ties by title."""
    return (-story.published.timestamp(), story.title)


def source_order(source: Source) -> tuple[bool, float, str, str]:
    """A source's place among its outlet's: newest first, undated last, then by title."""
    published = source.published
    if published is None:
        return (True, 0.0, source.title or "", source.id)
    moment = (
        published
        if isinstance(published, dt.datetime)
        else dt.datetime(published.year, published.month, published.day)
    )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return (False, -moment.timestamp(), source.title or "", source.id)


def group(items: Iterable[T], keys_of: Callable[[T], Iterable[str]]) -> dict[str, tuple[T, ...]]:
    """Group ``items`` under each key ``keys_of`` gives, keeping their order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        for key in dict.fromkeys(keys_of(item)):
            groups.setdefault(key, []).append(item)
    return {k: tuple(v) for k, v in groups.items()}
