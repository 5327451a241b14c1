"""`papertrail check`, run as editors run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_CONTENT, STORY, WriteContent, run_cli


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(cwd, "check", *args)


def test_clean_content_exits_0_with_one_line_summary(write_content: WriteContent, tmp_path: Path) -> None:
    write_content()
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "checked 1 stories, 1 entities, 1 questions, 2 sources, 1 outlets: no problems"
    ]


def test_broken_reference_names_file_field_and_reason(tmp_path: Path) -> None:
    shutil.copytree(SEED_CONTENT, tmp_path / "content")
    story = tmp_path / "content/stories/kim-jong-un-beijing-military-parade.md"
    text = story.read_text(encoding="utf-8").replace(
        "source: japan-times-kim-china-friendship", "source: japan-times-x"
    )
    story.write_text(text, encoding="utf-8")
    line = text.splitlines().index("- source: japan-times-x") + 1
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert (
        f"content/stories/kim-jong-un-beijing-military-parade.md:{line}: papers[1].source: error: unknown source 'japan-times-x': "
        "did you mean 'japan-times-kim-china-friendship'?" in result.stderr.splitlines()
    )
    assert ": 1 error, " in result.stdout.splitlines()[-1]


def test_every_broken_file_is_listed_without_traceback(write_content: WriteContent, tmp_path: Path) -> None:
    write_content(
        {
            "stories/test-story.md": STORY.replace("title: A test story", "title: [oops"),
            "entities/alpha.yml": b"\xff\xfe not utf-8",
            "questions/why.md": "",
        }
    )
    result = run_check(tmp_path, "--content", "content")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert errors[0].startswith("content/entities/alpha.yml:1: error: not UTF-8 text")
    assert errors[1] == "content/questions/why.md: error: file is empty"
    assert errors[2].startswith("content/stories/test-story.md:")
    assert "malformed YAML" in errors[2]


def test_check_named_files_shows_only_their_problems(write_content: WriteContent, tmp_path: Path) -> None:
    write_content(
        {
            "stories/test-story.md": STORY.replace("entities: [alpha]", "entities: [alpha, nobody]"),
            "questions/why.md": "---\ntitle: Why?\nentities: [ghost]\n---\n\nBecause Alpha said so.\n",
        }
    )
    result = run_check(tmp_path, "content/stories/test-story.md")
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert [e.split(":")[0] for e in errors] == ["content/stories/test-story.md"]
    assert "unknown entity 'nobody'" in errors[0]
    assert result.stdout.splitlines()[-1] == "checked content/stories/test-story.md: 1 error, 0 warnings"
    # The question's problem is there when it is named, or when nothing is.
    assert "ghost" in run_check(tmp_path, "content/questions/why.md").stderr
    assert "ghost" in run_check(tmp_path).stderr


def test_ls_lists_ids_with_titles_and_filters_them(write_content: WriteContent, tmp_path: Path) -> None:
    write_content()
    ls = [sys.executable, "-m", "papertrail.tools.cli", "ls"]
    listed = subprocess.run([*ls, "entities"], cwd=tmp_path, capture_output=True, text=True)
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == ["alpha\tAlpha Person (person)"]
    everything = subprocess.run(ls, cwd=tmp_path, capture_output=True, text=True).stdout.splitlines()
    for header in ("# stories", "# entities", "# questions", "# sources", "# outlets"):
        assert header in everything
    assert "test-story\tA test story (2025-09-03)" in everything
    found = subprocess.run([*ls, "sources", "--grep", "AGAIN"], cwd=tmp_path, capture_output=True, text=True)
    assert found.stdout.splitlines() == ["paper-two\tdaily: It happened again"]


def test_a_named_file_or_id_that_does_not_exist_is_said_not_passed(tmp_path: Path) -> None:
    shutil.copytree(SEED_CONTENT, tmp_path / "content")
    (tmp_path / "README.md").write_text("not content\n")
    story = "kim-jong-un-beijing-military-parade"
    for name, expected in [
        ("content/stories/no-such-story.md", "error: content/stories/no-such-story.md: no such file or id"),
        (story[:-1], f"error: {story[:-1]}: no such file or id; did you mean '{story}'?"),
        ("README.md", "error: README.md: not a content file"),
    ]:
        result = run_check(tmp_path, name)
        assert result.returncode == 2, (name, result.stdout)
        assert result.stderr.splitlines()[0].startswith(expected), result.stderr
        assert "0 errors" not in result.stdout
    # An id is as good as its file; a folder stands for the files in it.
    by_id, by_file = run_check(tmp_path, story), run_check(tmp_path, f"content/stories/{story}.md")
    assert by_id.returncode == by_file.returncode == 0
    assert by_id.stdout == by_file.stdout and f"checked content/stories/{story}.md:" in by_id.stdout
    written = tmp_path / "content" / "stories" / f"{story}.md"
    written.write_text(written.read_text(encoding="utf-8").replace("\nby:", "\nwas_by:", 1), encoding="utf-8")
    folder = run_check(tmp_path, "content/stories/")  # the story's unknown field is in the folder's list
    assert folder.returncode == 1 and f"content/stories/{story}.md" in folder.stdout


def test_a_pinned_time_that_is_not_a_time_gets_one_line(write_content: WriteContent, tmp_path: Path) -> None:
    write_content()
    result = subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PAPERTRAIL_NOW": "next tuesday"},
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "error: PAPERTRAIL_NOW='next tuesday' is not a time: set it like 2025-09-03T09:30:00+00:00, "
        "or unset it to judge drafts and embargoes by the clock"
    ]
