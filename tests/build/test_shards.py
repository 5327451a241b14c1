"""A build split into shards and merged (build/shards.py) is the whole build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from papertrail.build.shards import Shard, ShardError, merge_shards, merge_sitemaps, read_shard
from tests.conftest import copy_project
from tests.searchfiles import search_records, without_search_files

NOW = "2026-11-23T12:00:00+00:00"
PATHS = [f"stories/story-{n}.md" for n in range(200)] + ["index.md", "about.md", "topics/x/page/2.md"]


def test_every_page_is_in_exactly_one_shard() -> None:
    for count in (1, 3, 4):
        holders = [[Shard(k, count).holds(p) for k in range(1, count + 1)] for p in PATHS]
        assert all(sum(held) == 1 for held in holders)
    assert sum(Shard(1, 4).holds(p) for p in PATHS) > len(PATHS) / 8  # not all in one


@pytest.mark.parametrize("value", ["0/2", "3/2", "2", "a/b", "1/0", " 2 / 3"])
def test_a_shard_is_written_k_of_n(value: str) -> None:
    with pytest.raises(ShardError, match="write the shard as K/N"):
        read_shard(value)


def _build(project: Path, site: Path, *extra: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *extra, "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PAPERTRAIL_CACHE": "false",
            "PAPERTRAIL_NOW": NOW,
            "DISABLE_MKDOCS_2_WARNING": "true",
            **env,
        },
    )


def _files(site: Path) -> dict[str, bytes]:
    return without_search_files(
        {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.rglob("*")
            if p.is_file() and p.name != "sitemap.xml.gz"
        }
    )


@pytest.mark.slow
def test_three_shards_merged_are_the_whole_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    whole = _build(project, tmp_path / "whole", "--strict")
    assert whole.returncode == 0, whole.stderr[-3000:]
    shards = []
    for number in (1, 2, 3):
        site = tmp_path / f"shard-{number}"
        built = _build(project, site, "--dirty", PAPERTRAIL_SHARD=f"{number}/3")
        assert built.returncode == 0, built.stderr[-3000:]
        shards.append(site)
    # Each shard wrote only its pages; together, every page.
    pages = [len(list(s.rglob("index.html"))) for s in shards]
    assert all(0 < n < len(list((tmp_path / "whole").rglob("index.html"))) for n in pages)
    merged = merge_shards(tmp_path / "merged", shards)
    assert _files(merged.folder) == _files(tmp_path / "whole")
    assert search_records(merged.folder) == search_records(tmp_path / "whole")


def test_a_shard_build_needs_the_dirty_mode_and_says_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    built = _build(project, tmp_path / "site", PAPERTRAIL_SHARD="1/2")
    assert built.returncode != 0
    assert "properdocs build --dirty" in built.stderr


def test_shards_that_disagree_are_not_merged(tmp_path: Path) -> None:
    for name, text in (("a", "one"), ("b", "two")):
        (tmp_path / name / "assets").mkdir(parents=True)
        (tmp_path / name / "assets" / "x.css").write_text(text, encoding="utf-8")
    with pytest.raises(ShardError, match=r"assets/x\.css"):
        merge_shards(tmp_path / "merged", [tmp_path / "a", tmp_path / "b"])
    assert not (tmp_path / "merged").exists() or not any((tmp_path / "merged").iterdir())


def test_sitemaps_of_shards_merge_into_the_whole_sitemap(seed_site: Path) -> None:
    whole = (seed_site / "sitemap.xml").read_bytes()
    entries = re.findall(rb"\s*<url>.*?</url>", whole, flags=re.DOTALL)
    assert len(entries) > 3
    head, tail = whole.split(entries[0], 1)[0], whole.rsplit(entries[-1], 1)[1]
    # Three shards, each with every third page, the home page in two of them.
    shards = [head + b"".join(entries[k::3] + entries[:1]) + tail for k in range(3)]
    assert merge_sitemaps(shards) == whole
