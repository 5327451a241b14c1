"""The site's pages rendered on every core (build/render_workers.py)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertrail.analysis.results import analyse
from papertrail.build.pipeline import build_site
from papertrail.build.render_workers import render_parts
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from papertrail.content.model import Content
from papertrail.render import sources
from papertrail.render import story as story_pages
from papertrail.render.pages import SAVED_TABLES
from papertrail.render.paging import PAGE_SIZE, page_path
from papertrail.render.paths import STORIES_INDEX
from papertrail.render.site import render_site, site_parts
from papertrail.render.structured import SiteInfo
from tests.conftest import ROOT, SEED_CONTENT

SITE = SiteInfo("Test", "https://news.example/")


def test_two_workers_render_the_site_one_process_renders() -> None:
    content = load_content(SEED_CONTENT).content
    analysis = analyse(content)
    alone = render_site(content, SITE, analysis=analysis)
    parts = site_parts(content, SITE, analysis=analysis)
    assert len(parts) > 2  # more than one part for each worker
    forked = [page for pages in render_parts(parts, None, workers=2) for page in pages]
    assert forked == alone  # the same pages, in the same order


def _saved_pages(cache: BuildCache, folder: Path) -> int:
    """How many finished pages ``cache`` saves for the next build."""
    cache.sweep()  # as a build does before saving: what it did not use goes
    cache.save(folder, SAVED_TABLES)
    return len(BuildCache.load(folder, SAVED_TABLES))


def test_what_workers_render_comes_back_to_the_build_cache(tmp_path: Path) -> None:
    content = load_content(SEED_CONTENT).content
    alone, forked = BuildCache(), BuildCache()
    alone.begin()
    render_parts(site_parts(content, SITE, analysis=analyse(content, alone)), alone, workers=1)
    forked.begin()
    analysis = analyse(content, forked)  # pages find the cache through their analysis
    pages = render_parts(site_parts(content, SITE, analysis=analysis), forked, workers=2)
    kept = _saved_pages(alone, tmp_path / "alone")
    assert kept > 2
    # Every finished page a worker made is in the build's cache, and saved.
    assert _saved_pages(forked, tmp_path / "forked") == kept
    # A build on two workers that reuses them all keeps them all (they count as used).
    forked.begin()
    analysis = analyse(content, forked)
    again = render_parts(site_parts(content, SITE, analysis=analysis), forked, workers=2)
    assert again == pages
    assert forked.misses == 0
    # ...and hands back the build's own pages of items (nearly every page), not copies
    # made by the workers: a warm build held every page twice.
    pairs = [
        (a, b) for part, before in zip(again, pages, strict=True) for a, b in zip(part, before, strict=True)
    ]
    items = [(a, b) for a, b in pairs if a.origin is not None]
    assert len(items) > len(pairs) / 2
    assert all(a is b for a, b in items)
    assert _saved_pages(forked, tmp_path / "again") == kept


# A preview's reloads: parts whose reads are the same keep their pages -----------------

_SEED_FILES = {
    str(p.relative_to(SEED_CONTENT)): p.read_text(encoding="utf-8")
    for p in sorted(SEED_CONTENT.rglob("*"))
    if p.is_file()
}
# Words to put in place of others: ids (a reference moves), names (a mention appears
# or goes), dates, plain words.
_WORDS = sorted(
    {w for text in _SEED_FILES.values() for w in re.findall(r"[\w-]{4,}", text)} | {"2024-05-01", "zz"}
)


@st.composite
def _edits(draw: st.DrawFn) -> list[tuple[str, int, str, str]]:
    """One to three edits: a file, a line of it, a word on that line and its replacement."""
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(_SEED_FILES)))
        line = draw(st.integers(0, _SEED_FILES[name].count("\n")))
        edits.append((name, line, draw(st.sampled_from(_WORDS)), draw(st.sampled_from(_WORDS))))
    return edits


def _pages(root: Path, cache: BuildCache | None) -> list[tuple[str, str]]:
    if cache is not None:
        cache.begin()
    built = build_site(root, SITE, base=root.parent, cache=cache, preview=True, now=NOW)
    return [(p.path, p.html) for p in built.pages] + [(a.path, a.text) for a in built.feeds]


NOW = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_edits())
def test_a_reload_keeps_only_parts_whose_reads_are_the_same(edits: list[tuple[str, int, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        for name, text in _SEED_FILES.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        cache = BuildCache()
        _pages(root, cache)
        for name, line, old, new in edits:
            lines = (root / name).read_text(encoding="utf-8").split("\n")
            word = re.search(r"[\w-]{4,}", lines[line])
            lines[line] = lines[line].replace(word.group(), new, 1) if word else lines[line] + old
            _write(root / name, "\n".join(lines))
            kept = dict(cache.parts)
            assert _pages(root, cache) == _pages(root, None)  # the preview shows what a fresh build does
            # Some parts were kept: the preview renders every part even when a file broke,
            # so a reload that rendered everything again would fail here.
            assert any(cache.parts.get(key) is part for key, part in kept.items())


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with a new stamp, even on a coarse clock."""
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000
    os.utime(path, ns=(stamp, stamp))


def _edit_field(path: Path, field: str) -> None:
    """Put a word before the value of ``field`` in the front matter of ``path``, with a new stamp."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(f"{field}:"))
    lines[at] = lines[at].replace(f"{field}: ", f"{field}: Edited ", 1)
    _write(path, "\n".join(lines))


def test_a_story_s_edit_renders_the_page_of_the_stories_index_it_is_on(tmp_path: Path) -> None:
    # Each page of the index of every story is a part: an edit to one story renders its
    # page of the index again, not every page (which reads every story).
    folder = tmp_path / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/make_corpus.py"),
            "--stories",
            str(2 * PAGE_SIZE + 5),
            "--out",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    root = folder / "content"
    cache = BuildCache()
    _pages(root, cache)
    content = cache.content
    assert isinstance(content, Content)
    oldest = content.stories_newest_first[-1]
    index_pages = [p for p in cache.parts if p == STORIES_INDEX or p.startswith("stories/page/")]
    last = page_path(STORIES_INDEX, len(index_pages))
    assert len(index_pages) == 3 and last in index_pages
    before = dict(cache.parts)
    _edit_field(root.parent / oldest.origin.path, "summary")
    assert _pages(root, cache) == _pages(root, None)
    assert [p for p in index_pages if cache.parts[p] is not before[p]] == [last]


def test_a_story_s_edit_renders_the_page_of_each_outlet_it_is_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each page of an outlet is a part: a story's edit renders, of the outlets it cites,
    # the pages it is listed on, not every page of theirs.
    root = tmp_path / "content"
    for name, text in _SEED_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    model = next(
        name for name, text in _SEED_FILES.items() if name.startswith("stories/") and "papers:" in text
    )
    text = _SEED_FILES[model]
    published = re.search(r"^published: *(.+)$", text, re.MULTILINE)
    assert published is not None
    for number in range(PAGE_SIZE + 5):  # older copies citing the same sources, a day apart
        day = (dt.datetime(2001, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=number)).isoformat()
        copy = text.replace(published.group(0), f"published: {day}", 1)
        (root / f"stories/copy-{number:03}.md").write_text(copy, encoding="utf-8")
    cache = BuildCache()
    _pages(root, cache)
    content = cache.content
    assert isinstance(content, Content)
    story = content.stories[Path(model).stem]  # the newest of them: on each outlet's first page
    outlets = {content.sources[p.source].outlet for p in story.papers if p.source in content.sources}
    pages = {
        o: sorted(k for k in cache.parts if k == f"outlets/{o}.md" or k.startswith(f"outlets/{o}/"))
        for o in outlets
    }
    assert outlets and all(
        found == [f"outlets/{o}.md", f"outlets/{o}/page/2.md"] for o, found in pages.items()
    )
    before = dict(cache.parts)
    _edit_field(root / model, "title")
    # Each page asks again what it lists; only the edited story's outlets work it out.
    worked_out: list[str] = []
    counted = sources.outlet_pages
    monkeypatch.setattr(sources, "outlet_pages", lambda c, o: worked_out.append(o) or counted(c, o))
    reloaded = _pages(root, cache)
    monkeypatch.undo()
    assert reloaded == _pages(root, None)
    assert sorted(worked_out) == sorted(o for o in outlets for _ in range(2))
    for outlet, found in pages.items():
        assert [k for k in found if cache.parts[k] is not before[k]] == [f"outlets/{outlet}.md"]


def test_a_story_s_related_stories_are_ranked_again_only_when_what_they_rank_by_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A story page follows its related stories through a guarded call: the ranking is
    # asked again only when the postings of the story's topics or the chosen stories
    # changed, and then the page shows the new ranking.
    folder = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench/make_corpus.py"), "--stories", "40", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    root = folder / "content"
    ranked: list[str] = []
    rank = story_pages.related_stories
    monkeypatch.setattr(
        story_pages, "related_stories", lambda s, c, cache=None: ranked.append(s.id) or rank(s, c, cache)
    )
    cache = BuildCache()
    _pages(root, cache)
    content = cache.content
    assert isinstance(content, Content)
    newest = content.stories_newest_first[0]
    related = [s.id for s in rank(newest, content)]
    # A topic's blurb: nothing a ranking reads. The stories listing the topic show the
    # blurb and are rendered again (ranking as they render); no other is ranked again.
    topic = min(newest.entities, key=lambda e: len(content.stories_by_entity.get(e, ())))
    before = dict(cache.parts)
    _edit_field(root / f"entities/{topic}.yml", "summary")
    ranked.clear()
    cache.begin()
    build_site(root, SITE, base=root.parent, cache=cache, preview=True, now=NOW)
    rendered = {k for k in before if k.startswith("stories/") and cache.parts.get(k) is not before[k]}
    assert sorted(ranked) == sorted(Path(k).stem for k in rendered if Path(k).stem in content.stories)
    assert 0 < len(ranked) < len(content.stories)
    # Another story made a copy of the newest (every topic of it, its date): it ranks
    # first among the newest story's related stories, whose page shows it.
    other = next(s for s in content.stories_newest_first[1:] if s.id not in related)
    _write(root / f"stories/{other.id}.md", (root.parent / newest.origin.path).read_text(encoding="utf-8"))
    before = cache.parts[f"stories/{newest.id}.md"]
    ranked.clear()
    assert _pages(root, cache) == _pages(root, None)
    now = cache.content
    assert isinstance(now, Content)
    assert other.id in [s.id for s in rank(now.stories[newest.id], now)]
    assert cache.parts[f"stories/{newest.id}.md"] is not before
    assert newest.id in ranked
