"""Related stories (render/story.py): ranked as the plain definition ranks them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.content.model import Content, Origin, Section, Story
from papertrail.render import story as story_module
from papertrail.render.story import related_stories

UTC = dt.timezone.utc
ENTITIES = [f"e{n}" for n in range(6)]


def _story(n: int, hour: int, entities: list[str]) -> Story:
    return Story(
        f"s{n:02d}",
        Origin(f"s{n:02d}.md"),
        f"Title {n % 3}",
        dt.datetime(2026, 3, 1, hour, tzinfo=UTC),
        "Summary.",
        (Section("happened", "What's happened", "Text."),),
        entities=tuple(dict.fromkeys(entities)),
    )


def _reference(story: Story, content: Content, limit: int, most: int) -> list[str]:
    """Every other story by how many counted entities it shares, newer first, then by id."""
    counted = [e for e in story.entities if len(content.stories_by_entity.get(e, ())) <= most]
    shared = {
        other.id: sum(e in other.entities for e in counted)
        for other in content.stories.values()
        if other.id != story.id
    }
    ranked = sorted(
        (i for i, n in shared.items() if n),
        key=lambda i: (-shared[i], -content.stories[i].published.timestamp(), i),
    )
    return ranked[:limit]


STORIES = st.lists(
    st.tuples(st.integers(0, 3), st.lists(st.sampled_from(ENTITIES), max_size=4)), min_size=1, max_size=14
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(stories=STORIES, limit=st.integers(0, 5), most=st.integers(1, 6))
def test_related_stories_are_ranked_by_shared_entities_then_recency_then_id(
    stories: list[tuple[int, list[str]]], limit: int, most: int
) -> None:
    # Few hours, few entities: many ties in both counts and times. Listed last id first:
    # ties are not left to the order the stories were listed in.
    made = [_story(n, hour, entities) for n, (hour, entities) in enumerate(stories)]
    content = Content(stories={s.id: s for s in reversed(made)})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(story_module, "RELATED_MAX_POSTINGS", most)
        for story in content.stories.values():
            found = [s.id for s in related_stories(story, content, limit=limit)]
            assert found == _reference(story, content, limit, most)
