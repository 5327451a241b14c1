"""The content's indexes carried from one load to the next (content/carried_indexes.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cached_property
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.content.carried_indexes import carry_indexes
from papertrail.content.model import Content, Origin, PaperItem, Question, Section, Source, Story

UTC = dt.timezone.utc
# Every index Content has, found rather than listed: a new one is tested without a change here.
INDEXES = [name for name, value in vars(Content).items() if isinstance(value, cached_property)]


def _story(n: int, day: int, title: str, entities: tuple[str, ...], sources: tuple[str, ...]) -> Story:
    return Story(
        f"s{n}",
        Origin(f"s{n}.md"),
        title,
        dt.datetime(2026, 3, day, tzinfo=UTC),
        f"Summary {n}.",
        (Section("happened", "What's happened", "Text."),),
        entities=entities,
        papers=tuple(PaperItem(source, "Says.") for source in sources[:1]),
        sources=sources[1:],
        by=(f"a{n % 2}",),
        questions=(f"q{n % 3}",),
    )


def _content() -> Content:
    stories = {
        f"s{n}": _story(
            n, 1 + n % 3, f"Title {n % 2}", (f"e{n % 3}", f"e{n % 2 + 3}"), (f"p{n % 4}", f"p{n % 3}")
        )
        for n in range(6)
    }
    sources = {
        f"p{n}": Source(
            f"p{n}",
            Origin(f"p{n}.md"),
            f"o{n % 2}",
            title=f"Headline {n % 2}",
            published=dt.date(2026, 2, 1 + n % 2),
            syndicated_from="o2" if n % 2 else None,
        )
        for n in range(4)
    }
    questions = {
        f"q{n}": Question(f"q{n}", Origin(f"q{n}.md"), f"Question {n % 2}", "Answer.", (f"e{n}",))
        for n in range(3)
    }
    return Content(stories=stories, sources=sources, questions=questions)


# An edit of one collection: an item takes another's value of one field (any field: a
# new field is edited without a change here), another's title with a letter more, or
# its date moved a little (it may sort where it was, or tie, or move), comes as an
# equal copy, goes or comes.
EDITS = st.tuples(
    st.integers(0, 5),
    st.integers(0, 5),
    st.sampled_from(["field", "field", "field", "retitle", "retitle", "redate", "copy", "gone", "new"]),
    st.integers(0, 30),
)
SUFFIXES = ["", "a", " b", "~", "!"]


def _edited(content: Content, collection: str, edits: list[tuple[int, int, str, int]]) -> Content:
    items: dict[str, Any] = dict(getattr(content, collection))
    for one, other, how, which in edits:
        if not items:
            continue
        keys = sorted(items)
        item, donor = items[keys[one % len(keys)]], items[keys[other % len(keys)]]
        if how == "field":
            names = [f.name for f in dataclasses.fields(item) if f.name not in ("id", "origin")]
            name = names[which % len(names)]
            items[item.id] = dataclasses.replace(item, **{name: getattr(donor, name)})
        elif how == "retitle":
            items[item.id] = dataclasses.replace(
                item, title=f"{donor.title}{SUFFIXES[which % len(SUFFIXES)]}"
            )
        elif how == "redate" and getattr(item, "published", None) is not None:
            step = (
                dt.timedelta(minutes=which - 15)
                if isinstance(item.published, dt.datetime)
                else dt.timedelta(days=which % 3 - 1)
            )
            items[item.id] = dataclasses.replace(item, published=item.published + step)
        elif how == "copy":
            items[item.id] = dataclasses.replace(item)
        elif how == "gone":
            del items[item.id]
        else:
            new_id = f"{item.id}-new"
            items[new_id] = dataclasses.replace(donor, id=new_id, origin=Origin(f"{new_id}.md"))
    return dataclasses.replace(content, **{collection: items})


def _shape(value: object) -> object:
    """An index as what it holds: each item by identity (a page must show the new object)."""
    if isinstance(value, (Story, Source, Question)):
        return ("item", id(value))
    if isinstance(value, tuple):
        return tuple(_shape(v) for v in value)
    if isinstance(value, dict):
        return [(k, _shape(v)) for k, v in value.items()]  # in order: pages list it so
    return value


@pytest.mark.parametrize("collection", ["stories", "sources", "questions"])
@settings(max_examples=150, deadline=None, derandomize=True)
@given(edits=st.lists(EDITS, max_size=3))
def test_every_index_carried_is_the_index_computed_afresh(
    collection: str, edits: list[tuple[int, int, str, int]]
) -> None:
    old = _content()
    for name in INDEXES:
        getattr(old, name)
    new = _edited(old, collection, edits)
    carry_indexes(new, old)
    fresh = dataclasses.replace(new)  # the same collections, no index computed
    for name in INDEXES:
        assert _shape(getattr(new, name)) == _shape(getattr(fresh, name)), name


def test_an_edit_that_moves_nothing_keeps_every_index_and_what_it_does_not_touch() -> None:
    old = _content()
    for name in INDEXES:
        getattr(old, name)
    story = old.stories["s0"]
    stories = {**old.stories, "s0": dataclasses.replace(story, summary="A new summary.")}
    new = Content(old.outlets, old.authors, old.images, old.entities, old.questions, old.sources, stories)
    carry_indexes(new, old)
    assert all(name in vars(new) for name in INDEXES)  # carried, none computed again
    assert stories["s0"] in new.stories_newest_first and story not in new.stories_newest_first
    # What holds no edited story is the identical object: a reload compares it at no cost.
    assert new.sources_by_outlet is old.sources_by_outlet
    assert new.story_positions is old.story_positions  # ids to places: nothing to swap
    untouched = [e for e, group in old.stories_by_entity.items() if story not in group]
    assert untouched and all(new.stories_by_entity[e] is old.stories_by_entity[e] for e in untouched)


def test_an_index_never_computed_is_not_carried() -> None:
    old = _content()
    new = Content(
        old.outlets, old.authors, old.images, old.entities, old.questions, old.sources, dict(old.stories)
    )
    carry_indexes(new, old)
    assert not any(name in vars(new) for name in INDEXES)


def _retitled(content: Content, titles: dict[str, str]) -> Content:
    sources = {
        key: dataclasses.replace(s, title=titles[key]) if key in titles else s
        for key, s in content.sources.items()
    }
    return dataclasses.replace(content, sources=sources)


def test_a_source_retitled_in_its_place_is_carried_and_one_that_moves_is_not() -> None:
    old = _content()
    for name in INDEXES:
        getattr(old, name)
    # p3 and p1 are o1's sources (p3 newest), with o2's as its syndicated copies;
    # "Headline 1a" still sorts where "Headline 1" sat: p3 heads both groups.
    kept = _retitled(old, {"p3": "Headline 1a"})
    carry_indexes(kept, old)
    assert "sources_by_outlet" in vars(kept)  # carried, not computed again
    assert kept.sources["p3"] in kept.sources_by_outlet["o1"]
    assert kept.sources_by_outlet["o0"] is old.sources_by_outlet["o0"]
    fresh = dataclasses.replace(kept)
    assert _shape(kept.sources_by_outlet) == _shape(fresh.sources_by_outlet)
    # p1 heads o1 and o2: still first there, and o1 and o2 still come before o0.
    heading = _retitled(old, {"p1": "Headline 0z"})
    carry_indexes(heading, old)
    assert "sources_by_outlet" in vars(heading)
    assert _shape(heading.sources_by_outlet) == _shape(dataclasses.replace(heading).sources_by_outlet)
    # Two sources of one day that trade places: each alone would sit between its
    # neighbours' old titles, but not between their new ones.
    before = _retitled(old, {"p0": "Headline 0a", "p2": "Headline 0c"})
    assert [s.id for s in before.sources_by_outlet["o0"]] == ["p0", "p2"]
    swapped = _retitled(before, {"p0": "Headline 0b5", "p2": "Headline 0b2"})
    carry_indexes(swapped, before)
    assert [s.id for s in swapped.sources_by_outlet["o0"]] == ["p2", "p0"]


def test_a_story_that_tied_with_another_is_placed_afresh() -> None:
    base = _content()
    # s3 takes s0's day and title: the two tie, and s0, listed first, comes first.
    old = dataclasses.replace(
        base, stories={**base.stories, "s3": dataclasses.replace(base.stories["s3"], title="Title 0")}
    )
    for name in INDEXES:
        getattr(old, name)
    order = [s.id for s in old.stories_newest_first]
    assert order.index("s0") + 1 == order.index("s3")
    # s3's new title sorts before s0's, and still after the stories of later days.
    stories = {**old.stories, "s3": dataclasses.replace(old.stories["s3"], title="Title")}
    new = dataclasses.replace(old, stories=stories)
    carry_indexes(new, old)
    order = [s.id for s in new.stories_newest_first]
    assert order.index("s3") + 1 == order.index("s0")
