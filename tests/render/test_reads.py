"""What a part read (render/reads.py): recorded on the way, compared exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.render.read_views import follow, view
from papertrail.render.reads import MISSING, ReadIndex, Reads, guard_key, same


@dataclass(frozen=True)
class Item:
    name: str


@dataclass
class Shelf:
    items: dict[str, Item] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.items.values())

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)


def still_same(reads: Reads, roots: Mapping[str, object]) -> bool:
    """Whether one part with ``reads`` would be kept: every read and call the same again,
    as a build decides it (build/render_workers.py, through an index of every part's reads)."""
    index = ReadIndex()
    index.add("part", reads)
    return not index.changed(roots) and reads.calls_same(roots)


def test_values_are_the_same_when_equal_objects_only_when_identical() -> None:
    a, b = Item("a"), Item("a")
    assert same("x", "x") and same(3, 3) and same(dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    assert not same(a, b)  # equal, but another object: another file was read
    assert same((a, "x"), (a, "x")) and not same((a,), (b,)) and not same((a,), (a, a))
    assert same({"k": a}, {"k": a}) and not same({"k": a}, {"k": b})
    assert not same({"j": a, "k": a}, {"k": a, "j": a})  # order is what a page lists
    assert not same(1, 1.0) and not same(1, True) and same(MISSING, MISSING)


def test_reads_of_keys_attributes_and_methods_are_recorded_and_made_again() -> None:
    alpha = Item("Alpha")
    shelf = Shelf({"a": alpha}, {"a": 2})
    reads = Reads()
    seen = view(shelf, "shelf", reads, (Shelf,))
    assert seen.items["a"] is alpha
    assert seen.items.get("gone") is None and "b" not in seen.items
    assert seen.count("a") == 2  # the method runs on the view: its reads are recorded
    assert still_same(reads, {"shelf": Shelf({"a": alpha}, {"a": 2, "other": 1})})
    # Each read, changed on its own, is noticed.
    assert not still_same(reads, {"shelf": Shelf({"a": Item("Alpha")}, {"a": 2})})
    assert not still_same(reads, {"shelf": Shelf({"a": alpha, "gone": alpha}, {"a": 2})})
    assert not still_same(reads, {"shelf": Shelf({"a": alpha, "b": alpha}, {"a": 2})})
    assert not still_same(reads, {"shelf": Shelf({"a": alpha}, {"a": 3})})


def test_a_walk_over_a_mapping_depends_on_all_of_it() -> None:
    alpha, beta = Item("Alpha"), Item("Beta")
    reads = Reads()
    assert [i.name for i in view(Shelf({"a": alpha}), "shelf", reads, (Shelf,)).items.values()] == ["Alpha"]
    assert still_same(reads, {"shelf": Shelf({"a": alpha})})
    assert not still_same(reads, {"shelf": Shelf({"a": alpha, "b": beta})})
    derived = Reads()
    assert view(Shelf({"a": alpha}), "shelf", derived, (Shelf,)).names == ("Alpha",)
    assert still_same(derived, {"shelf": Shelf({"a": alpha})})
    assert not still_same(derived, {"shelf": Shelf({"a": Item("Alpha 2")})})


def test_a_followed_call_records_its_result_not_its_reads() -> None:
    alpha = Item("Alpha")
    calls = []

    def first_name(shelf: Shelf, prefix: str) -> str:
        calls.append(prefix)
        return prefix + min(shelf.names)

    reads = Reads()
    assert follow(first_name, view(Shelf({"a": alpha}), "shelf", reads, (Shelf,)), "> ") == "> Alpha"
    assert not reads.seen  # nothing read through the view: the call ran on the real shelf
    # Another item that does not change the result leaves the part as it was.
    assert still_same(reads, {"shelf": Shelf({"a": alpha, "z": Item("Zed")})})
    assert not still_same(reads, {"shelf": Shelf({"a": alpha, "b": Item("Aardvark")})})
    assert calls == ["> "] * 3
    assert follow(first_name, Shelf({"a": alpha}), "") == "Alpha"  # no view: a plain call


def test_a_guarded_call_is_asked_again_only_when_its_guard_reads_another_value() -> None:
    alpha = Item("Alpha")

    def first_name(shelf: Shelf, prefix: str) -> str:
        return prefix + min(shelf.names)

    def names(shelf: Shelf, prefix: str, result: str) -> None:
        shelf.names  # noqa: B018 (read through a view)

    reads = Reads()
    assert (
        follow(first_name, view(Shelf({"a": alpha}), "shelf", reads, (Shelf,)), "> ", guard=names)
        == "> Alpha"
    )
    assert not reads.seen and reads.guarded
    index = ReadIndex()
    index.add("part", reads)
    assert index.changed({"shelf": Shelf({"a": alpha}, {"a": 2})}) == set()  # the names are the same
    moved = {"shelf": Shelf({"a": alpha, "z": Item("Zed")})}
    assert index.changed(moved) == {guard_key("part")}
    assert reads.calls_same(moved)  # asked again: the same first name, the part is kept
    index.remove("part")  # the guard's reads go with the part
    assert index.changed({"shelf": Shelf({"b": Item("Beta")})}) == set()
    # One call without a guard: every call is asked again at each reload.
    follow(first_name, view(Shelf({"a": alpha}), "shelf", reads, (Shelf,)), "")
    assert not reads.guarded


def test_an_index_of_many_parts_reads_each_once_and_names_the_parts_a_change_touches() -> None:
    alpha, beta = Item("Alpha"), Item("Beta")
    shelf = Shelf({"a": alpha, "b": beta}, {"a": 1})
    index = ReadIndex()
    for key, wanted in (("reads-a", "a"), ("reads-b", "b"), ("reads-both", "ab")):
        reads = Reads()
        seen = view(shelf, "shelf", reads, (Shelf,))
        for name in wanted:
            assert seen.items[name].name
        index.add(key, reads)
    assert index.changed({"shelf": Shelf({"a": alpha, "b": beta})}) == set()
    assert index.changed({"shelf": Shelf({"a": Item("Alpha"), "b": beta})}) == {"reads-a", "reads-both"}
    assert index.changed({"shelf": Shelf({"a": alpha})}) == {"reads-b", "reads-both"}
    # What a mapping was is now of another shape: every part below it changed.
    assert index.changed({"shelf": Shelf(None, {})}) == {"reads-a", "reads-b", "reads-both"}  # type: ignore[arg-type]
    # A part rendered again replaces its reads; a part gone takes them with it.
    again = Reads()
    view(shelf, "shelf", again, (Shelf,)).counts.get("a")
    index.add("reads-a", again)
    index.remove("reads-both")
    assert index.changed({"shelf": Shelf({"a": Item("Alpha"), "b": beta}, {"a": 1})}) == set()
    assert index.changed({"shelf": Shelf({"a": alpha, "b": beta}, {"a": 2})}) == {"reads-a"}


def _render(shelf: Shelf, keys: str, present: str = "") -> Reads:
    """What a part that shows ``keys`` of the shelf, and says whether each of ``present``
    is there, reads."""
    reads = Reads()
    seen = view(shelf, "shelf", reads, (Shelf,))
    for key in keys:
        seen.items.get(key)
    for key in present:
        _ = key in seen.items
    return reads


def test_a_walk_after_a_build_that_did_not_finish_looks_at_everything_again() -> None:
    alpha = Item("Alpha")
    index = ReadIndex()
    index.add("part", _render(Shelf({"a": alpha}), "a"))
    index.settled = True  # the build finished
    edited = Shelf({"a": Item("Alpha 2")})
    assert index.changed({"shelf": edited}) == {"part"}
    # The build that found it stopped before rendering the part again: the same
    # content still differs from what the part read.
    assert index.changed({"shelf": edited}) == {"part"}


class Counted:
    """An item that counts how often its name is read."""

    reads = 0

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        Counted.reads += 1
        return self._name


def test_the_first_walk_after_a_build_reads_again_only_what_differs_from_that_build() -> None:
    # The dicts a build's parts read through stand for their reads at the next walk,
    # as those a walk saw do: a preview's first reload need not make every read again.
    items = {key: Counted(key) for key in "abc"}
    index = ReadIndex()
    for key in "abc":
        reads = Reads()
        assert view(Shelf(items), "shelf", reads, (Shelf, Counted)).items[key].name == key  # type: ignore[arg-type]
        index.add(key, reads)
    index.settled = True
    Counted.reads = 0
    edited = {**items, "b": Counted("b, edited")}
    assert index.changed({"shelf": Shelf(edited)}) == {"b"}  # type: ignore[arg-type]
    assert Counted.reads == 1  # the new b's name; a and c are the same objects in a dict made again
    # A build that did not finish leaves nothing to trust: everything is read again.
    index.settled = False
    Counted.reads = 0
    assert index.changed({"shelf": Shelf(edited)}) == {"b"}  # type: ignore[arg-type]
    assert Counted.reads == 3


# Each part: the keys it shows, and the keys whose presence alone it shows.
PARTS = {
    "p-a": ("a", ""),
    "p-b": ("b", "b"),
    "p-ab": ("ab", ""),
    "p-cd": ("cd", ""),
    "p-d?": ("", "de"),
    "p-none": ("", ""),
}


def _what_it_read(items: dict[str, Item], part: str) -> dict[str, object]:
    shown, present = PARTS[part]
    return {**{k: items.get(k, MISSING) for k in shown}, **{f"{k}?": k in items for k in present}}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from("abcde"), st.sampled_from(["new", "gone"])), max_size=3),
        min_size=1,
        max_size=8,
    )
)
def test_reloads_that_look_only_at_what_differs_find_what_reading_everything_finds(
    edits: list[list[tuple[str, str]]],
) -> None:
    # Each reload: a dict made again with some keys given new objects or taken out,
    # or (no edits) the identical dict; the parts found changed are rendered again.
    items = {key: Item(key) for key in "abc"}
    index = ReadIndex()
    read: dict[str, dict[str, object]] = {}
    for part, (shown, present) in PARTS.items():
        index.add(part, _render(Shelf(items), shown, present))
        read[part] = _what_it_read(items, part)
    index.settled = True
    for reload in edits:
        if reload:
            items = dict(items)
            for key, change in reload:
                if change == "new":
                    items[key] = Item(key)
                else:
                    items.pop(key, None)
        shelf = Shelf(items)
        expected = {p for p, was in read.items() if not same(was, _what_it_read(items, p))}
        assert index.changed({"shelf": shelf}) == expected
        for part in expected:
            index.add(part, _render(shelf, *PARTS[part]))
            read[part] = _what_it_read(items, part)
        index.settled = True
