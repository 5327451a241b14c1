"""The rules' work on single items done in the analysis's worker processes (checks/__init__.py
work_ahead, build/pipeline.py check_loaded)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from papertrail import checks
from papertrail.build import pipeline
from papertrail.build.pipeline import check_loaded
from papertrail.checks import links
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from tests.conftest import STORY, WriteContent

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def test_the_item_rules_and_prose_links_are_worked_out_with_the_analysis(
    write_content: WriteContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = STORY.replace("Alpha Person did it.", "<b>Alpha</b> and [Alpha Person](/topics/alfa/) did it.")
    root = write_content({"stories/test-story.md": story})
    loaded = load_content(root, root.parent)
    docs = root.parent / "docs"
    alone = [str(p) for p in check_loaded(loaded, docs, NOW, workers=1).problems]
    assert any("raw HTML" in p for p in alone) and any("'/topics/alfa/'" in p for p in alone)
    # What the rules work out in this process, when they have to.
    main, here = os.getpid(), []

    def spy(work: Any, name: str) -> Any:
        def spied(item: Any) -> Any:
            if os.getpid() == main:
                here.append(name)
            return work(item)

        return spied

    monkeypatch.setattr(checks, "_check_item", spy(checks._check_item, "item checks"))
    monkeypatch.setattr(links, "_links_of", spy(links._links_of, "links"))
    forked = [str(p) for p in check_loaded(loaded, docs, NOW, workers=2).problems]
    assert forked == alone
    assert here == []  # all of it was done in the workers
    # With a cache, a second check takes every result from it: no work is handed out,
    # and a check that starts no worker processes (a preview's reload) does not even
    # look for it.
    cache = BuildCache()
    assert [str(p) for p in check_loaded(loaded, docs, NOW, cache, workers=2).problems] == alone
    cache.begin()
    assert all(not items for _, _, items in checks.work_ahead(loaded.content, cache))
    looked: list[object] = []
    monkeypatch.setattr(pipeline, "work_ahead", lambda *args: looked.append(args) or [])
    assert [str(p) for p in check_loaded(loaded, docs, NOW, cache, workers=2).problems] == alone
    assert looked == []
