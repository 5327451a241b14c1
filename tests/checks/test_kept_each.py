"""Rules that go item by item keep each item's problems across a preview's reloads
(checks.kept_each): only the items that are not the last build's objects are checked."""

from __future__ import annotations

import dataclasses

from papertrail.analysis.results import analyse
from papertrail.checks import CheckInput, kept_each
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from papertrail.content.model import Story
from papertrail.content.problems import Problem
from tests.conftest import SEED_CONTENT


def test_only_the_replaced_items_are_checked_again_while_the_context_is_the_same() -> None:
    content = load_content(SEED_CONTENT).content
    given = CheckInput(content, analyse(content, BuildCache()))
    stories = tuple(content.stories.values())
    checked: list[str] = []

    def check(story: Story) -> tuple[Problem, ...]:
        checked.append(story.id)
        return (story.origin.problem(("title",), f"checked {story.title}"),)

    def run(items: tuple[Story, ...], context: tuple[object, ...]) -> list[str]:
        checked.clear()
        return [problem.message for problem in kept_each(given, "test", items, check, context)]

    context = (content.sources,)
    first = run(stories, context)
    assert sorted(checked) == sorted(s.id for s in stories)
    assert run(stories, context) == first and checked == []  # every result kept
    edited = dataclasses.replace(stories[0], title="Edited")
    assert run((edited, *stories[1:]), context) == ["checked Edited", *first[1:]]
    assert checked == [edited.id]
    run((edited, *stories[1:]), (object(),))  # another context: every item again
    assert len(checked) == len(stories)
