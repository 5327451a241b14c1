"""Every example in the editors' guide passes papertrail check, as the guide promises."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from PIL import Image

from tests.conftest import ROOT, run_cli

GUIDE = ROOT / "docs" / "editors.md"
FENCE = re.compile(r'^```(\w+)(?: title="([^"]+)")?\n(.*?)^```$', re.M | re.S)


def blocks() -> list[tuple[str, str | None, str]]:
    return [(m.group(1), m.group(2), m.group(3)) for m in FENCE.finditer(GUIDE.read_text(encoding="utf-8"))]


def papertrail(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(cwd, *args)


def write_example(root: Path) -> list[str]:
    written = []
    for _, title, text in blocks():
        if title and title.startswith("content/"):
            path = root / title
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(title)
    # The pictures images.yml names: the guide shows their entries, not their files.
    for name in re.findall(
        r"^  file: (\S+)$", (root / "content/images.yml").read_text(encoding="utf-8"), re.M
    ):
        (root / "content/images").mkdir(exist_ok=True)
        Image.new("RGB", (1600, 900), "#2a6f97").save(root / "content/images" / name)
    return written


def test_worked_example_passes_check_without_any_problem(tmp_path: Path) -> None:
    written = write_example(tmp_path)
    assert {p.split("/")[1] for p in written} >= {
        "outlets.yml",
        "sources",
        "entities",
        "questions",
        "stories",
        "images.yml",
    }
    result = papertrail(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == "checked 1 stories, 2 entities, 1 questions, 1 sources, 1 outlets: no problems"
    )


def test_correction_example_fits_a_story(tmp_path: Path) -> None:
    write_example(tmp_path)
    (snippet,) = [
        text for lang, title, text in blocks() if lang == "yaml" and title is None and "corrections:" in text
    ]
    story = tmp_path / "content/stories/kim-jong-un-arrives-in-beijing.md"
    text = story.read_text(encoding="utf-8").replace("papers:", snippet.rstrip("\n") + "\npapers:", 1)
    story.write_text(
        text.replace("summary:", "updated: 2025-09-05T10:00:00+00:00\nsummary:", 1), encoding="utf-8"
    )
    result = papertrail(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("no problems")


def test_new_commands_in_the_guide_write_files_that_pass(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/outlets.yml").write_text("daily:\n  name: The Daily\n", encoding="utf-8")
    commands = [
        shlex.split(line)[1:]
        for _, _, text in blocks()
        for line in text.splitlines()
        if line.startswith(".venv/bin/papertrail new ")
    ]
    assert len(commands) == 3
    for args in commands:
        result = papertrail(tmp_path, *args)
        assert result.returncode == 0, result.stderr
    # The entity's summary is the one placeholder an undrafted skeleton holds: written, it passes.
    for entity in (tmp_path / "content/entities").glob("*.yml"):
        text = entity.read_text(encoding="utf-8")
        entity.write_text(re.sub(r"summary: Who or what .*", "summary: Someone.", text), encoding="utf-8")
    result = papertrail(tmp_path, "check")
    assert result.returncode == 0, result.stderr
