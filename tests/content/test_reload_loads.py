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


def test_a_kept_kind_keeps_its_problems_and_its_files_stay_in_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, root)
    (root / "sources" / "bad-source.md").write_text("---\ntitle: No outlet\n---\n\nText.\n", encoding="utf-8")
    cache = BuildCache()
    first = load_content(root, tmp_path, cache)
    assert any("bad-source" in p.path for p in first.problems) and "bad-source" in first.broken["sources"]
    story = next(root.glob("stories/*.md"))
    story.write_text(
        story.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8"
    )
    cache.begin([str(story)])
    second = load_content(root, tmp_path, cache)
    assert second.content.sources is first.content.sources  # the kind was kept whole
    assert second.problems == load_content(root, tmp_path).problems  # its problems with it
    assert second.broken == first.broken
    cache.sweep()  # the kept kind's files count as used: none is forgotten
    cache.begin()
    load_content(root, tmp_path, cache)
    assert cache.misses == 0


def test_an_edited_file_is_loaded_again_alone_and_a_new_problem_in_it_is_found(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, root)
    cache = BuildCache()
    first = load_content(root, tmp_path, cache)
    source = next(
        path for path in root.glob("sources/*.md") if "\ntitle:" in path.read_text(encoding="utf-8")
    )
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\ntitle:", "\ntitle: Edited", 1), encoding="utf-8")
    cache.begin([str(source)])
    second = load_content(root, tmp_path, cache)
    assert second.content.sources[source.stem].title.startswith("Edited")  # type: ignore[union-attr]
    # Only the edited file was looked up (and the three listing files, which are read whole).
    assert cache.misses == 1 and cache.hits <= 3
    others = [k for k in first.content.sources if k != source.stem]
    assert all(second.content.sources[k] is first.content.sources[k] for k in others)
    assert list(second.content.sources) == list(first.content.sources)  # in the order of the files
    assert second.problems == load_content(root, tmp_path).problems
    # A field the file may not have, then none: its problem is found, then gone.
    source.write_text(text.replace("\ntitle:", "\ncolour: red\ntitle:", 1), encoding="utf-8")
    cache.begin([str(source)])
    third = load_content(root, tmp_path, cache)
    fresh = load_content(root, tmp_path)
    assert third.problems == fresh.problems and any(source.stem in p.path for p in third.problems)
    assert third.broken == fresh.broken and third.content == fresh.content
    source.write_text(text, encoding="utf-8")
    cache.begin([str(source)])
    assert load_content(root, tmp_path, cache).problems == first.problems
