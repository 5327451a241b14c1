"""The cycle collector kept off the content (content/collector.py, content/workers.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from papertrail.build.pipeline import check_loaded
from papertrail.checks import RULES, CheckInput
from papertrail.content import collector
from papertrail.content.collector import MOST_OVERTAKEN, PreviewCollector, making_long_lived
from papertrail.content.loading import load_content
from papertrail.content.problems import Problem
from papertrail.content.workers import chunked, fork_chunks
from tests.conftest import SEED_CONTENT, wait_for


@pytest.fixture(autouse=True)
def _collector_as_it_was(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    was = gc.isenabled()
    gc.unfreeze()
    monkeypatch.setattr(collector, "_SET_ASIDE", False)
    yield
    gc.unfreeze()
    gc.collect()
    if was:
        gc.enable()


def _walked(thing: object) -> bool:
    """Whether the collector's next full collection would walk ``thing``."""
    return any(o is thing for o in gc.get_objects())


class Made:
    """A tracked object (instances with a __dict__ are tracked)."""


def test_the_collector_is_paused_in_the_block_and_what_it_made_is_set_aside_after() -> None:
    gc.enable()
    with making_long_lived():
        assert not gc.isenabled()
        made = Made()
    assert gc.isenabled()
    assert not _walked(made)
    after = Made()
    assert _walked(after)  # what comes later is collected as usual


def test_only_the_first_use_sets_aside_so_a_reload_never_freezes_the_last_builds_garbage() -> None:
    gc.enable()
    with making_long_lived():
        first = Made()
    with making_long_lived():
        again = Made()
    assert not _walked(first)
    assert _walked(again)
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    with making_long_lived():
        pass
    assert not gc.isenabled()


def test_loaded_content_is_not_walked_by_later_collections() -> None:
    gc.enable()
    loaded = load_content(SEED_CONTENT)
    story = next(iter(loaded.content.stories.values()))
    assert not _walked(story)
    assert not _walked(loaded.content.stories)
    assert gc.isenabled()


def test_the_analysis_and_the_rules_run_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.enable()
    seen: list[bool] = []

    def spy(given: CheckInput) -> list[Problem]:
        seen.append(gc.isenabled())
        return []

    monkeypatch.setitem(RULES, "spy", spy)
    check_loaded(load_content(SEED_CONTENT), SEED_CONTENT.parent / "docs")
    assert seen == [False]
    assert gc.isenabled()


MADE_BEFORE_THE_FORK: list[Made] = []


def _walked_in_worker(chunk: list[int]) -> list[bool]:
    mine = Made()
    return [_walked(MADE_BEFORE_THE_FORK[0]), _walked(mine)]


def test_a_forked_worker_does_not_walk_what_it_inherited() -> None:
    gc.enable()
    MADE_BEFORE_THE_FORK[:] = [Made()]
    assert _walked(MADE_BEFORE_THE_FORK[0])  # here, it is walked as usual
    results = fork_chunks(_walked_in_worker, chunked([1, 2], 1, workers=2), 2)
    assert results == [[False, True], [False, True]]
    assert _walked(MADE_BEFORE_THE_FORK[0])  # and still here after the workers


def _garbage_in_a_cycle() -> weakref.ref[Made]:
    """A cycle nothing refers to, which only the cycle collector frees; a weak reference to it."""
    made = Made()
    made.me = made  # type: ignore[attr-defined]
    return weakref.ref(made)


def _after_first_build(collector: PreviewCollector) -> object:
    gc.enable()
    collector.build_starts()
    assert gc.isenabled()  # the first build's loads pause the collector themselves
    first = Made()
    collector.build_ended()
    assert not _walked(first)  # set aside once collected
    return first


def test_a_preview_reload_runs_without_the_collector_and_its_garbage_is_collected_after() -> None:
    collector = PreviewCollector(collect_after=0.05)
    try:
        _after_first_build(collector)
        collector.build_starts()
        assert not gc.isenabled()
        cycle = _garbage_in_a_cycle()
        collector.build_ended()
        assert cycle() is not None  # not while the browser reloads
        assert wait_for(lambda: cycle() is None and gc.isenabled())
    finally:
        collector.close()
    assert gc.isenabled()


def test_saves_faster_than_the_collection_still_collect_every_few_builds() -> None:
    collector = PreviewCollector(collect_after=60)  # never comes by itself in this test
    try:
        _after_first_build(collector)
        cycles = []
        for _ in range(MOST_OVERTAKEN):
            collector.build_starts()
            cycles.append(_garbage_in_a_cycle())
            collector.build_ended()
            assert not gc.isenabled()
        collector.build_starts()  # overtakes the last one's collection too
        collector.build_ended()
        assert gc.isenabled()
        assert all(cycle() is None for cycle in cycles)
    finally:
        collector.close()


def test_a_failed_reload_collects_at_once() -> None:
    collector = PreviewCollector(collect_after=60)
    try:
        _after_first_build(collector)
        collector.build_starts()
        cycle = _garbage_in_a_cycle()
        collector.build_failed()
        assert gc.isenabled()
        assert cycle() is None
    finally:
        collector.close()
