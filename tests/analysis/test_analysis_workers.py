"""Mentions and quotations worked out on every core are those of one process."""

from __future__ import annotations

import dataclasses

from papertrail.analysis.results import analyse
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from tests.conftest import SEED_CONTENT


def test_two_workers_find_what_one_process_finds() -> None:
    content = load_content(SEED_CONTENT).content
    alone, forked = analyse(content, workers=1), analyse(content, workers=2)
    assert forked.quote_checks == alone.quote_checks
    assert forked.links.context == alone.links.context
    assert forked.links.story_mentions == alone.links.story_mentions
    assert any(quotes for quotes, _ in alone.quote_checks.values())  # something was checked


def test_what_workers_found_is_kept_by_the_cache() -> None:
    cache = BuildCache()
    content = load_content(SEED_CONTENT, cache=cache).content
    first = analyse(content, cache, workers=2)
    cache.begin()
    again = analyse(content, cache, workers=2)
    assert cache.misses == 0  # every result is reused
    assert again.quote_checks == first.quote_checks
    assert all(again.quote_checks[k] is first.quote_checks[k] for k in first.quote_checks)


def test_topics_listed_together_are_kept_while_the_lists_are_and_counted_again_when_not() -> None:
    cache = BuildCache()
    content = load_content(SEED_CONTENT, cache=cache).content
    first = analyse(content, cache)
    assert first.links.related  # the seeds list topics together
    cache.begin()
    assert analyse(dataclasses.replace(content), cache).links.related is first.links.related
    story = next(s for s in content.stories.values() if len(s.entities) > 1)
    listed = dataclasses.replace(story, entities=story.entities[:1])
    edited = dataclasses.replace(content, stories={**content.stories, story.id: listed})
    cache.begin()
    assert analyse(edited, cache).links.related == analyse(edited).links.related != first.links.related
