"""Files parsed ahead on every core (content/parse_ahead.py) load as in one process."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from tests.conftest import SEED_CONTENT
from tests.content.test_properties import broken_content, write_folder


def test_the_seed_content_loads_the_same_parsed_by_two_workers() -> None:
    alone = load_content(SEED_CONTENT, workers=1)
    forked = load_content(SEED_CONTENT, workers=2)
    assert forked.content == alone.content
    assert forked.problems == alone.problems
    assert forked.broken == alone.broken


def test_files_parsed_ahead_are_kept_by_the_cache_as_if_parsed_here() -> None:
    cache = BuildCache()
    first = load_content(SEED_CONTENT, cache=cache, workers=2)
    assert cache.misses > 10 and cache.hits == 0
    cache.begin()
    again = load_content(SEED_CONTENT, cache=cache, workers=2)  # nothing to parse: all kept
    assert cache.misses == 0 and cache.hits > 10
    assert again.content == first.content
    # The very objects: unchanged files come back as the objects parsed (ahead) last time.
    assert all(again.content.stories[k] is first.content.stories[k] for k in first.content.stories)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(broken_content())
def test_broken_content_reports_the_same_problems_parsed_ahead(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_folder(Path(folder) / "content", files)
        alone = load_content(root, Path(folder), workers=1)
        forked = load_content(root, Path(folder), workers=2)
        assert forked.problems == alone.problems
        assert forked.content == alone.content
        assert forked.broken == alone.broken
