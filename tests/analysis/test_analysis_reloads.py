"""A preview's reload analyses only the stories and questions that changed, and finds
what an analysis of the whole content finds (analysis/results.py, analysis/mentions.py)."""

from __future__ import annotations

import dataclasses

from papertrail.analysis.results import Analysis, analyse
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from papertrail.content.model import Content, PaperItem, Story
from tests.conftest import SEED_CONTENT


def _same_as_fresh(analysis: Analysis, content: Content) -> None:
    fresh = analyse(content)
    assert analysis.quote_checks == fresh.quote_checks
    assert analysis.links.context == fresh.links.context
    assert analysis.links.story_mentions == fresh.links.story_mentions
    assert analysis.links.related == fresh.links.related


def _edited(content: Content, story: Story, **changes: object) -> Content:
    return dataclasses.replace(
        content, stories={**content.stories, story.id: dataclasses.replace(story, **changes)}
    )


def test_a_reload_analyses_the_edited_story_and_keeps_the_rest() -> None:
    cache = BuildCache()
    content = load_content(SEED_CONTENT, cache=cache).content
    first = analyse(content, cache)
    story = next(s for s in content.stories.values() if s.papers and len(s.entities) > 1)
    other = next(s for s in content.stories.values() if s is not story)
    # The story now mentions nothing in its sections, and misquotes its first paper.
    sections = tuple(dataclasses.replace(section, body="Nothing named here.") for section in story.sections)
    papers = (PaperItem(story.papers[0].source, "It said “words that are nowhere in the source at all”."),)
    edited = _edited(content, story, sections=sections, papers=papers + story.papers[1:])
    cache.begin()
    again = analyse(edited, cache)
    _same_as_fresh(again, edited)
    assert again.links.story_mentions[story.id] != first.links.story_mentions[story.id]
    assert again.quote_checks[story.id] != first.quote_checks[story.id]
    # The other stories' results are the last build's very objects, not found again.
    assert again.links.story_mentions[other.id] is first.links.story_mentions[other.id]
    assert again.quote_checks[other.id] is first.quote_checks[other.id]
    cache.begin()
    _same_as_fresh(analyse(edited, cache), edited)  # and again, with nothing changed


def test_a_reload_after_a_source_or_an_entity_changed_is_analysed_whole() -> None:
    cache = BuildCache()
    content = load_content(SEED_CONTENT, cache=cache).content
    analyse(content, cache)
    source = next(iter(content.sources.values()))
    retexted = dataclasses.replace(
        content, sources={**content.sources, source.id: dataclasses.replace(source, body="Other words.")}
    )
    cache.begin()
    _same_as_fresh(analyse(retexted, cache), retexted)
    entity = next(iter(content.entities.values()))
    renamed = dataclasses.replace(
        retexted, entities={**retexted.entities, entity.id: dataclasses.replace(entity, name="Zzyzx Qwerty")}
    )
    cache.begin()
    _same_as_fresh(analyse(renamed, cache), renamed)
    story = next(iter(renamed.stories.values()))
    cache.begin()
    _same_as_fresh(
        analyse(_edited(renamed, story, summary="Edited."), cache), _edited(renamed, story, summary="Edited.")
    )
