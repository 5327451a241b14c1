"""Mentions and quotations worked out on every core are those of one process."""

from __future__ import annotations

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
