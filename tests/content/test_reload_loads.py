"""A preview's reload loads what changed and keeps the rest as the identical objects
(content/loading.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from tests.conftest import SEED_CONTENT


def test_a_kind_no_file_of_which_changed_is_the_identical_dict(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, root)
    cache = BuildCache()
    first = load_content(root, tmp_path, cache).content
    story = next(root.glob("stories/*.md"))
    story.write_text(
        story.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8"
    )
    cache.begin([str(story)])
    second = load_content(root, tmp_path, cache).content
    # The stories changed; sources, entities and questions are the very dicts of the last load.
    assert second.stories is not first.stories
    assert second.stories[story.stem].title.startswith("Edited")
    assert second.sources is first.sources and second.entities is first.entities
    assert second.questions is first.questions
    source = next(
        path for path in root.glob("sources/*.md") if "\ntitle:" in path.read_text(encoding="utf-8")
    )
    source.write_text(
        source.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8"
    )
    cache.begin([str(source)])
    third = load_content(root, tmp_path, cache).content
    assert third.sources is not second.sources and third.stories is second.stories
    assert third == load_content(root, tmp_path).content  # what a load without the cache gives
