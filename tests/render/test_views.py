"""Views that record what a part reads (render/views.py): items of a list read field by field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.render.reads import ReadIndex, Reads, same
from papertrail.render.views import view


@dataclass(frozen=True)
class Note:
    title: str
    text: str


@dataclass(frozen=True)
class Story:
    title: str
    summary: str
    notes: tuple[Note, ...] = ()


@dataclass
class Desk:
    lists: dict[str, tuple[Story, ...]] = field(default_factory=dict)
    by_id: dict[str, Story] = field(default_factory=dict)


LISTED = (Story, Note)


def _titles(desk: Desk, reads: Reads) -> list[str]:
    """What a page listing the stories of "a" by title reads."""
    seen = view(desk, "desk", reads, (Desk,), LISTED)
    return [story.title for story in seen.lists["a"]]


def still_same(reads: Reads, roots: Mapping[str, object]) -> bool:
    index = ReadIndex()
    index.add("part", reads)
    return not index.changed(roots)


def test_a_list_of_items_is_read_item_by_item_and_field_by_field() -> None:
    one, two = Story("One", "First"), Story("Two", "Second")
    reads = Reads()
    assert _titles(Desk({"a": (one, two)}), reads) == ["One", "Two"]
    # A listed story edited where the page does not show it: the page is the same.
    assert still_same(reads, {"desk": Desk({"a": (Story("One", "Edited"), two)})})
    # Its title edited, a story more or fewer, two stories swapped: it is not.
    assert not still_same(reads, {"desk": Desk({"a": (Story("One!", "First"), two)})})
    assert not still_same(reads, {"desk": Desk({"a": (one, two, Story("Three", ""))})})
    assert not still_same(reads, {"desk": Desk({"a": (one,)})})
    assert not still_same(reads, {"desk": Desk({"a": (two, one)})})


def test_what_is_read_of_an_item_s_own_lists_is_followed_too() -> None:
    story = Story("One", "First", (Note("n", "noted"),))
    reads = Reads()
    seen = view(Desk({"a": (story,)}), "desk", reads, (Desk,), LISTED)
    assert [note.title for listed in seen.lists["a"] for note in listed.notes] == ["n"]
    assert still_same(reads, {"desk": Desk({"a": (Story("One", "First", (Note("n", "changed"),)),)})})
    assert not still_same(reads, {"desk": Desk({"a": (Story("One", "First", (Note("m", "noted"),)),)})})


def test_an_item_reached_by_its_key_is_read_whole() -> None:
    story = Story("One", "First")
    reads = Reads()
    seen = view(Desk(by_id={"x": story}), "desk", reads, (Desk,), LISTED)
    assert seen.by_id["x"].title == "One"
    # Its own page may show any of it: another object is another story.
    assert not still_same(reads, {"desk": Desk(by_id={"x": Story("One", "Edited")})})


def test_a_listed_item_s_view_is_of_its_kind_and_found_among_its_list() -> None:
    one, two = Story("One", "First"), Story("Two", "Second")
    reads = Reads()
    seen = view(Desk({"a": (one, two)}), "desk", reads, (Desk,), LISTED)
    listed = seen.lists["a"]
    assert isinstance(listed[0], Story) and isinstance(listed[-1].notes, tuple)
    assert listed[0] in listed and one in listed and Story("One", "x") not in listed
    assert [s.title for s in listed[:1] + listed[1:]] == ["One", "Two"]
    # Finding an item among them depends on which objects they are: any change counts.
    assert not still_same(reads, {"desk": Desk({"a": (Story("One", "First"), two)})})


class Counted(Story):
    """A story that counts how often its title is read."""

    reads = 0

    def __getattribute__(self, name: str) -> object:
        if name == "title":
            Counted.reads += 1
        return object.__getattribute__(self, name)


def test_a_walk_reads_again_only_the_places_of_a_list_that_hold_another_object() -> None:
    stories = tuple(Counted(f"t{n}", "") for n in range(50))
    index = ReadIndex()
    for part in ("first", "all"):
        reads = Reads()
        listed = view(Desk({"a": stories}), "desk", reads, (Desk,), LISTED).lists["a"]
        assert [s.title for s in (listed[:1] if part == "first" else listed)]
        index.add(part, reads)
    index.settled = True
    Counted.reads = 0
    edited = (*stories[:10], Counted("t10", "edited"), *stories[11:])
    assert index.changed({"desk": Desk({"a": edited})}) == set()
    assert Counted.reads == 1  # the new story's title; 49 places hold the same objects
    index.settled = True  # as a build says once it rendered what the walk found
    Counted.reads = 0
    again = (*edited[:20], Counted("t20", "edited"), *edited[21:])
    assert index.changed({"desk": Desk({"a": again})}) == set()
    assert Counted.reads == 1  # as the last walk saw the list


# A list made again with some places holding new objects, some taken out or added:
# walking only the places that changed finds what walking everything finds.
_RELOADS = st.lists(
    st.lists(
        st.tuples(st.integers(0, 4), st.sampled_from(["title", "summary", "gone", "added"])), max_size=3
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_RELOADS)
def test_reloads_that_look_only_at_places_that_changed_find_what_reading_everything_finds(
    reloads: list[list[tuple[int, str]]],
) -> None:
    stories = tuple(Story(f"t{n}", f"s{n}") for n in range(4))
    parts = {"titles": lambda s: s.title, "summaries": lambda s: s.summary, "count": None}

    def render(desk: Desk, part: str) -> tuple[Reads, object]:
        reads = Reads()
        seen = view(desk, "desk", reads, (Desk,), LISTED)
        show = parts[part]
        shown = len(seen.lists["a"]) if show is None else tuple(map(show, seen.lists["a"]))
        return reads, shown

    index, shown = ReadIndex(), {}
    desk = Desk({"a": stories})
    for part in parts:
        reads, shown[part] = render(desk, part)
        index.add(part, reads)
    index.settled = True
    for reload in reloads:
        items = list(desk.lists["a"])
        for place, change in reload:
            if change == "added":
                items.append(Story(f"t{len(items)}", "new"))
            elif place < len(items) and change == "gone":
                items.pop(place)
            elif place < len(items):
                old = items[place]
                items[place] = (
                    Story(old.title + "!", old.summary) if change == "title" else Story(old.title, "!")
                )
        desk = Desk({"a": tuple(items) if reload else desk.lists["a"]})
        expected = {part for part in parts if not same(shown[part], render(desk, part)[1])}
        assert index.changed({"desk": desk}) == expected
        for part in expected:
            reads, shown[part] = render(desk, part)
            index.add(part, reads)
        index.settled = True
