"""`papertrail check`, run as editors run it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_CONTENT, STORY, WriteContent


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "papertrail.cli", "check", *args], cwd=cwd, capture_output=True, text=True
    )


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
        f"content/stories/kim-jong-un-beijing-military-parade.md:{line}: papers[1].source: unknown source 'japan-times-x'"
        in result.stderr.splitlines()
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
    assert errors[0].startswith("content/entities/alpha.yml:1: not UTF-8 text")
    assert errors[1] == "content/questions/why.md: file is empty"
    assert errors[2].startswith("content/stories/test-story.md:")
    assert "malformed YAML" in errors[2]
