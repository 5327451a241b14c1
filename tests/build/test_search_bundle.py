"""The search bundle (build/search.py): what is indexed, in which shard, and failures."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from papertrail.build import search as search_bundle
from papertrail.build.pipeline import check_content
from papertrail.build.search import SEARCH_KINDS, SearchBundleError, build_search_bundle
from papertrail.render.prose import typographic
from tests.conftest import SEED_CONTENT, wait_for
from tests.searchfiles import search_records, shard_records


@pytest.fixture
def site(seed_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(seed_site, copy)
    return copy


def test_pages_meant_to_be_found_are_indexed_with_their_kind_and_summary(seed_site: Path) -> None:
    content, _ = check_content(SEED_CONTENT)
    records = {r["url"]: r for r in search_records(seed_site)}
    for story in content.stories.values():
        record = records[f"/stories/{story.id}/"]
        assert record["filters"]["kind"] == ["story"]
        assert " ".join(record["meta"]["summary"].split()) == " ".join(typographic(story.summary).split())
    for entity_id in content.entities:
        assert records[f"/topics/{entity_id}/"]["filters"]["kind"] == ["topic"]
    assert {k for r in records.values() for k in r["filters"]["kind"]} <= set(SEARCH_KINDS)
    # Lists are not results: the home page and the indexes.
    assert not {"/", "/stories/", "/topics/", "/questions/", "/outlets/"} & set(records)
    # Heading permalinks and the jump bar are not text to find.
    assert not any("¶" in r["content"] for r in records.values())


def test_shards_hold_the_newest_pages_first(site: Path) -> None:
    content, _ = check_content(SEED_CONTENT)
    bundle = build_search_bundle(site, shard_pages=2)
    older = json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8"))["older"]
    assert bundle.shards == 1 + len(older) > 1
    newest = max(content.stories.values(), key=lambda s: s.published)
    oldest = min(content.stories.values(), key=lambda s: s.published)
    shard_of = {}
    for number, folder in enumerate([site / "pagefind", *(site / "pagefind" / o for o in older)]):
        for record in shard_records(folder):
            shard_of[record["url"]] = number
    assert shard_of[f"/stories/{newest.id}/"] < shard_of[f"/stories/{oldest.id}/"]
    assert sum(1 for n in shard_of.values() if n == 0) <= 2


def test_a_failed_run_keeps_the_last_bundle_and_says_why(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = sorted(p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*"))
    import pagefind_bin  # type: ignore[import-untyped]

    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: Path("/bin/false"))
    with pytest.raises(SearchBundleError, match="Pagefind could not index"):
        build_search_bundle(site)
    assert sorted(p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*")) == before
    assert not [p for p in site.iterdir() if p.name.startswith(".pagefind-")]  # no leftovers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the allocator's settings are for Linux")
def test_pagefind_runs_with_its_allocator_settings_unless_the_environment_has_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name, value = search_bundle.PAGEFIND_ALLOCATOR
    monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PAGEFIND_SITE", "/elsewhere")
    env = search_bundle.pagefind_environment()
    assert env[name] == value
    assert "PAGEFIND_SITE" not in env  # the command's options are all Pagefind is told
    monkeypatch.setenv(name, "narenas:2")
    assert search_bundle.pagefind_environment()[name] == "narenas:2"


def test_the_allocator_settings_leave_the_bundle_as_it_was(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind's memory settings change how it gets memory, never what it writes."""
    name, _ = search_bundle.PAGEFIND_ALLOCATOR
    seen: list[str | None] = []
    run = subprocess.run

    def watched(*args: object, **kwargs: object) -> object:
        env = kwargs.get("env")
        seen.append(env.get(name) if isinstance(env, dict) else None)
        return run(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(search_bundle.subprocess, "run", watched)
    bundles = []
    for setting in (None, ""):  # ours, then jemalloc's defaults (an empty setting is kept)
        if setting is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, setting)
        out = tmp_path / f"bundle-{len(bundles)}"
        assert search_bundle.index_folder(site / "stories", out, "en") > 0
        bundles.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    expected = search_bundle.PAGEFIND_ALLOCATOR[1] if sys.platform.startswith("linux") else None
    assert seen == [expected, ""]
    assert bundles[0] == bundles[1]


def test_a_link_in_the_site_is_not_followed(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("<html><body><div data-pagefind-body>Secretword</div></body></html>", encoding="utf-8")
    (site / "planted.html").symlink_to(outside)
    build_search_bundle(site)
    assert not any("Secretword" in r["content"] for r in search_records(site))


def test_every_marked_page_is_found_wherever_its_marker_is(tmp_path: Path) -> None:
    # A page is read only as far as its marker when it can be: one far into the page, or
    # cut by where the first read ends, is still found, with its date.
    first = search_bundle._FIRST_READ
    marker = '<div data-pagefind-body data-pt-date="2024-05-01">'
    pages = {
        "near.html": f"<p>x</p>{marker}",
        "far/index.html": "<p>" + "x" * (3 * first) + f"</p>{marker}",
        "cut.html": "x" * (first - 10) + marker,
        "undated.html": "<div data-pagefind-body>text</div>",
        "unmarked.html": "<p>" + "x" * (2 * first) + "</p>",
        ".hidden/page.html": marker,
        "pagefind/page.html": marker,
    }
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "far")
    assert sorted(search_bundle.dated_pages(tmp_path, {})) == [
        ("cut.html", "2024-05-01"),
        ("far/index.html", "2024-05-01"),
        ("near.html", "2024-05-01"),
        ("undated.html", "~"),
    ]
    # The mark a build takes from a page's bytes as it writes it is the one read back.
    for name in pages:
        found = dict(search_bundle.dated_pages(tmp_path / name.rpartition("/")[0], {}))
        assert search_bundle.page_date((tmp_path / name).read_bytes()) == found.get(name.rpartition("/")[2])


def test_a_page_the_build_wrote_is_read_again_only_when_its_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = {
        "old.html": '<div data-pagefind-body data-pt-date="2020-01-01">',
        "new.html": '<div data-pagefind-body data-pt-date="2024-01-01">',
        "list.html": "<p>not indexed</p>",
    }
    written = {}
    for name, text in pages.items():
        data = f"<html><body>{text}</body></html>".encode()
        (tmp_path / name).write_bytes(data)
        info = (tmp_path / name).stat()
        written[name] = search_bundle.WrittenPage(
            name, info.st_size, info.st_mtime_ns, search_bundle.page_date(data)
        )
    read: list[str] = []
    marker = search_bundle._marker
    monkeypatch.setattr(search_bundle, "_marker", lambda path: read.append(Path(path).name) or marker(path))
    expected = sorted(search_bundle.dated_pages(tmp_path, {}))
    read.clear()
    assert sorted(search_bundle.dated_pages(tmp_path, written)) == expected
    assert read == []
    # Another hand wrote a page since (a plugin, an editor): it is read, and its new date counts.
    (tmp_path / "old.html").write_text(
        '<div data-pagefind-body data-pt-date="2025-06-30">page</div>', encoding="utf-8"
    )
    assert ("old.html", "2025-06-30") in search_bundle.dated_pages(tmp_path, written)
    assert read == ["old.html"]


def test_no_site_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SearchBundleError, match="build the site first"):
        search_bundle.build_search_bundle(tmp_path / "missing")


def test_a_site_without_pages_marked_for_search_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    with pytest.raises(SearchBundleError, match="no page is marked for search"):
        build_search_bundle(tmp_path)
    assert not (tmp_path / "pagefind").exists()


def test_a_preview_reindexes_only_the_shards_whose_pages_changed(site: Path) -> None:
    from papertrail.build.search_preview import ShardStore

    store = ShardStore()
    try:
        first = build_search_bundle(site, shard_pages=5, store=store)
        assert first.kept == 0 and first.shards > 2
        again = build_search_bundle(site, shard_pages=5, store=store)
        assert again.kept == again.shards  # nothing changed: every shard copied
        # An edit rewrites one page (as a --dirty rebuild does): its shard alone is indexed.
        story = next(site.glob("stories/*/index.html"))
        story.write_text(story.read_text(encoding="utf-8").replace("</h1>", " Quillowbrack</h1>", 1))
        edited = build_search_bundle(site, shard_pages=5, store=store)
        assert edited.kept == edited.shards - 1
        assert any("Quillowbrack" in r["content"] for r in search_records(site))
        fresh = site.parent / "fresh"
        shutil.copytree(site, fresh)
        build_search_bundle(fresh, shard_pages=5)
        assert search_records(fresh) == search_records(site)
    finally:
        store.close()


def test_a_page_rewritten_while_it_is_indexed_is_indexed_again_next_run(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview's rebuild may rewrite a page while the indexer reads it: that shard must
    not be kept under the new page's key with the old page's words (search then never
    showed the edit)."""
    from papertrail.build.search_preview import ShardStore

    index_all = search_bundle._index_all
    story = next(site.glob("stories/*/index.html"))

    def rewritten_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        counts = index_all(*args, **kwargs)
        story.write_text(story.read_text(encoding="utf-8").replace("</h1>", " Quillowbrack</h1>", 1))
        return counts

    store = ShardStore()
    try:
        monkeypatch.setattr(search_bundle, "_index_all", rewritten_meanwhile)
        build_search_bundle(site, shard_pages=5, store=store)  # read the page before the edit
        monkeypatch.setattr(search_bundle, "_index_all", index_all)
        again = build_search_bundle(site, shard_pages=5, store=store)  # the rebuild's run
        assert again.kept == again.shards - 1
        assert any("Quillowbrack" in r["content"] for r in search_records(site))
    finally:
        store.close()


def test_the_preview_indexer_tries_a_failed_run_once_more(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A run that fails (a page the next rebuild rewrote vanished under it) is tried
    again when nothing newer is asked for; a second failure is kept to be reported."""
    from papertrail.build import search_preview

    outcomes = [1, 0]  # fails, then works
    runs: list[list[str]] = []

    def run(_: object, command: list[str]) -> tuple[int, str]:
        runs.append(command)
        return outcomes.pop(0) if outcomes else 1, "page vanished\n"

    monkeypatch.setattr(search_preview.BackgroundIndexer, "_run", run)
    indexer = search_preview.BackgroundIndexer()
    try:
        indexer.request(tmp_path)
        indexer.wait(30)
        assert len(runs) == 2 and indexer.error is None
        indexer.request(tmp_path)  # fails, and fails again: said, not tried forever
        indexer.wait(30)
        assert len(runs) == 4 and str(indexer.error) == "page vanished"
    finally:
        indexer.close()  # its shard store, a folder in the system's temporary folder


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux's idle scheduling class")
def test_the_preview_indexes_only_on_cores_the_preview_leaves_idle() -> None:
    code = (
        "import os; from papertrail.build.search_preview import _below_the_preview; "
        "_below_the_preview(); print(os.sched_getscheduler(0) == os.SCHED_IDLE)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie no one reaped counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


# A run that takes long, with a process of its own as Pagefind's are; it writes both pids.
SLOW_RUN = (
    "import subprocess, sys, time; "
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
    "open(sys.argv[1], 'w').write(f'{child.pid} '); "
    "time.sleep(120)"
)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups")
def test_a_preview_that_ends_stops_its_indexing_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from papertrail.build import search_preview

    pids = tmp_path / "pids"
    monkeypatch.setattr(
        search_preview.BackgroundIndexer,
        "_command",
        lambda _, site: [sys.executable, "-c", SLOW_RUN, str(pids)],
    )
    indexer = search_preview.BackgroundIndexer()
    indexer.request(tmp_path)
    assert wait_for(lambda: pids.exists() and pids.read_text().strip())
    run = indexer._process
    assert run is not None
    helper = int(pids.read_text())
    started = time.monotonic()
    indexer.close()
    assert time.monotonic() - started < 10  # not the two minutes the run would take
    assert wait_for(lambda: _gone(run.pid) and _gone(helper))
    indexer.request(tmp_path)  # a closed indexer starts nothing more
    assert indexer._process is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's PR_SET_PDEATHSIG")
def test_indexing_ends_when_the_preview_process_dies(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    indexing = (
        "import os, sys, time; from papertrail.build.search_preview import _die_with_the_preview; "
        "_die_with_the_preview(int(sys.argv[1])); open(sys.argv[2], 'w').write(str(os.getpid())); time.sleep(120)"
    )
    # A preview that starts its indexing and is then killed: no shutdown hook runs.
    preview = (
        "import os, subprocess, sys, time; "
        f"subprocess.Popen([sys.executable, '-c', {indexing!r}, str(os.getpid()), sys.argv[1]], start_new_session=True); "
        "[time.sleep(0.05) for _ in range(200) if not os.path.exists(sys.argv[1])]; "
        "time.sleep(0.2); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", preview, str(pid_file)], check=True, timeout=60)
    child = int(pid_file.read_text())
    assert wait_for(lambda: _gone(child))
