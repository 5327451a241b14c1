"""Loading never crashes, hangs or balloons on a hostile or broken file.

Each case puts one bad file beside the small valid content folder and a second,
ordinary mistake in a good file, then runs ``papertrail check`` as an editor would
(in a subprocess, so a crash of the parser could not take the test run with it). The
bad file gets one clear line and the good files are still checked.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from papertrail.analysis.publishing import find_held, without_held
from papertrail.build.pipeline import check_content
from papertrail.content import documents
from papertrail.content.documents import MAX_NESTING, load_yaml_text
from papertrail.render import render_feeds, render_site
from papertrail.render.structured import SiteInfo
from papertrail.tools import cli
from tests.conftest import STORY, WriteContent

# An ordinary mistake in a good file: it must still be reported beside the bad file.
GOOD_FILE_MISTAKE = {
    "questions/why.md": "---\ntitle: Why?\nentities: [alpha, nobody-known]\n---\n\nBecause.\n",
}
GOOD_FILE_MESSAGE = (
    "content/questions/why.md:3: entities[1]: error: unknown entity 'nobody-known': "
    "`papertrail ls entities` lists the ids there are"
)

# "Billion laughs": nine aliases of nine aliases of ... would be 9**9 items expanded.
ALIAS_BOMB = "name: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"k{i}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


# `papertrail check` as it runs, with the parser chosen: libyaml (what PyYAML uses
# when it has it) or PyYAML's pure-Python parser. Messages must not depend on which.
RUN_CHECK = """
import sys
import papertrail.content.documents as documents
documents.LOADER = documents.{}
from papertrail.tools.cli import main
sys.exit(main(["check"]))
"""


@pytest.fixture(params=["LIBYAML_LOADER", "PYTHON_LOADER"])
def yaml_loader(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def check(cwd: Path, loader: str = "LIBYAML_LOADER") -> subprocess.CompletedProcess[str]:
    # The timeout is a guard against a hang, not a performance assertion.
    return subprocess.run(
        [sys.executable, "-c", RUN_CHECK.format(loader)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def unreported(result: subprocess.CompletedProcess[str], expected: str) -> list[str]:
    """What ``papertrail check`` got wrong about a bad file beside good ones (nothing: [])."""
    lines = result.stderr.splitlines()
    wrong = []
    if "Traceback" in result.stderr or result.returncode != 1:
        wrong.append(f"exit {result.returncode}: {result.stderr[-2000:]}")
    if not any(expected in line for line in lines):
        wrong.append(f"not reported: {expected}")
    if GOOD_FILE_MESSAGE not in lines:
        wrong.append("the good files beside the bad one were not checked")
    return wrong


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "entities/alpha.yml",
            ALIAS_BOMB,
            "content/entities/alpha.yml:2: error: YAML aliases (*name) are not allowed",
        ),
        (
            "entities/alpha.yml",
            "name: " + "[" * 100_000 + "]" * 100_000 + "\n",
            f"content/entities/alpha.yml:1: error: nested more than {MAX_NESTING} levels deep",
        ),
        (
            "entities/alpha.yml",
            "name: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n",
            f"content/entities/alpha.yml:1: error: nested more than {MAX_NESTING} levels deep",
        ),
        (
            "stories/test-story.md",
            STORY.replace("summary: Something happened.", "summary: " + "[" * 100_000 + "]" * 100_000),
            f"content/stories/test-story.md:4: error: nested more than {MAX_NESTING} levels deep",
        ),
        (
            "entities/alpha.yml",
            "name:\n" + "".join("  " * i + "- \n" for i in range(1, 60)),
            f"nested more than {MAX_NESTING} levels deep",
        ),
        (
            "entities/alpha.yml",
            "name: " + "1" * 5_000 + "\n",
            "content/entities/alpha.yml:1: error: a number 5,000 digits long, which no field holds",
        ),
        (
            "stories/test-story.md",
            STORY.replace("published: 2025-09-03T10:00:00+00:00", "published: 2025" + "0" * 5_000),
            "content/stories/test-story.md:3: error: a number 5,004 digits long, which no field holds",
        ),
        (
            "entities/alpha.yml",
            "? [a, b]\n: c\n",
            "content/entities/alpha.yml:1: error: a field name must be plain text",
        ),
        (
            "stories/test-story.md",
            STORY.replace("title: A test story", 'title: "x \\v"'),  # \v at the end: strip() would drop it
            "content/stories/test-story.md:2: title: error: holds the invisible control character U+000B",
        ),
        (
            "stories/test-story.md",
            STORY.replace("Alpha Person did it.", "Alpha Person did\x0c it."),
            "content/stories/test-story.md:16: error: holds the invisible control character U+000C",
        ),
        (
            "entities/alpha.yml",
            'name: Alpha\nkind: person\nsummary: A.\naliases: ["Al\\x07pha"]\n',
            "content/entities/alpha.yml:4: aliases[0]: error: holds the invisible control character U+0007",
        ),
        (
            "stories/test-story.md",
            STORY.replace("title: A test story", "title: " + "x" * 3_000),
            "content/stories/test-story.md:2: title: error: is 3,000 characters long; at most 1,000 are allowed",
        ),
        (
            "stories/test-story.md",
            STORY.replace("title: A test story", "title: " + "x" * 10 * 1024 * 1024),
            "content/stories/test-story.md: error: file is 10.0 MB; content files may be at most 2 MB",
        ),
    ],
    ids=[
        "alias-bomb",
        "deep-flow-list",
        "deep-flow-mapping",
        "deep-front-matter",
        "deep-block-list",
        "huge-integer",
        "huge-date",
        "list-as-key",
        "escaped-control-character",
        "control-character-in-body",
        "control-character-in-list",
        "long-title",
        "ten-megabyte-title",
    ],
)
def test_bad_yaml_gets_one_clear_line(
    write_content: WriteContent,
    tmp_path: Path,
    name: str,
    text: str,
    expected: str,
    yaml_loader: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_content({**GOOD_FILE_MISTAKE, name: text})
    if yaml_loader == "LIBYAML_LOADER":
        # In a subprocess: a crash of the C parser must not take the test run with it.
        assert unreported(check(tmp_path), expected) == []
        return
    # PyYAML's Python parser cannot crash the interpreter: checked in this process.
    monkeypatch.setattr(documents, "LOADER", documents.PYTHON_LOADER)
    monkeypatch.chdir(tmp_path)
    status = cli.main(["check"])
    out, err = capsys.readouterr()
    assert unreported(subprocess.CompletedProcess(["check"], status, out, err), expected) == []


def _plant(kind: str, stories: Path, outside: Path) -> None:
    target = stories / "odd.md"
    if kind == "dangling-link":
        target.symlink_to(stories / "gone.md")
    elif kind == "link-loop":
        target.symlink_to(stories / "odd2.md")
        (stories / "odd2.md").symlink_to(target)
    elif kind == "link-out-of-content":
        secret = outside / "secret.md"
        secret.write_text(STORY, encoding="utf-8")
        target.symlink_to(secret)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "link-to-folder":
        target.symlink_to(stories.parent / "entities", target_is_directory=True)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("dangling-link", "content/stories/odd.md: error: a link to a file that does not exist"),
        ("link-loop", "content/stories/odd.md: error: a link that leads round in a loop"),
        ("link-out-of-content", "content/stories/odd.md: error: a link to a file outside the content folder"),
        ("fifo", "content/stories/odd.md: error: not an ordinary file"),
        ("link-to-folder", "content/stories/odd.md: error: a link to a folder"),
    ],
)
def test_files_that_are_not_ordinary_files_are_reported_never_opened(
    write_content: WriteContent, tmp_path: Path, kind: str, expected: str
) -> None:
    root = write_content(GOOD_FILE_MISTAKE)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    _plant(kind, root / "stories", outside)
    assert unreported(check(tmp_path), expected) == []


def test_a_link_inside_content_to_an_ordinary_file_is_read(
    write_content: WriteContent, tmp_path: Path
) -> None:
    root = write_content()
    (root / "stories/alias-story.md").symlink_to(root / "stories/test-story.md")
    content, problems = check_content(root, tmp_path)
    assert "alias-story" in content.stories, [str(p) for p in problems]


def test_stories_folder_that_is_a_file(write_content: WriteContent, tmp_path: Path) -> None:
    root = write_content(GOOD_FILE_MISTAKE, story=None)
    (root / "stories").write_text("not a folder", encoding="utf-8")
    assert (
        unreported(check(tmp_path), "content/stories: error: expected a folder of story files, found a file")
        == []
    )


def test_outlets_file_that_leaves_content(write_content: WriteContent, tmp_path: Path) -> None:
    root = write_content(GOOD_FILE_MISTAKE)
    elsewhere = tmp_path / "outlets.yml"
    elsewhere.write_text((root / "outlets.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "outlets.yml").unlink()
    (root / "outlets.yml").symlink_to(elsewhere)
    assert (
        unreported(check(tmp_path), "content/outlets.yml: error: a link to a file outside the content folder")
        == []
    )


def test_unreadable_file_is_one_problem(
    write_content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who can read anything: the refusal is simulated.
    root = write_content(GOOD_FILE_MISTAKE)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "alpha.yml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    _, problems = check_content(root, tmp_path)
    lines = [str(p) for p in problems]
    assert "content/entities/alpha.yml: error: cannot read the file: Permission denied" in lines
    assert GOOD_FILE_MESSAGE in lines


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_absurd_years_warn_and_still_build(write_content: WriteContent, tmp_path: Path, year: str) -> None:
    story = STORY.replace("published: 2025-09-03T10:00:00+00:00", f"published: {year}-01-01T00:30:00+05:00")
    source = "---\ntitle: It happened again\noutlet: daily\npublished: " + year + "-12-31\n---\n"
    root = write_content({"sources/paper-two.md": source}, story=story)
    content, problems = check_content(root, tmp_path)
    lines = [str(p) for p in problems]
    assert (
        f"content/stories/test-story.md:3: published: warning: the year {int(year)} looks like a typing mistake; check the date"
        in lines
    )
    assert not [p for p in problems if p.is_error], lines
    # Every page and feed still renders: no overflow converting far dates to UTC.
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    published = without_held(content, find_held(content, now))
    site = SiteInfo("Test", "https://example.org/")
    pages = render_site(published, site)
    assert any(page.path.startswith("stories/test-story") for page in pages) == (
        year == "0001"
    )  # 9999: embargoed
    feeds = render_feeds(published, site)
    assert feeds and all(feed.text.startswith("<?xml") for feed in feeds)


def test_alias_bomb_is_refused_without_expanding() -> None:
    # Direct: the loader returns no value at all, so nothing downstream can expand it.
    value, lines, problems = load_yaml_text(ALIAS_BOMB, "x.yml")
    assert value is None and lines == {}
    assert [p.message for p in problems] == [
        "YAML aliases (*name) are not allowed in content files: write the value out in full"
    ]
