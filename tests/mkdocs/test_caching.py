"""Work kept between builds must never change what a build produces, only how fast."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import papertrail
from papertrail.analysis.results import analyse
from papertrail.build.pipeline import build_site
from papertrail.content.cache import BuildCache
from papertrail.content.cache_files import CacheFileError
from papertrail.content.code_signature import code_files
from papertrail.content.loading import load_content
from papertrail.render import render_site
from papertrail.render.packed_html import pack_html
from papertrail.render.pages import SAVED_TABLES, Heading, RenderedPage
from papertrail.render.structured import SiteInfo
from tests.conftest import SEED_CONTENT, WriteContent, mkdocs_build
from tests.searchfiles import site_files

SITE = SiteInfo("Test", "https://news.example/")
RENDERED = RenderedPage(
    "stories/x.md", "X", pack_html("<p>x</p>"), (Heading("a", "A"),), "d", "content/stories/x.md",
    {"hide": ["navigation"], "search": {"boost": 2.0}},
)  # fmt: skip


def _touch(path: Path, text: str) -> None:
    """Rewrite ``path``, making sure its stamp changes even on a coarse-clock file system."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


PACKAGE = Path(papertrail.__file__).resolve().parent

# BuildCache ------------------------------------------------------------------------


def test_file_is_parsed_again_only_when_its_stamp_changes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one", encoding="utf-8")
    cache = BuildCache()
    calls: list[str] = []

    def parse(raw: bytes | None) -> list[str]:
        # The bytes the cache read to fingerprint the file: it is read once.
        assert raw is not None
        calls.append(raw.decode("utf-8"))
        return [calls[-1]]

    first = cache.file(path, "a.txt", parse)
    assert cache.file(path, "a.txt", parse) is first
    _touch(path, "two!")
    assert cache.file(path, "a.txt", parse) == ["two!"]
    assert calls == ["one", "two!"]


def test_a_file_that_is_no_ordinary_file_is_handed_to_its_loader_unread(tmp_path: Path) -> None:
    """A pipe or a link is not opened by the cache (a FIFO hung a build): its loader says why."""
    (tmp_path / "real.txt").write_text("text", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "real.txt")
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    cache = BuildCache()
    given: list[bytes | None] = []
    for path in (link, pipe):
        cache.file(path, path.name, lambda raw: given.append(raw) or [])
    assert given == [None, None]


def test_file_with_a_new_stamp_but_the_same_bytes_is_not_parsed_again(tmp_path: Path) -> None:
    """A fresh checkout (CI) gives every file a new time; unchanged bytes still count as unchanged."""
    path = tmp_path / "a.txt"
    path.write_text("same", encoding="utf-8")
    cache = BuildCache()
    first = cache.file(path, "a.txt", lambda _: ["parsed"])
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp + 5_000_000_000, stamp + 5_000_000_000))
    assert cache.file(path, "a.txt", lambda _: ["again"]) is first
    _touch(path, "diff")
    assert cache.file(path, "a.txt", lambda _: ["again"]) == ["again"]


def test_derived_results_need_the_identical_inputs() -> None:
    cache = BuildCache()
    subject, other = object(), object()
    count = iter(range(100))
    assert cache.derived("t", subject, (other, "text", 3), lambda: next(count)) == 0
    assert cache.derived("t", subject, (other, "text", 3), lambda: next(count)) == 0
    # Plain values compare by equality (a string built anew is the same input)...
    assert cache.derived("t", subject, (other, "".join(["te", "xt"]), 3), lambda: next(count)) == 0
    # ...objects by identity, and the number of inputs counts.
    assert cache.derived("t", subject, (object(), "text", 3), lambda: next(count)) == 1
    assert cache.derived("t", subject, (other, "text"), lambda: next(count)) == 2
    assert cache.derived("t", object(), (other, "text"), lambda: next(count)) == 3


def test_derived_each_computes_only_the_subjects_it_does_not_hold_and_shares_derived_entries() -> None:
    cache = BuildCache()
    first, second, third = object(), object(), object()
    asked: list[list[int]] = []

    def compute(positions: list[int]) -> list[str]:
        asked.append(positions)
        return [f"made {n}" for n in range(len(asked) * 10, len(asked) * 10 + len(positions))]

    assert cache.derived_each("t", [first, second], compute) == ["made 10", "made 11"]
    assert cache.derived_each("t", [first, third, second], compute) == ["made 10", "made 20", "made 11"]
    assert asked == [[0, 1], [1]]
    # The same entries as derived() with no inputs: either finds what the other made.
    assert cache.derived("t", third, (), lambda: "again") == "made 20"
    cache.begin()
    cache.derived_each("t", [second], compute)
    cache.sweep()  # what it used is kept, the rest forgotten
    assert cache.derived_each("t", [second, first], compute) == ["made 11", "made 30"]


def test_derived_each_on_a_reload_computes_the_replaced_subject_and_finds_moved_ones() -> None:
    cache = BuildCache()
    subjects = [object() for _ in range(5)]
    asked: list[list[int]] = []

    def compute(positions: list[int]) -> list[tuple[int, int]]:
        asked.append(positions)
        return [(len(asked), position) for position in positions]

    first = cache.derived_each("t", subjects, compute)
    # One replaced, two trading places, in a list as long as the last one.
    again = [subjects[0], object(), subjects[3], subjects[2], subjects[4]]
    second = cache.derived_each("t", again, compute)
    assert asked[1:] == [[1]]
    assert second == [first[0], (2, 1), first[3], first[2], first[4]]
    # And once more, unchanged: nothing to compute, the same results.
    assert cache.derived_each("t", list(again), compute) == second and len(asked) == 2


def test_sweep_forgets_what_the_last_build_did_not_use() -> None:
    cache = BuildCache()
    kept, dropped = object(), object()
    cache.derived("t", kept, (), lambda: "kept")
    cache.derived("t", dropped, (), lambda: "dropped")
    cache.begin()
    cache.derived("t", kept, (), lambda: "again")
    cache.sweep()
    assert len(cache) == 1
    assert cache.derived("t", kept, (), lambda: "again") == "kept"


def test_a_saved_cache_brings_back_finished_pages_and_nothing_else(
    write_content: WriteContent, tmp_path: Path
) -> None:
    root = write_content()
    cache = BuildCache()
    first = load_content(root, tmp_path, cache).content
    pages = render_site(first, SITE, analysis=analyse(first, cache))
    cache.save(tmp_path / "cache", SAVED_TABLES)
    loaded = BuildCache.load(tmp_path / "cache", SAVED_TABLES)
    loaded.begin()
    second = load_content(root, tmp_path, loaded).content
    again = render_site(second, SITE, analysis=analyse(second, loaded))
    # Pages come back from disk equal to what was rendered (keyed by their specs);
    # parsed files and identity-keyed results are not saved: they are built again.
    assert again == pages
    cold = BuildCache()
    third = load_content(root, tmp_path, cold).content
    render_site(third, SITE, analysis=analyse(third, cold))
    assert loaded.misses > 0
    assert loaded.hits > cold.hits  # the saved pages were used, not rendered again


def test_unreadable_foreign_or_planted_caches_are_ignored(tmp_path: Path) -> None:
    cache = BuildCache()
    cache.keyed("page", "k", lambda: RENDERED)
    cache.save(tmp_path, SAVED_TABLES)
    assert len(BuildCache.load(tmp_path, SAVED_TABLES)) == 1  # a cache this code wrote is used...
    written = tmp_path / "build-cache.json"
    document = json.loads(written.read_text())
    document["data"][0] = ["other code"]
    written.write_text(json.dumps(document))
    assert len(BuildCache.load(tmp_path, SAVED_TABLES)) == 0  # ...one written by other code is not
    # A pickle (which would run code when loaded), text that is not JSON, JSON of
    # another shape: refused, never half used.
    cache.save(tmp_path, SAVED_TABLES)
    good = json.loads(written.read_text())
    wrong_shape = json.loads(written.read_text())
    wrong_shape["data"][1]["page"]["k"]["packed"] = 1  # a number where bytes go
    for planted in [
        pickle.dumps(RENDERED),
        b"not json",
        json.dumps({**good, "data": {"a": 1}}).encode(),
        json.dumps(wrong_shape).encode(),
    ]:
        written.write_bytes(planted)
        with pytest.raises(CacheFileError):
            BuildCache.load(tmp_path, SAVED_TABLES)


def test_a_cache_unchanged_since_it_was_read_is_not_written_again(tmp_path: Path) -> None:
    """A warm build that rendered nothing new leaves the file (at 5,000 stories 130 MB
    written again, at the build's peak of memory)."""
    cache = BuildCache()
    cache.keyed("page", "k", lambda: RENDERED)
    cache.save(tmp_path, SAVED_TABLES)
    written = tmp_path / "build-cache.json"
    os.utime(written, ns=(1, 1))
    loaded = BuildCache.load(tmp_path, SAVED_TABLES)
    loaded.begin()
    loaded.keyed("page", "k", lambda: RENDERED)
    loaded.sweep()
    loaded.save(tmp_path, SAVED_TABLES)
    assert written.stat().st_mtime_ns == 1  # not written
    loaded.begin()
    loaded.keyed("page", "new", lambda: RENDERED)
    loaded.sweep()  # "k" was not used: gone, and "new" came
    loaded.save(tmp_path, SAVED_TABLES)
    assert written.stat().st_mtime_ns != 1
    assert set(json.loads(written.read_text())["data"][1]["page"]) == {"new"}


# Loading and rendering with a cache --------------------------------------------------


def test_unchanged_files_are_the_same_objects_and_keep_their_problems(
    write_content: WriteContent, tmp_path: Path
) -> None:
    root = write_content({"entities/broken.yml": "name: Broken\nkind: nonsense\nsummary: x\n"})
    cache = BuildCache()
    first = load_content(root, tmp_path, cache)
    _touch(root / "questions/why.md", (root / "questions/why.md").read_text(encoding="utf-8") + "\nMore.\n")
    second = load_content(root, tmp_path, cache)
    assert second.content.stories["test-story"] is first.content.stories["test-story"]
    assert second.content.questions["why"] is not first.content.questions["why"]
    assert second.content.questions["why"].body.endswith("More.")
    # A broken file read from the cache is still reported, every build.
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]
    assert any("broken.yml" in str(p) for p in second.problems)


# Edits an editor makes, each changing what some page reads from another file.
EDITS = [
    ("stories/test-story.md", "Alpha Person did it.", "Alpha Person did it again."),
    ("entities/alpha.yml", "Alpha is a person.", "Alpha is a politician."),
    ("entities/alpha.yml", "aliases: [Alpha]", "aliases: [Alpha, Al]"),
    # Names alone: "Alpha" stops being a name, so the question's "Because Alpha said so."
    # loses its link while the topic's id, page and blurb stay the same.
    ("entities/alpha.yml", "aliases: [Alpha, Al]", "aliases: [Al]"),
    ("sources/paper-one.md", "title: It happened", "title: It really happened"),
    ("outlets.yml", "The Daily", "The Morning Daily"),
    # A byline's name shows in every feed with the story (the topic's feed kept the old one).
    ("authors.yml", "Rita Reporter", "Rita R. Reporter"),
    # A topic's name shows in the feeds of its stories (as a category) and its own.
    ("entities/alpha.yml", "name: Alpha Person", "name: Alpha Person Jr"),
]


def _site(root: Path, base: Path, cache: BuildCache | None) -> list[tuple[str, str]]:
    if cache is not None:
        cache.begin()
    built = build_site(root, SITE, base=base, cache=cache)
    assert not built.checked.errors, built.checked.errors
    return [(p.path, p.html) for p in built.pages] + [(a.path, a.text) for a in built.feeds]


def test_cached_rendering_equals_fresh_rendering_after_each_edit(
    write_content: WriteContent, tmp_path: Path
) -> None:
    root = write_content()
    assert "Alpha Person did it." in (root / "stories/test-story.md").read_text(encoding="utf-8")
    cache = BuildCache()
    _site(root, tmp_path, cache)
    for name, old, new in EDITS:
        path = root / name
        assert old in path.read_text(encoding="utf-8")
        _touch(path, path.read_text(encoding="utf-8").replace(old, new))
        cached = _site(root, tmp_path, cache)
        fresh = _site(root, tmp_path, None)
        assert cached == fresh, name
        assert cache.hits > 0  # something was reused, or this test tests nothing
    joined = "\n".join(markdown for _, markdown in cached)
    assert "did it again" in joined and "The Morning Daily" in joined and "politician" in joined


def test_seed_content_renders_the_same_warm_and_cold(tmp_path: Path) -> None:
    cache = BuildCache()
    cold = _site(SEED_CONTENT, tmp_path, cache)
    warm = _site(SEED_CONTENT, tmp_path, cache)
    assert warm == cold
    assert cache.misses == 0


# The whole build ---------------------------------------------------------------------


_files = site_files


@pytest.mark.slow
def test_warm_build_writes_the_same_site_and_follows_edits(project_copy: Path, tmp_path: Path) -> None:
    cached = {"PAPERTRAIL_CACHE": "true"}
    cold = mkdocs_build(project_copy, tmp_path / "cold", **cached)
    assert cold.returncode == 0, cold.stderr
    assert (project_copy / ".cache/plugin/papertrail/pages.json").is_file()
    warm = mkdocs_build(project_copy, tmp_path / "warm", **cached)
    assert warm.returncode == 0, warm.stderr
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")

    # An edit to one story: the warm build must equal a build without any cache.
    story = next((project_copy / "content/stories").glob("*.md"))
    text = story.read_text(encoding="utf-8")
    summary = text.split("summary: ")[1].split("\n")[0]
    _touch(story, text.replace(summary, f"Edited for the cache test. {summary}"))
    edited = mkdocs_build(project_copy, tmp_path / "edited", **cached)
    assert edited.returncode == 0, edited.stderr
    fresh = mkdocs_build(project_copy, tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.stderr
    edited_files, fresh_files = _files(tmp_path / "edited"), _files(tmp_path / "fresh")
    assert edited_files == fresh_files
    assert b"Edited for the cache test." in edited_files["index.html"]  # type: ignore[operator]
    assert any("Edited for the cache test." in r["content"] for r in edited_files["search records"])  # type: ignore[attr-defined]
    assert edited_files != _files(tmp_path / "warm")


@pytest.mark.slow
def test_stored_page_linking_to_a_removed_page_is_rendered_again(project_copy: Path, tmp_path: Path) -> None:
    """A docs page kept in the cache must not hide MkDocs' warning for a link that broke."""
    cached = {"PAPERTRAIL_CACHE": "true"}
    (project_copy / "docs/extra.md").write_text("# Extra\n\nSee [the other page](other.md).\n")
    (project_copy / "docs/other.md").write_text("# Other\n")
    first = mkdocs_build(project_copy, tmp_path / "one", **cached)
    assert first.returncode == 0, first.stderr
    (project_copy / "docs/other.md").unlink()
    second = mkdocs_build(project_copy, tmp_path / "two", **cached)
    assert second.returncode != 0
    assert "other.md" in second.stderr and "extra.md" in second.stderr


def test_a_cache_save_that_fails_keeps_the_last_cache_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = BuildCache()
    cache.keyed("page", "k", lambda: RENDERED)
    cache.save(tmp_path, SAVED_TABLES)
    saved = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def write_failing(*args: Any, **kwargs: Any) -> Iterator[str]:
        yield '{"kind":'  # part of the file is written, then the disk is full
        raise OSError(28, "No space left on device")

    cache.keyed("page", "another", lambda: RENDERED)  # something to save
    monkeypatch.setattr("papertrail.content.cache_files.json.JSONEncoder.iterencode", write_failing)
    with pytest.raises(OSError):
        cache.save(tmp_path, SAVED_TABLES)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == saved


# `mkdocs serve --dirty`, as `make serve` runs it ---------------------------------------

SERVE_LIKE = """
import gc, hashlib, json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, site, dirty, edit = sys.argv[1], sys.argv[2], sys.argv[3] == "dirty", sys.argv[4:]

def config():
    # As mkdocs serve does before each build: the plugin instances are kept.
    loaded = load_config(config_file, site_dir=site)
    loaded.plugins.on_startup(command="serve", dirty=dirty)
    return loaded

first = config()
build(first, serve_url="http://127.0.0.1:8000/", dirty=dirty)
first.plugins["papertrail"].indexer.wait()  # a preview indexes search on a thread

def pages():
    return {p: hashlib.sha1(p.read_bytes()).digest() for p in Path(site).rglob("*.html")}

before = pages()
running = first.plugins
if edit:
    path, old, new = edit
    Path(path).write_text(Path(path).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    # As the preview's server does: the rebuild comes once the watch on content/ (started
    # by the first build) has been told of the edit, and it names the file to that build.
    watch, edited = first.plugins["papertrail"].watch, os.path.realpath(path)
    deadline = time.monotonic() + 10
    while watch.observer is not None and time.monotonic() < deadline:
        with watch._lock:
            if edited in {os.path.realpath(p) for p in watch._changed}:
                break
        time.sleep(0.02)
    last = config()
    running = last.plugins
    build(last, serve_url="http://127.0.0.1:8000/", dirty=dirty)
    # A reload runs with the cycle collector off; its garbage is collected soon after.
    paused = not gc.isenabled()
    last.plugins["papertrail"].indexer.wait()
    time.sleep(last.plugins["papertrail"].collector.collect_after + 1)
    resumed = gc.isenabled()
    counts = last.plugins["papertrail"].counts
    told = last.plugins["papertrail"].build_cache.changed  # None: it looked at every file
    after = pages()
    changed = sum(1 for page, digest in after.items() if before.get(page) != digest)
    print(json.dumps({
        "skipped": counts.unchanged,
        "pages": counts.unchanged + counts.reused + counts.rendered,
        "changed": changed,
        "told": told is not None and edited in {os.path.realpath(p) for p in told},
        "collector": [paused, resumed],
    }))
# As mkdocs serve does when it stops: what the preview kept in the system's temporary
# folder (its search shards, its cards without a cache folder) goes.
running.on_shutdown()
"""


def _serve_like(project: Path, site: Path, dirty: bool, *edit: str) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SERVE_LIKE,
            str(project / "mkdocs.yml"),
            str(site),
            "dirty" if dirty else "clean",
            *edit,
        ],
        capture_output=True,
        text=True,
        # The dirty run keeps its cache in memory between its two builds (and starts from
        # none: the project is a fresh copy); the clean one builds without any.
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "DISABLE_MKDOCS_2_WARNING": "true",
            "PAPERTRAIL_CACHE": "true" if dirty else "false",
        },
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _comparable(site: Path) -> dict[str, object]:
    files = _files(site)
    # Each preview makes its own secret for the web editor's API (editor_backend.py).
    if "admin/config.yml" in files:
        files["admin/config.yml"] = re.sub(
            rb"/admin/api/[\w-]+", b"/admin/api/SECRET", files["admin/config.yml"]
        )  # type: ignore[arg-type]
    return files


@pytest.mark.slow
def test_dirty_serve_rebuild_skips_unchanged_pages_and_equals_a_clean_build(
    project_copy: Path, tmp_path: Path
) -> None:
    story = next((project_copy / "content/stories").glob("*.md"))
    # The headline: shown on the story, home, the indexes and topic pages, and drawn on
    # the story's sharing card (which the dirty preview must place again).
    edit = (str(story), "title: ", "title: Edited in preview. ")
    report = json.loads(_serve_like(project_copy, tmp_path / "dirty", True, *edit))
    # Only the pages the edit changed were written again (the edit changes some, never
    # all), yet the site is what a clean build makes.
    assert 0 < report["skipped"] < report["pages"]
    assert report["pages"] - report["skipped"] <= report["changed"], report
    # The watch started with the first build, so the reload was told the edited file
    # and looked at it alone (a reload that looks at every file is whole, and slower).
    assert report["told"], report
    assert report["collector"] == [True, True], report
    _serve_like(project_copy, tmp_path / "clean", False)
    dirty, clean = _comparable(tmp_path / "dirty"), _comparable(tmp_path / "clean")
    assert dirty.keys() == clean.keys()
    assert [k for k in dirty if dirty[k] != clean[k]] == []
    assert b"Edited in preview." in clean["index.html"]  # type: ignore[operator]
    # The search index follows the edit (the page kept by --dirty are in it too).
    assert any("Edited in preview." in r["content"] for r in dirty["search records"])  # type: ignore[attr-defined]
    assert len(dirty["search records"]) == len(clean["search records"])  # type: ignore[arg-type]


def test_the_code_a_saved_cache_must_match_covers_every_layer() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in code_files()}
    # A page template, a module of each layer and the theme's assets: a change to any of
    # them makes a saved cache another build's.
    assert {
        "render/templates/story.html",
        "render/story.py",
        "mkdocs/plugin.py",
        "content/cache.py",
        "theme/assets/papertrail.css",
        "theme/overrides/main.html",
    } <= names


def test_told_which_files_changed_a_build_looks_at_those_alone_and_equals_a_fresh_one(
    write_content: WriteContent, tmp_path: Path
) -> None:
    """A preview's watch names the changed files (BuildCache.begin): the others are taken
    as they were without a stat, and files that came or went list their folder again."""
    root = write_content()
    cache = BuildCache()
    cache.begin(None)
    first = load_content(root, tmp_path, cache).content
    story, why = root / "stories/test-story.md", root / "questions/why.md"
    _touch(why, why.read_text(encoding="utf-8") + "\nMore.\n")
    cache.begin(set())  # told nothing changed: the file is not looked at
    assert load_content(root, tmp_path, cache).content.questions["why"] is first.questions["why"]
    cache.begin({str(why)})
    second = load_content(root, tmp_path, cache).content
    assert second.questions["why"].body.endswith("More.")
    assert second.stories["test-story"] is first.stories["test-story"]
    # A new file and a removed one, each named: the folder is listed again.
    copy = root / "stories/copied-story.md"
    copy.write_text(story.read_text(encoding="utf-8"), encoding="utf-8")
    cache.begin({str(copy)})
    assert set(load_content(root, tmp_path, cache).content.stories) == {"test-story", "copied-story"}
    copy.unlink()
    cache.begin({str(copy)})
    assert set(load_content(root, tmp_path, cache).content.stories) == {"test-story"}
    # Each edit of the rendering test, told by name, renders what a fresh build does.
    for name, old, new in EDITS:
        path = root / name
        _touch(path, path.read_text(encoding="utf-8").replace(old, new))
        cache.begin({str(path)})
        built = build_site(root, SITE, base=tmp_path, cache=cache)
        cached = [(p.path, p.html) for p in built.pages] + [(a.path, a.text) for a in built.feeds]
        assert cached == _site(root, tmp_path, None), name
