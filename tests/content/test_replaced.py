"""What a reload replaced, found by identity (content/replaced.py)."""

from __future__ import annotations

from dataclasses import dataclass

from papertrail.content.replaced import replaced, replaced_in_place


@dataclass(frozen=True)
class _Item:
    id: str
    text: str = ""


def test_the_positions_holding_another_object_are_found() -> None:
    a, b, c = _Item("a"), _Item("b"), _Item("c")
    assert replaced([a, b, c], [a, _Item("b"), c]) == [1]
    assert replaced([a, b, c], [a, b, c]) == []  # equal objects are not the point: identity is


def test_an_item_edited_in_its_place_is_replaced_in_place() -> None:
    a, b, c = _Item("a"), _Item("b"), _Item("c")
    assert replaced_in_place([a, b, c], [a, _Item("b", "edited"), c]) == [1]


def test_items_that_came_went_or_moved_are_not_in_place() -> None:
    a, b, c = _Item("a"), _Item("b"), _Item("c")
    assert replaced_in_place([a, b, c], [a, c, b]) is None  # moved
    assert replaced_in_place([a, b, c], [a, _Item("d"), c]) is None  # one went, another came
    assert replaced_in_place([a, b], [a, b, c]) is None  # one came
